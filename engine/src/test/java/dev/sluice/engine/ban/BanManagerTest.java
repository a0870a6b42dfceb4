package dev.sluice.engine.ban;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.engine.output.AlertEvent;
import dev.sluice.signatures.classify.ClassificationConfig;
import dev.sluice.signatures.vars.SluiceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counting and queueing of {@link BanManager} with a fake clock and a recording stand-in for
 * nft (the real nft in a namespace is {@link BanInNamespaceTest}).
 */
class BanManagerTest {
    static final String RECON = "Attempted Information Leak";

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private BanManager bans;
    private Path log;

    @AfterEach
    void stop() {
        if (bans != null) {
            bans.close();
        }
    }

    /** An alert record of {@code sid} and class description {@code category} from {@code src}. */
    static AlertEvent alert(String src, long sid, String category, long micros) {
        return AlertEvent.builder().time(1_700_000_000L, (int) micros).proto(6).src(src, 40000).dst("192.0.2.1", 80)
                .alert(AlertEvent.Alert.ALLOWED, 1, sid, 1, "test rule " + sid, category, 2).build();
    }

    /** The drop record that follows {@code a} when its rule dropped the packet inline. */
    static AlertEvent dropOf(AlertEvent a) {
        return AlertEvent.builder().type(AlertEvent.Type.DROP).time(a.tsSeconds(), a.tsMicros()).proto(6)
                .src(a.srcIp(), a.srcPort()).dst(a.dstIp(), a.dstPort()).alert(a.alert()).build();
    }

