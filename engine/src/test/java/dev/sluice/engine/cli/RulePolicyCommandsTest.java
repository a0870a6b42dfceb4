package dev.sluice.engine.cli;

import dev.sluice.engine.ctl.ControlServer;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.vars.SluiceConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sluice.engine.cli.PcapCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code sluice rules show}, {@code sluice rules flip} and the rule policy in {@code rules check},
 * on ET Open's emerging-scan.rules with a sluice.yaml in a temp folder.
 */
class RulePolicyCommandsTest {
    private static final Path SCAN = Path.of("/work/shared/corpus/et-open/emerging-scan.rules");
    /** An ordinary alert rule of emerging-scan.rules: "ET SCAN Potential SSH Scan". */
    private static final String SSH_SCAN = "2001219";
    /** flowbits:set,ET.XMLRPC.PHP; flowbits:noalert. */
    private static final String FLOWBIT_SETTER = "2018754";

    @TempDir
    Path dir;
    Path cfg;
    Path drop;

    @BeforeEach
    void config() throws Exception {
        assumeTrue(Files.isReadable(SCAN), "ET Open corpus not present");
        cfg = dir.resolve("sluice.yaml");
        Files.writeString(cfg, "rule-policy:\n  drop: drop.conf\n");
        drop = dir.resolve("drop.conf");
    }

    private PcapCommandTest.Run rules(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "rules";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "-c";
        all[args.length + 2] = cfg.toString();
        all[args.length + 3] = "-S";
        all[args.length + 4] = SCAN.toString();
        return run(all);
    }

    @Test
    void flipAndShowRoundTripThroughDropConf() throws Exception {
        PcapCommandTest.Run show = rules("show", "--sid", SSH_SCAN);
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("sid 2001219 rev "), show.out());
        assertTrue(show.out().contains("ET SCAN Potential SSH Scan"), show.out());
        assertTrue(show.out().contains("  action: alert\n"), show.out());
        assertTrue(show.out().contains("  at: " + SCAN + ":"), show.out());
        assertTrue(show.out().contains("  drop.conf: not selected"), show.out());
        assertTrue(show.out().contains("  noalert flowbit setter: no"), show.out());

