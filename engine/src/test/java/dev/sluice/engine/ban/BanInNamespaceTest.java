package dev.sluice.engine.ban;

import dev.sluice.capture.netns.NetNs;
import dev.sluice.engine.output.AlertEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link BanManager} against the real nft in a server namespace joined to a client namespace by a
 * veth pair: a ban lands in the set, the kernel drops the banned source's connections while another
 * source of the same client still gets through, lift lets it back in, and a short ban expires.
 */
class BanInNamespaceTest {
    private static final String SERVER4 = "10.79.0.2";
    private static final String BAD4 = "10.79.0.1";
    private static final String GOOD4 = "10.79.0.3";
    private static final String SERVER6 = "fd79::2";
    private static final String BAD6 = "fd79::1";
    private static final String GOOD6 = "fd79::3";
    private static final int PORT = 8080;
    private static final String RECON = "Attempted Information Leak";

    /** The bans table sluice-iptables makes, reduced to what the kernel needs to drop banned sources. */
    private static final String TABLE = """
            table inet sluice {
              set ban4 { type ipv4_addr; flags timeout; }
              set ban6 { type ipv6_addr; flags timeout; }
              chain bans {
                type filter hook prerouting priority -300; policy accept;
                ip saddr @ban4 drop
                ip6 saddr @ban6 drop
              }
            }
            """;

    private static final String LISTENER = """
            import socket, sys, threading
            s = socket.socket(socket.AF_INET6)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            s.bind(("::", int(sys.argv[1])))
            s.listen(16)
            print("ready", flush=True)
            while True:
                c, _ = s.accept()
                c.sendall(b"hi\\n")
                c.close()
            """;

    /** argv: source destination port; prints OK or ERR. */
    private static final String CONNECT = """
            import socket, sys
            fam = socket.AF_INET6 if ":" in sys.argv[2] else socket.AF_INET
            s = socket.socket(fam)
            s.settimeout(0.8)  # below the first SYN retransmission (1 s): one SYN, seen or dropped
            try:
                s.bind((sys.argv[1], 0))
                s.connect((sys.argv[2], int(sys.argv[3])))
                s.settimeout(10)  # the handshake is the kernel's; the greeting waits for the listener
                print("OK" if s.recv(3) == b"hi\\n" else "ERR short", flush=True)
            except Exception as e:
                print("ERR", type(e).__name__, flush=True)
            """;

