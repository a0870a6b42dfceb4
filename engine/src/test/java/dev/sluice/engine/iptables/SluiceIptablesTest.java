package dev.sluice.engine.iptables;

import dev.sluice.capture.nfq.Nfqueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.sluice.engine.iptables.IptablesRig.OTHER_PORT;
import static dev.sluice.engine.iptables.IptablesRig.SCRIPT;
import static dev.sluice.engine.iptables.IptablesRig.SERVER_V4;
import static dev.sluice.engine.iptables.IptablesRig.SSH_PORT;
import static dev.sluice.engine.iptables.IptablesRig.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code iptables/sluice-iptables} in network namespaces, with the nft and the legacy back end,
 * IPv4 and IPv6 together: traffic keeps flowing without an engine and after it is killed, down and
 * the rollback give back the earlier rules exactly, confirm keeps them, --dry-run changes nothing,
 * up is idempotent, and {@code sluice run --iptables} puts the rules up and takes them down.
 */
class SluiceIptablesTest {
    private static final String UP = "up";
    private static final String SSH = "--ssh-port=" + SSH_PORT;

    @TempDir
    Path dir;

    private IptablesRig rig(String backend) throws Exception {
        boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Uid:")).anyMatch(l -> l.split("\\s+")[1].equals("0"));
        assumeTrue(root, "the iptables tests need root");
        assumeTrue(Files.isExecutable(SCRIPT), "missing " + SCRIPT);
        assumeTrue(onPath("iptables-" + backend) && onPath("ip6tables-" + backend),
                "iptables-" + backend + " is not installed");
        return new IptablesRig(backend, dir);
    }