    static BanSettings settings(int maxTracked, BanPolicy... policies) {
        return new BanSettings("sluice", List.of(policies), List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("192.0.2.0/24")),
                maxTracked, 100);
    }

    /** A manager whose nft appends its arguments and input to {@code nft.log}; exits {@code exit}. */
    private BanManager start(BanSettings s, int exit, boolean own) throws Exception {
        log = dir.resolve("nft.log");
        Path fake = dir.resolve("fake-nft");
        Files.writeString(fake, "#!/bin/sh\n"
                + "echo \"ARGS $*\" >> '" + log + "'\n"
                + "if [ \"$1\" = -f ]; then cat >> '" + log + "'; fi\n"
                + "case \"$1\" in list) exit 0;; -j) exit 1;; esac\n"
                + (exit == 0 ? "exit 0\n" : "echo 'Error: Could not process rule: No such file or directory' >&2\necho 'more detail' >&2\nexit " + exit + "\n"));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        bans = new BanManager(s, List.of(fake.toString()), clock::get,
                new PrintStream(errBytes, true, StandardCharsets.UTF_8), a -> own);
        return bans;
    }

    private String nftLog() throws Exception {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean within(long millis, BooleanSupplier check) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!check.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Feeds events, then waits until the ban thread has handled what they queued. */
    private void feed(AlertEvent... events) throws Exception {
        for (AlertEvent e : events) {
            bans.accept(e);
        }
        // A lift goes through the same queue: once it is answered, every earlier ban was run.
        bans.lift("198.51.100.254");
    }

    @Test
    void fiveScanAlertsWithinAMinuteBanTheSource() throws Exception {
        start(settings(100, new BanPolicy("scanners", 0, "attempted-recon", RECON, 5, 60, 600)), 0, false);
        for (int i = 0; i < 4; i++) {
            clock.addAndGet(10_000);
            feed(alert("203.0.113.7", 100 + i, RECON, i));
        }
        assertFalse(nftLog().contains("add element"), nftLog());
        assertEquals(0, bans.stats().banned());
        clock.addAndGet(10_000);
        feed(alert("203.0.113.7", 200, RECON, 9));
        assertTrue(nftLog().contains("ARGS -f -\nadd element inet sluice ban4 { 203.0.113.7 timeout 600s }\n"), nftLog());
        assertEquals(1, bans.stats().banned());
        assertTrue(err().contains("sluice: banned 203.0.113.7 for 600 s: policy scanners, 5 alert(s) within 60 s, last sid 200 ("
                + RECON + ")"), err());
        // Its later alerts (packets queued before the ban took hold) do not ban it again.
        for (int i = 0; i < 10; i++) {
            bans.accept(alert("203.0.113.7", 200, RECON, 20 + i));
        }
        feed();
        assertEquals(1, nftLog().split("add element", -1).length - 1);
        assertEquals(1, bans.stats().active());
    }

    @Test
    void alertsSpreadBeyondTheWindowDoNotBan() throws Exception {
        start(settings(100, new BanPolicy("p", 0, "attempted-recon", RECON, 3, 60, 600)), 0, false);
        for (int i = 0; i < 10; i++) {
            clock.addAndGet(31_000); // two per window at most
            feed(alert("203.0.113.8", 1, RECON, i));
        }
        assertFalse(nftLog().contains("add element"), nftLog());
    }

    @Test
    void otherRulesAndOtherClassesDoNotCount() throws Exception {
        start(settings(100, new BanPolicy("sid", 2001219, null, null, 2, 60, 600),
                new BanPolicy("recon", 0, "attempted-recon", RECON, 2, 60, 600)), 0, false);
        feed(alert("203.0.113.9", 5, "Misc activity", 1), alert("203.0.113.9", 6, null, 2),
                alert("203.0.113.9", 2001219, "Misc activity", 3), alert("203.0.113.10", 7, RECON, 4));
        assertFalse(nftLog().contains("add element"), nftLog());
        feed(alert("203.0.113.9", 2001219, "Misc activity", 5));
        assertTrue(nftLog().contains("{ 203.0.113.9 timeout 600s }"), nftLog());
        assertFalse(nftLog().contains("203.0.113.10 timeout"), nftLog());
    }

    @Test
    void aDroppedPacketsAlertAndDropRecordCountOnce() throws Exception {
        start(settings(100, new BanPolicy("p", 7, null, null, 2, 60, 600)), 0, false);
        AlertEvent a = alert("203.0.113.11", 7, null, 1);
        feed(a, dropOf(a));
        assertFalse(nftLog().contains("add element"), "one packet is one alert: " + nftLog());
        AlertEvent b = alert("203.0.113.11", 7, null, 2);
        feed(dropOf(b)); // a drop record alone (its alert suppressed) counts
        assertTrue(nftLog().contains("{ 203.0.113.11 timeout 600s }"), nftLog());
    }

    @Test
    void ignoredLoopbackAndOwnAddressesAreNeverBanned() throws Exception {
        start(settings(100, new BanPolicy("p", 7, null, null, 1, 60, 600)), 0, false);
        feed(alert("127.0.0.1", 7, null, 1), alert("192.0.2.77", 7, null, 2), alert("not-an-address", 7, null, 3));
        assertFalse(nftLog().contains("add element"), nftLog());
        bans.close();
        start(settings(100, new BanPolicy("p", 7, null, null, 1, 60, 600)), 0, true);
        feed(alert("203.0.113.12", 7, null, 1));
        assertFalse(nftLog().contains("add element"), nftLog());
        assertEquals(1, bans.stats().ownAddress());
        assertTrue(err().contains("not banning 203.0.113.12, an address of this host"), err());
    }

    @Test
    void anIpv6SourceGoesToBan6AsNftWritesIt() throws Exception {
        start(settings(100, new BanPolicy("p", 7, null, null, 1, 60, 30)), 0, false);
        feed(alert("2001:0db8:0000:0000:0000:0000:0000:0042", 7, null, 1));
        assertTrue(nftLog().contains("add element inet sluice ban6 { 2001:db8::42 timeout 30s }"), nftLog());
        assertEquals("2001:db8::42", bans.list().get(0).address(), "own view when nft cannot list");
        assertEquals("p", bans.list().get(0).policy());
        assertEquals(30, bans.list().get(0).expiresInSeconds());
        // What the control socket sends.
        assertEquals("[{\"address\":\"2001:db8::42\",\"expiresInSeconds\":30,\"policy\":\"p\",\"sid\":7,\"classification\":null}]",
                new ObjectMapper().writeValueAsString(bans.list()));
        assertEquals("{\"address\":\"2001:db8::9\",\"lifted\":true}", new ObjectMapper().writeValueAsString(bans.lift("2001:db8::9")));
        clock.addAndGet(30_000);
        assertEquals(List.of(), bans.list(), "expired");
    }

    @Test
    void aRefusedBanIsOneLineAndCounted() throws Exception {
        start(settings(100, new BanPolicy("p", 7, null, null, 1, 60, 600)), 1, false);
        feed(alert("203.0.113.13", 7, null, 1));
        assertEquals(1, bans.stats().failed());
        List<String> lines = err().lines().filter(l -> l.contains("could not ban")).toList();
        assertEquals(List.of("sluice: bans: could not ban 203.0.113.13: Error: Could not process rule: No such file or directory"
                + " (1 failed so far)"), lines);
        assertEquals(0, bans.stats().active(), "a failed ban is not kept as active");
        // So the next offence tries again.
        bans.accept(alert("203.0.113.13", 7, null, 2));
        assertTrue(within(5_000, () -> bans.stats().failed() == 2));
    }

    @Test
    void aFloodOfDistinctSourcesKeepsTheCountersBounded() throws Exception {
        start(settings(500, new BanPolicy("p", 7, null, null, 5, 3600, 600)), 0, false);
        for (int i = 0; i < 100_000; i++) {
            bans.accept(alert("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 7, null, 1));
        }
        assertEquals(500, bans.stats().tracked());
        feed();
        assertFalse(nftLog().contains("add element"));
    }

    @Test
    void fromConfigStartsAManagerWhenBansAreEnabled() throws Exception {
        SluiceConfig cfg = SluiceConfig.parse("bans: {enabled: yes, set: t1, policies: [{classtype: attempted-recon, count: 2, seconds: 9}]}",
                "sluice.yaml", dir);
        bans = BanManager.fromConfig(cfg, ClassificationConfig.defaults());
        assertEquals("t1", bans.settings().table());
        assertEquals(RECON, bans.settings().policies().get(0).category());
        assertEquals(new BanManager.Stats(0, 0, 0, 0, 0, 0), bans.stats());
    }

    @Test
    void liftRefusesWhatIsNotAnAddress() throws Exception {
        start(settings(100, new BanPolicy("p", 7, null, null, 1, 60, 600)), 0, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bans.lift("example.org"));
        assertEquals("not an IP address: 'example.org'", e.getMessage());
        assertEquals(new BanManager.LiftResult("2001:db8::1", true), bans.lift("2001:DB8:0::1"));
        assertTrue(nftLog().contains("ARGS delete element inet sluice ban6 { 2001:db8::1 }"), nftLog());
    }
}