    private NetNs server;
    private NetNs client;
    private Process listener;
    private BanManager bans;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void namespaces() throws Exception {
        boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Uid:")).anyMatch(l -> l.split("\\s+")[1].equals("0"));
        assumeTrue(root, "the namespace tests need root");
        assumeTrue(onPath("nft"), "nft is not installed (Debian: nftables)");
        server = NetNs.createUnique("bns");
        client = NetNs.createUnique("bnc");
        String tag = Long.toHexString(System.nanoTime() & 0xffffffL);
        server.linkTo(client, "bs" + tag, SERVER4 + "/24", "bc" + tag, BAD4 + "/24");
        client.exec("ip", "addr", "add", GOOD4 + "/24", "dev", "bc" + tag);
        server.exec("ip", "-6", "addr", "add", SERVER6 + "/64", "dev", "bs" + tag, "nodad");
        client.exec("ip", "-6", "addr", "add", BAD6 + "/64", "dev", "bc" + tag, "nodad");
        client.exec("ip", "-6", "addr", "add", GOOD6 + "/64", "dev", "bc" + tag, "nodad");
        Process nft = server.start("nft", "-f", "-");
        nft.getOutputStream().write(TABLE.getBytes(StandardCharsets.UTF_8));
        nft.getOutputStream().close();
        assertTrue(nft.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, nft.exitValue(), () -> new String(readQuietly(nft), StandardCharsets.UTF_8));
        listener = server.start("python3", "-u", "-c", LISTENER, String.valueOf(PORT));
        BufferedReader out = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                return "ERR " + e;
            }
        }).get(10, TimeUnit.SECONDS);
        assertEquals("ready", line);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (bans != null) {
            bans.close();
        }
        if (listener != null) {
            listener.destroyForcibly();
            listener.waitFor(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
        if (client != null) {
            client.close();
        }
    }

    private static byte[] readQuietly(Process p) {
        try {
            return p.getErrorStream().readAllBytes();
        } catch (java.io.IOException e) {
            return new byte[0];
        }
    }

    private static boolean onPath(String name) {
        for (String d : (System.getenv("PATH") + ":/usr/sbin:/sbin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }

    private BanManager start(long timeoutSeconds) {
        BanSettings s = new BanSettings("sluice",
                List.of(new BanPolicy("scanners", 0, "attempted-recon", RECON, 3, 60, timeoutSeconds)),
                List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128")), 1000, 1000);
        bans = new BanManager(s, List.of("ip", "netns", "exec", server.name(), "nft"),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return bans;
    }

    /** Three recon alerts from {@code src}, formatted as the outputs format addresses. */
    private void offend(String src) {
        for (int i = 0; i < 3; i++) {
            bans.accept(AlertEvent.builder().time(1_700_000_000L, i).proto(6).src(src, 40000 + i).dst(SERVER4, PORT)
                    .alert(AlertEvent.Alert.ALLOWED, 1, 2001219, 1, "scan", RECON, 2).build());
        }
    }

    private String set(String name) throws Exception {
        return server.exec("nft", "list", "set", "inet", "sluice", name);
    }

    private String connect(String src, String dst) throws Exception {
        return NetNs.run(Duration.ofSeconds(20), "ip", "netns", "exec", client.name(), "python3", "-c", CONNECT, src, dst,
                String.valueOf(PORT)).strip();
    }

    private static boolean within(long millis, Check check) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!check.ok()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    @Test
    void aBannedSourceIsDroppedByTheKernelUntilItIsLifted() throws Exception {
        start(600);
        assertEquals("OK", connect(BAD4, SERVER4), "before the ban");
        offend(BAD4);
        assertTrue(within(10_000, () -> set("ban4").contains(BAD4)), () -> "not banned: " + err);
        assertTrue(connect(BAD4, SERVER4).startsWith("ERR TimeoutError"), "the banned source's SYN is dropped");
        assertEquals("OK", connect(GOOD4, SERVER4), "another source still gets through");

        List<BanManager.Ban> list = bans.list();
        assertEquals(1, list.size(), list::toString);
        BanManager.Ban b = list.get(0);
        assertEquals(BAD4, b.address());
        assertEquals("scanners", b.policy());
        assertEquals(2001219, b.sid());
        assertEquals(RECON, b.classification());
        assertTrue(b.expiresInSeconds() > 550 && b.expiresInSeconds() <= 600, b::toString);

        assertEquals(new BanManager.LiftResult(BAD4, true), bans.lift(BAD4));
        assertFalse(set("ban4").contains(BAD4));
        assertEquals("OK", connect(BAD4, SERVER4), "lifted");
        assertEquals(new BanManager.LiftResult(BAD4, false), bans.lift(BAD4));
        assertEquals(List.of(), bans.list());
        assertEquals(1, bans.stats().banned());
        assertEquals(0, bans.stats().failed());
    }

    @Test
    void anIpv6SourceIsBannedInBan6() throws Exception {
        start(600);
        assertEquals("OK", connect(BAD6, SERVER6), "before the ban");
        // The outputs write IPv6 uncompressed; nft stores and lists it compressed.
        offend("fd79:0000:0000:0000:0000:0000:0000:0001");
        assertTrue(within(10_000, () -> set("ban6").contains(BAD6)), () -> "not banned: " + err);
        assertTrue(connect(BAD6, SERVER6).startsWith("ERR TimeoutError"), "the banned source's SYN is dropped");
        assertEquals("OK", connect(GOOD6, SERVER6), "another source still gets through");
        assertEquals(List.of(BAD6), bans.list().stream().map(BanManager.Ban::address).toList());
        assertTrue(bans.lift(BAD6).lifted());
        assertEquals("OK", connect(BAD6, SERVER6), "lifted");
    }

    @Test
    void aShortBanExpiresByItself() throws Exception {
        start(3);
        offend(BAD4);
        assertTrue(within(10_000, () -> set("ban4").contains(BAD4)), () -> "not banned: " + err);
        assertTrue(connect(BAD4, SERVER4).startsWith("ERR TimeoutError"), "banned");
        assertTrue(within(8_000, () -> !set("ban4").contains(BAD4)), "the kernel lifts the ban after its timeout");
        assertEquals("OK", connect(BAD4, SERVER4), "expired");
        assertEquals(List.of(), bans.list());
        // After the ban, the source is counted afresh: three more alerts ban it again.
        offend(BAD4);
        assertTrue(within(10_000, () -> set("ban4").contains(BAD4)), () -> "banned again: " + err);
        assertEquals(2, bans.stats().banned());
    }

    @Test
    void withoutTheTableBansFailWithOneLineEach() throws Exception {
        server.exec("nft", "delete", "table", "inet", "sluice");
        start(600);
        offend(BAD4);
        assertTrue(within(10_000, () -> bans.stats().failed() == 1), () -> "no failure: " + err);
        List<String> lines = new ArrayList<>(err.toString(StandardCharsets.UTF_8).lines().toList());
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("sluice: bans: nft table inet sluice has no set ban4"), lines.get(0));
        assertEquals("sluice: bans: could not ban 10.79.0.1: Error: No such file or directory (1 failed so far)", lines.get(1));
        assertEquals("OK", connect(BAD4, SERVER4));
    }
}