    private static boolean onPath(String name) {
        for (String d : (System.getenv("PATH") + ":/usr/sbin:/sbin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nft", "legacy"})
    void withoutEngineSshAndOtherPortsStayReachable(String backend) throws Exception {
        try (IptablesRig r = rig(backend)) {
            r.startListener();
            r.script(UP, SSH, "--no-rollback").ok();
            r.assertAllReachable("rules up, no engine bound");
            for (int f : new int[] {4, 6}) {
                // The other port really went through the queue (and the bypass); SSH never did.
                assertTrue(r.counter(f, "SLUICE_INPUT", "NFQUEUE", "") > 0, "IPv" + f + " packets were queued");
                assertTrue(r.counter(f, "SLUICE_INPUT", "RETURN", "dpt:" + SSH_PORT) > 0, "IPv" + f + " SSH returned early");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nft", "legacy"})
    void afterEngineSigkillBothPortsStayReachable(String backend) throws Exception {
        assumeNfqueue();
        try (IptablesRig r = rig(backend)) {
            r.startListener();
            r.script(UP, SSH, "--no-rollback").ok();
            Path err = dir.resolve("engine.err");
            Process engine = startEngine(r, List.of(), err);
            assertTrue(IptablesRig.awaitLine(err, l -> l.contains("inline on queue"), engine, 30_000),
                    () -> "engine did not come up:\n" + read(err));
            r.assertAllReachable("engine bound");
            String status = r.script("status").ok().out();
            assertContains(status, "queue 0: bound by pid " + engine.pid());
            long queued = r.counter(4, "SLUICE_INPUT", "NFQUEUE", "");
            assertTrue(queued > 0, "packets went to the engine");

            engine.destroyForcibly();
            assertTrue(engine.waitFor(10, TimeUnit.SECONDS), "engine gone after SIGKILL");
            assertTrue(IptablesRig.within(5_000, () -> r.script("status").out().contains("queue 0: no process bound")),
                    "the kernel unbinds the queue of a killed engine");
            r.assertAllReachable("engine killed with SIGKILL");
            assertTrue(r.counter(4, "SLUICE_INPUT", "NFQUEUE", "") > queued, "still queued (and bypassed) after the kill");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nft", "legacy"})
    void downRestoresTheEarlierRulesExactly(String backend) throws Exception {
        try (IptablesRig r = rig(backend)) {
            r.addUnrelatedRules();
            String before = r.saveAll();
            r.script(UP, SSH, "--forward", "--output", "--accept", "192.0.2.0/24", "--accept", "2001:db8::/32").ok();
            String up = r.saveAll();
            assertNotEquals(before, up);
            for (String chain : List.of("SLUICE_INPUT", "SLUICE_FORWARD", "SLUICE_OUTPUT")) {
                assertContains(r.save(4), "-A " + chain.substring(7) + " -j " + chain);
                assertContains(r.save(6), "-A " + chain.substring(7) + " -j " + chain);
            }
            r.script("down").ok();
            assertEquals(before, r.saveAll());
            assertFalse(Files.exists(r.state.resolve("rollback")), "down cancels the pending rollback");
            assertEquals(3, r.script("status").exit(), "status says down");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nft", "legacy"})
    void rollbackRestoresTheRulesWhenNotConfirmed(String backend) throws Exception {
        try (IptablesRig r = rig(backend)) {
            r.addUnrelatedRules();
            String before = r.saveAll();
            r.script(UP, SSH, "--rollback-seconds", "2").ok();
            assertNotEquals(before, r.saveAll());
            assertContains(r.script("status").ok().out(), "rollback: pending");
            assertTrue(IptablesRig.within(10_000, () -> before.equals(r.saveAll())),
                    () -> "rules not rolled back; log:\n" + read(r.state.resolve("rollback.log")));
            IptablesRig.Result late = r.script("confirm");
            assertEquals(1, late.exit());
            assertContains(late.err(), "the rollback already ran");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nft", "legacy"})
    void confirmInTimeKeepsTheRules(String backend) throws Exception {
        try (IptablesRig r = rig(backend)) {
            r.addUnrelatedRules();
            r.script(UP, SSH, "--rollback-seconds", "2").ok();
            String up = r.saveAll();
            assertContains(r.script("confirm").ok().err(), "confirmed");
            Thread.sleep(3_500);
            assertEquals(up, r.saveAll());
            assertFalse(Files.readString(r.state.resolve("rollback.log")).contains("rolling back"));
            IptablesRig.Result again = r.script("confirm");
            assertEquals(1, again.exit());
            assertContains(again.err(), "no rollback is pending");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nft", "legacy"})
    void dryRunChangesNothingAndPrintsTheExactCommands(String backend) throws Exception {
        try (IptablesRig r = rig(backend)) {
            r.addUnrelatedRules();
            String before = r.saveAll();
            IptablesRig.Result dry = r.script(UP, SSH, "--output", "--dry-run").ok();
            assertEquals(before, r.saveAll());
            assertFalse(Files.exists(r.state), "no state written");
            assertContains(dry.out(), "-t mangle -I INPUT 1 -j SLUICE_INPUT");
            assertContains(dry.out(), "-j NFQUEUE --queue-num 0 --queue-bypass");

            // Running the printed commands gives exactly what a real up gives.
            for (String line : dry.out().lines().toList()) {
                if (!line.startsWith("#") && line.contains(" -w ")) {
                    r.inServer(List.of(line.split(" ")), Map.of()).ok();
                }
            }
            String fromDryRun = r.saveAll();
            r.script("down").ok();
            assertEquals(before, r.saveAll());
            r.script(UP, SSH, "--output", "--no-rollback").ok();
            String up = r.saveAll();
            assertEquals(up, fromDryRun);

            IptablesRig.Result dryDown = r.script("down", "--dry-run").ok();
            assertContains(dryDown.out(), "-t mangle -X SLUICE_INPUT");
            assertEquals(up, r.saveAll());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nft", "legacy"})
    void upTwiceEqualsUpOnce(String backend) throws Exception {
        try (IptablesRig r = rig(backend)) {
            r.addUnrelatedRules();
            r.script(UP, SSH, "--no-rollback").ok();
            String once = r.saveAll();
            r.script(UP, SSH, "--no-rollback").ok();
            assertEquals(once, r.saveAll());
            assertContains(r.save(6), "-A OUTPUT -j SLUICE_OUTPUT");
            // up converges on its options: dropping OUTPUT and then taking it back leaves the first set.
            r.script(UP, SSH, "--no-rollback", "--no-output", "--queue-balance", "0:3").ok();
            assertTrue(!r.save(6).contains("SLUICE_OUTPUT"), "--no-output removes the OUTPUT chain: " + r.save(6));
            r.script(UP, SSH, "--no-rollback").ok();
            assertEquals(once, r.saveAll());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nft", "legacy"})
    void inMangleTheAdministratorsFilterRulesStillApply(String backend) throws Exception {
        try (IptablesRig r = rig(backend)) {
            r.startListener();
            r.ipt(4, "-A", "INPUT", "-p", "tcp", "--dport", String.valueOf(OTHER_PORT), "-j", "REJECT", "--reject-with", "tcp-reset");
            r.script(UP, SSH, "--no-rollback").ok();
            assertEquals(List.of(SERVER_V4 + " " + SSH_PORT + " OK", SERVER_V4 + " " + OTHER_PORT + " ERR ConnectionRefusedError"),
                    r.reach(SERVER_V4, SSH_PORT, SERVER_V4, OTHER_PORT), "a bypassed packet still meets the filter table");
            // With --table filter Sluice's chain comes first in filter: the bypass accepts before the REJECT.
            r.script(UP, SSH, "--no-rollback", "--table", "filter").ok();
            String s4 = r.save(4);
            int mangle = s4.indexOf("*mangle");
            assertFalse(mangle >= 0 && s4.substring(mangle, s4.indexOf("COMMIT", mangle)).contains("SLUICE"),
                    "moving to filter removed the mangle chains:\n" + s4);
            assertContains(s4, "-A INPUT -j SLUICE_INPUT\n-A INPUT -p tcp -m tcp --dport " + OTHER_PORT);
            assertEquals(List.of(SERVER_V4 + " " + OTHER_PORT + " OK"), r.reach(SERVER_V4, OTHER_PORT));
        }
    }

    @Test
    void packetsCarryingTheRejectMarkAreNotQueued() throws Exception {
        try (IptablesRig r = rig("nft")) {
            r.script(UP, SSH, "--no-rollback", "--output").ok();
            String send = """
                    import socket, sys
                    s = socket.socket()
                    if sys.argv[1] != "0":
                        s.setsockopt(socket.SOL_SOCKET, 36, int(sys.argv[1], 0))  # SO_MARK
                    s.settimeout(2)
                    s.connect_ex((sys.argv[2], 9))
                    """;
            r.inServer(List.of("python3", "-c", send, "0x5e1ce", IptablesRig.CLIENT_V4), Map.of()).ok();
            assertTrue(r.counter(4, "SLUICE_OUTPUT", "RETURN", "mark match 0x5e1ce") > 0, "marked SYN returned");
            assertEquals(0, r.counter(4, "SLUICE_OUTPUT", "NFQUEUE", ""), "marked SYN not queued");
            r.inServer(List.of("python3", "-c", send, "0", IptablesRig.CLIENT_V4), Map.of()).ok();
            assertTrue(r.counter(4, "SLUICE_OUTPUT", "NFQUEUE", "") > 0, "an unmarked SYN is queued");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nft", "legacy"})
    void connectionWhosePacketCarriedTheBypassMarkIsNoLongerQueued(String backend) throws Exception {
        try (IptablesRig r = rig(backend)) {
            r.script(UP, SSH, "--no-rollback", "--output", "--bypass-mark", "0x20/0xf0").ok();
            // As the engine's marked repeat does: a packet of the connection carries the bits (here every
            // packet the server sends, through SO_MARK); the client's answers carry no mark of their own.
            String send = """
                    import socket, sys
                    s = socket.socket()
                    s.setsockopt(socket.SOL_SOCKET, 36, int(sys.argv[1], 0))  # SO_MARK
                    s.settimeout(2)
                    s.connect_ex((sys.argv[2], 9))
                    """;
            // Bits outside the mask are the administrator's: 0x125 carries 0x20 under the mask 0xf0.
            r.inServer(List.of("python3", "-c", send, "0x125", IptablesRig.CLIENT_V4), Map.of()).ok();
            assertTrue(r.counter(4, "SLUICE_OUTPUT", "CONNMARK", "") > 0, "the mark was saved to the connection");
            assertTrue(r.counter(4, "SLUICE_INPUT", "RETURN", "connmark match") > 0,
                    "the unmarked answer passed by its connection's mark");
            assertEquals(0, r.counter(4, "SLUICE_OUTPUT", "NFQUEUE", ""), "nothing of that connection queued");
            assertEquals(0, r.counter(4, "SLUICE_INPUT", "NFQUEUE", ""), "nothing of that connection queued");
            // The mask decides: 0x110 has 0x10 under it, not 0x20.
            r.inServer(List.of("python3", "-c", send, "0x110", IptablesRig.CLIENT_V4), Map.of()).ok();
            assertTrue(r.counter(4, "SLUICE_OUTPUT", "NFQUEUE", "") > 0, "another mark under the mask is queued");
        }
    }

    @Test
    void withoutIp6tablesIpv4StillGoesUpWithAWarning() throws Exception {
        try (IptablesRig r = rig("nft")) {
            // A PATH with the IPv4 tools only (auto back end), as on a host without ip6tables.
            Path bin = Files.createDirectories(dir.resolve("bin4"));
            for (String tool : List.of("iptables", "iptables-save", "iptables-restore")) {
                Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/sbin/" + tool.replace("iptables", "iptables-nft")));
            }
            String before6 = r.save(6);
            IptablesRig.Result res = r.inServer(List.of("env", "PATH=" + bin + ":/usr/bin:/bin", "SLUICE_IPTABLES_BACKEND=auto",
                    SCRIPT.toString(), UP, SSH, "--no-rollback"), r.scriptEnv()).ok();
            assertContains(res.err(), "warning: ip6tables not found; IPv6 left alone");
            assertContains(r.save(4), "-A INPUT -j SLUICE_INPUT");
            assertEquals(before6, r.save(6));
        }
    }

    @Test
    void sshPortsDefaultToTheOnesSshdListensOn() throws Exception {
        try (IptablesRig r = rig("nft")) {
            // A listener whose process name is sshd, as ss reports it.
            String fakeSshd = """
                    import ctypes, socket, threading
                    ctypes.CDLL(None).prctl(15, b"sshd", 0, 0, 0)  # PR_SET_NAME
                    s = socket.socket(); s.bind(("0.0.0.0", 2022)); s.listen(1)
                    print("ready", flush=True)
                    threading.Event().wait()
                    """;
            Path err = dir.resolve("sshd.err");
            Process p = r.startInServer(List.of("python3", "-u", "-c", fakeSshd), Map.of(), err);
            assertTrue(IptablesRig.within(5_000, () -> r.inServer(List.of("ss", "-Hltnp"), Map.of()).out().contains("\"sshd\"")),
                    "fake sshd listening");
            IptablesRig.Result dry = r.script(UP, "--dry-run").ok();
            assertContains(dry.out(), "-A SLUICE_INPUT -p tcp --dport 2022 -j RETURN");
            assertFalse(dry.out().contains("--dport 22 "), "only the port sshd listens on");
            p.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nft", "legacy"})
    void sluiceRunIptablesPutsTheRulesUpOnceBoundAndTakesThemDownAtShutdown(String backend) throws Exception {
        assumeNfqueue();
        try (IptablesRig r = rig(backend)) {
            r.startListener();
            r.addUnrelatedRules();
            String before = r.saveAll();
            Path err = dir.resolve("engine.err");
            Process engine = startEngine(r, List.of("--iptables", "--iptables-args", SSH, "--reject-mark", "0x77",
                    "--set", "stream.bypass=yes", "--bypass-mark", "0x20/0xf0"), err);
            assertTrue(IptablesRig.awaitLine(err, l -> l.contains("rules in place"), engine, 30_000),
                    () -> "rules did not go up:\n" + read(err));
            String text = read(err);
            assertTrue(text.indexOf("inline on queue") < text.indexOf("rules in place"), "queue bound before the rules:\n" + text);
            IptablesRig.Result status = r.script("status").ok();
            assertContains(status.out(), "IPv4: up in table mangle, hooked from INPUT");
            assertContains(status.out(), "IPv6: up in table mangle, hooked from INPUT");
            assertContains(status.out(), "queue 0: bound by pid " + engine.pid());
            assertContains(status.out(), "rollback: none pending");
            // The engine's own marked packets (its resets) are let by with the mark it uses.
            assertContains(r.save(4), "-A SLUICE_INPUT -m mark --mark 0x77 -j RETURN");
            // With a bypass mark, the connmark rules that keep bypassed connections out of the queue.
            assertContains(r.save(4), "-A SLUICE_INPUT -m connmark --mark 0x20/0xf0 -j RETURN");
            assertContains(r.save(6), "-A SLUICE_OUTPUT -m mark --mark 0x20/0xf0 -j CONNMARK --save-mark --nfmask 0xf0 --ctmask 0xf0");
            r.assertAllReachable("sluice run --iptables");

            engine.destroy();
            assertTrue(engine.waitFor(20, TimeUnit.SECONDS), () -> "engine did not stop:\n" + read(err));
            assertEquals(0, engine.exitValue(), () -> read(err));
            assertEquals(before, r.saveAll(), () -> "rules left behind:\n" + read(err));
            assertEquals(3, r.script("status").exit());
        }
    }

    @Test
    void refusesQueuesOneRuleCannotFeed() throws Exception {
        try (IptablesRig r = rig("nft")) {
            Path err = dir.resolve("engine.err");
            Path rules = dir.resolve("r.rules");
            Files.writeString(rules, "alert tcp any any -> any 1 (msg:\"x\"; sid:1;)\n");
            Process p = r.startInServer(List.of(javaBin(), "-cp", System.getProperty("java.class.path"),
                    "dev.sluice.engine.cli.SluiceCli", "run", "-q", "0", "-q", "2", "-S", rules.toString(),
                    "-l", dir.resolve("logs").toString(), "--iptables"), r.scriptEnv(), err);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertNotEquals(0, p.exitValue());
            assertContains(read(err), "one queue or one contiguous range");
        }
    }

    @Test
    void badUsageExitsTwoWithAReason() throws Exception {
        try (IptablesRig r = rig("nft")) {
            for (List<String> args : List.of(
                    List.of(UP, "--ssh-port", "70000"), List.of(UP, "--queue-cpu-fanout"),
                    List.of(UP, "--accept", "10.0.0.0/8;reboot"), List.of(UP, "--reject-mark", "0"),
                    List.of(UP, "--bypass-mark", "0"), List.of(UP, "--bypass-mark", "3/0x6"), List.of(UP, "--bypass-mark", "0x1/"),
                    List.of("frobnicate"), List.of(UP, "--queue-num", "1", "--queue-balance", "2:3"))) {
                IptablesRig.Result res = r.script(args.toArray(String[]::new));
                assertEquals(2, res.exit(), () -> args + ": " + res);
                assertTrue(res.err().startsWith("sluice-iptables: "), () -> args + ": " + res.err());
            }
            IptablesRig.Result help = r.script("--help").ok();
            for (String section : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS", "EXIT STATUS")) {
                assertContains("\n" + help.out(), "\n" + section + "\n");
            }
        }
    }

    @Test
    void shellcheckFindsNothing() throws Exception {
        if (!onPath("shellcheck")) {
            if (System.getenv("CI") != null) {
                fail("shellcheck is not installed; CI must install it");
            }
            assumeTrue(false, "shellcheck is not installed");
        }
        Process p = new ProcessBuilder("shellcheck", SCRIPT.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    private static void assumeNfqueue() {
        String why = Nfqueue.unavailableReason();
        assumeTrue(why == null, () -> "NFQUEUE unavailable: " + why);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code sluice run -q 0} in the server namespace with the rig's script environment. */
    private Process startEngine(IptablesRig r, List<String> extra, Path err) throws Exception {
        Path rules = dir.resolve("engine.rules");
        Files.writeString(rules, "alert tcp any any -> any 1 (msg:\"never\"; sid:1;)\n");
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.sluice.engine.cli.SluiceCli", "run", "-q", "0", "-S", rules.toString(),
                "-l", dir.resolve("logs").toString(), "--stats-interval", "0"));
        cmd.addAll(extra);
        return r.startInServer(cmd, r.scriptEnv(), err);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "(no " + p + ")";
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