        PcapCommandTest.Run flip = rules("flip", "--sid", SSH_SCAN, "--no-reload");
        assertEquals(0, flip.exit(), flip.err());
        List<String> lines = Files.readAllLines(drop);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("# flipped by sluice rules flip on 20"), lines.get(0));
        assertEquals(SSH_SCAN, lines.get(1));

        show = rules("show", "--sid", SSH_SCAN);
        assertTrue(show.out().contains("  action: drop\n"), show.out());
        assertTrue(show.out().contains("  dropped by " + drop + ":2: 2001219"), show.out());
        assertTrue(show.out().contains("  rule: drop tcp "), show.out());

        PcapCommandTest.Run again = rules("flip", "--sid", SSH_SCAN, "--no-reload");
        assertEquals(0, again.exit());
        assertTrue(again.out().contains("already dropped by"), again.out());
        assertEquals(2, Files.readAllLines(drop).size(), "no second entry");

        PcapCommandTest.Run back = rules("flip", "--sid", SSH_SCAN, "--to", "alert", "--no-reload");
        assertEquals(0, back.exit(), back.err());
        assertEquals("", Files.readString(drop).strip(), "the sid and its flip comment are gone");
        show = rules("show", "--sid", SSH_SCAN);
        assertTrue(show.out().contains("  action: alert\n"), show.out());
    }

    @Test
    void flipRefusesANoalertFlowbitSetter() {
        PcapCommandTest.Run flip = rules("flip", "--sid", FLOWBIT_SETTER, "--no-reload");
        assertEquals(1, flip.exit());
        assertTrue(flip.err().contains("sid 2018754 sets flowbits with noalert"), flip.err());
        assertTrue(flip.err().contains("a drop would cut the flows that later rules inspect"), flip.err());
        assertFalse(Files.exists(drop), "drop.conf not created");
        PcapCommandTest.Run show = rules("show", "--sid", FLOWBIT_SETTER);
        assertTrue(show.out().contains("  noalert flowbit setter: yes"), show.out());
    }

    @Test
    void flipToAlertNamesTheOtherLineThatStillDropsTheRule() throws Exception {
        Files.writeString(drop, "group:emerging-scan.rules\n" + SSH_SCAN + "\n");
        PcapCommandTest.Run flip = rules("flip", "--sid", SSH_SCAN, "--to", "alert", "--no-reload");
        assertEquals(1, flip.exit());
        assertTrue(flip.err().contains("sid 2001219 is also dropped by " + drop + ":1: group:emerging-scan.rules"), flip.err());
        assertEquals("group:emerging-scan.rules\n" + SSH_SCAN + "\n", Files.readString(drop), "drop.conf unchanged");
    }

    @Test
    void flipWithoutADropKeyNamesTheKeyToAdd() throws Exception {
        Files.writeString(cfg, "vars: {}\n");
        PcapCommandTest.Run flip = rules("flip", "--sid", SSH_SCAN, "--no-reload");
        assertEquals(2, flip.exit());
        assertTrue(flip.err().startsWith("sluice: " + cfg + ": names no drop file"), flip.err());
        assertTrue(flip.err().contains("rule-policy.drop"), flip.err());
        assertEquals(1, flip.err().strip().split("\n").length, "one line: " + flip.err());
    }

    @Test
    void flipWithNoEngineListeningSaysTheChangeAppliesAtNextStart() throws Exception {
        Path sock = dir.resolve("nobody.sock");
        PcapCommandTest.Run flip = rules("flip", "--sid", SSH_SCAN, "--socket", sock.toString());
        assertEquals(0, flip.exit(), flip.err());
        assertTrue(flip.out().contains("drop.conf updated; no running engine at " + sock
                + ", the change applies at next start"), flip.out());
        assertTrue(Files.readString(drop).contains(SSH_SCAN));
    }

    @Test
    void flipAsksTheRunningEngineToReloadAndTheReloadSeesTheDrop() throws Exception {
        AtomicInteger reloads = new AtomicInteger();
        Path sock = dir.resolve("ctl.sock");
        try (ControlServer server = ControlServer.start(sock, null, new PrintStream(PrintStream.nullOutputStream()))) {
            server.on("reload", a -> {
                reloads.incrementAndGet();
                SluiceConfig c = SluiceConfig.load(cfg);
                LoadResult r = EngineSetup.loadRules(c, c.newLoadContext(), List.of(SCAN),
                        new PrintStream(PrintStream.nullOutputStream()), 0);
                Rule x = r.rules().stream().filter(y -> y.sid == 2001219).findFirst().orElseThrow();
                return "sid 2001219 is " + x.action.word;
            });
            PcapCommandTest.Run flip = rules("flip", "--sid", SSH_SCAN, "--socket", sock.toString());
            assertEquals(0, flip.exit(), flip.err());
            assertTrue(flip.out().contains("engine reloaded: sid 2001219 is drop"), flip.out());
            PcapCommandTest.Run back = rules("flip", "--sid", SSH_SCAN, "--to", "alert", "--socket", sock.toString());
            assertEquals(0, back.exit(), back.err());
            assertTrue(back.out().contains("engine reloaded: sid 2001219 is alert"), back.out());
        }
        assertEquals(2, reloads.get());
    }

    @Test
    void rulesCheckAppliesTheConfiguredPolicyAndPrintsItsSummary() throws Exception {
        Files.writeString(drop, "group:emerging-scan.rules\n");
        PcapCommandTest.Run check = run("rules", "check", "-c", cfg.toString(), "-S", SCAN.toString());
        assertTrue(check.out().contains("note: sid 2018754: sets flowbits with noalert, kept as alert "
                + "(a drop would cut the flows that later rules inspect)"), check.out());
        assertTrue(check.out().matches("(?s).*rule policy: 0 enabled, 0 disabled, \\d+ dropped, 0 modified, "
                + "1 noalert rules kept out of drop.*"), check.out());
    }

    @Test
    void aBadPolicyLineStopsTheLoadWithFileAndLine() throws Exception {
        Files.writeString(drop, "# drops\nsid 2001219\n");
        PcapCommandTest.Run check = run("rules", "check", "-c", cfg.toString(), "-S", SCAN.toString());
        assertEquals(2, check.exit());
        assertEquals("sluice: " + drop + ":2: 'sid 2001219' is not a rule specifier (sid, gid:sid, re:, group:, "
                + "filename:, metadata: or *)", check.err().strip());
    }

    @Test
    void pcapRunsTheRulesAsThePolicyLeavesThem() throws Exception {
        Files.writeString(cfg, "rule-policy:\n  drop: drop.conf\n  disable: disable.conf\n  modify: modify.conf\n");
        Files.writeString(drop, "9000001 # the UNION SELECT rule\n");
        Files.writeString(dir.resolve("disable.conf"), "re:ICMP echo request\n");
        Files.writeString(dir.resolve("modify.conf"), "9000003 \"of a (known) command-and-control\" \"of a ${1} C2\"\n");
        Path out = dir.resolve("out");
        PcapCommandTest.Run r = run("pcap", "--ips", "-r", PcapCommandTest.PCAP.toString(), "-S",
                PcapCommandTest.RULES.toString(), "-l", out.toString(), "-c", cfg.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("rule policy: 0 enabled, 1 disabled, 1 dropped, 1 modified"), r.err());
        List<String> fast = Files.readAllLines(out.resolve("fast.log"));
        assertTrue(fast.stream().anyMatch(l -> l.contains("[Drop] [**] [1:9000001:1]")), String.join("\n", fast));
        assertFalse(fast.stream().anyMatch(l -> l.contains("[1:9000004:")), "the ICMP rule is disabled");
        assertTrue(fast.stream().anyMatch(l -> l.contains("[1:9000003:1] SLUICE SAMPLE DNS lookup of a known C2 domain")), String.join("\n", fast));
    }
}
