package dev.sluice.engine.inline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.engine.ctl.ControlClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live rule reloads of {@code sluice run} on a real NFQUEUE: over the control socket and on
 * SIGUSR2, a new rule set takes effect on flows already open, which keep their flowbits; a broken
 * rule file keeps the running rules; a reload under load loses no packet.
 */
@Timeout(180)
class InlineReloadTest {
    /** Sets the flowbit on the first line of a connection to the echo port; never alerts. */
    private static final String GREETING_RULE =
            "alert tcp any any -> any 8080 (msg:\"greeting\"; flow:established,to_server; content:\"hello-greeting\"; "
                    + "flowbits:set,greeted; flowbits:noalert; sid:10;)\n";
    /** Added by the reload: drops "second" only on a connection that was greeted before. */
    private static final String AFTER_GREETING_RULE =
            "drop tcp any any -> any 8080 (msg:\"second after greeting\"; flow:established,to_server; flowbits:isset,greeted; "
                    + "content:\"second\"; sid:11;)\n";

    /**
     * Client: connects to the echo port, sends the greeting and reads its echo, prints "GREETED",
     * waits for a line on stdin, sends "second", prints "SECOND ECHOED|BLOCKED".
     */
    private static final String TWO_STEP = """
            import socket, sys, time
            s = socket.create_connection((sys.argv[1], 8080), timeout=5)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            s.sendall(b"hello-greeting\\n")
            got = b""
            end = time.time() + 5
            while b"\\n" not in got and time.time() < end:
                got += s.recv(100)
            print("GREETED" if got == b"hello-greeting\\n" else "NOGREET %r" % got, flush=True)
            sys.stdin.readline()
            s.sendall(b"second\\n")
            s.settimeout(2)
            try:
                back = s.recv(100)
            except socket.timeout:
                back = b""
            print("SECOND", "ECHOED" if back == b"second\\n" else "BLOCKED", flush=True)
            """;

    /** Client: echoes random data through the echo port for argv[2] seconds; "OK bytes" when all came back intact. */
    private static final String STREAM = """
            import hashlib, os, socket, sys, threading, time
            s = socket.create_connection((sys.argv[1], 8080), timeout=5); s.settimeout(10)
            secs = float(sys.argv[2]); sent = hashlib.sha256(); n = [0]
            def sender():
                end = time.time() + secs
                while time.time() < end:
                    b = os.urandom(16384); sent.update(b); s.sendall(b); n[0] += len(b)
                    time.sleep(0.002)
                s.shutdown(socket.SHUT_WR)
            th = threading.Thread(target=sender, daemon=True); th.start()
            got = hashlib.sha256(); m = 0
            while True:
                b = s.recv(65536)
                if not b:
                    break
                got.update(b); m += len(b)
            th.join()
            print("OK" if sent.digest() == got.digest() and m == n[0] else "BAD", m, flush=True)
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void needsNfqueue() throws Exception {
        InlineRig.assumeInline();
    }

    @Test
    void reloadDuringAFlowKeepsItsFlowbitsAndAppliesTheNewRules() throws Exception {
        try (InlineRig rig = new InlineRig(dir)) {
            Path sock = dir.resolve("ctl.sock");
            Files.writeString(rig.rulesFile(), InlineRig.RULES + GREETING_RULE);
            rig.startEngine("--socket", sock.toString());

            Process c = rig.client.start("python3", "-u", "-c", TWO_STEP, InlineRig.SERVER_IP);
            BufferedReader out = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("GREETED", line(out), rig.engineStderr());

            Files.writeString(rig.rulesFile(), InlineRig.RULES + GREETING_RULE + AFTER_GREETING_RULE);
            String msg = ControlClient.reload(sock);
            assertTrue(msg.startsWith("reload 1: 4 rules active"), msg);

            try (OutputStream in = c.getOutputStream()) {
                in.write('\n');
            }
            assertEquals("SECOND BLOCKED", line(out), rig.engineStderr());
            assertEquals(0, rig.stopEngine(), rig.engineStderr());
            String fast = rig.fastLog();
            assertTrue(fast.contains("[Drop] [**] [1:11:0] second after greeting [**]"), fast);
            assertTrue(fast.lines().noneMatch(l -> l.contains("[1:10:0]")), "the noalert rule stays silent: " + fast);
        }
    }

    @Test
    void reloadWithABrokenRuleFileKeepsTheRunningRules() throws Exception {
        try (InlineRig rig = new InlineRig(dir)) {
            Path sock = dir.resolve("ctl.sock");
            rig.startEngine("--socket", sock.toString());
            Files.writeString(rig.rulesFile(), InlineRig.RULES + "drop tcp any any -> any 8080 (msg:\"broken\"; content:\"x\" sid:3;)\n");
            IOException e = assertThrows(IOException.class, () -> ControlClient.reload(sock));
            assertTrue(e.getMessage().contains("the engine keeps its current rules")
                    && e.getMessage().contains(rig.rulesFile() + ":3"), e.getMessage());
            // The old rules still drop the attack, and the engine says what happened.
            String r = rig.clientRun(Duration.ofSeconds(15), "attack", "whole");
            assertTrue(r.endsWith("PASSWD no"), r);
            JsonNode t = ControlClient.request(sock, "reload-time", null).path("message");
            assertEquals(1, t.path("refused").asInt(), t.toString());
            assertEquals(0, t.path("generation").asInt(), t.toString());
            assertTrue(rig.engineStderr().contains("reload refused, the running rules stay"), rig.engineStderr());
            // A missing rule file is refused too.
            Files.delete(rig.rulesFile());
            assertThrows(IOException.class, () -> ControlClient.reload(sock));
            rig.assertCleanEcho(10_000);
        }
    }

    @Test
    void sigusr2ReloadsAndSighupReopensTheLogs() throws Exception {
        try (InlineRig rig = new InlineRig(dir)) {
            Process engine = rig.startEngine("--socket", "none");
            Files.writeString(rig.rulesFile(), InlineRig.RULES.replace("drop tcp any any -> any 8080", "alert tcp any any -> any 8080"));
            signal(engine, "USR2");
            assertTrue(rig.awaitErr(l -> l.startsWith("sluice: reload 1: 2 rules active"), Duration.ofSeconds(30)), rig.engineStderr());
            // sid 1 now only alerts: the attack passes and is logged without [Drop].
            String r = rig.clientRun(Duration.ofSeconds(15), "attack", "whole");
            assertTrue(r.endsWith("PASSWD yes"), r + "\n" + rig.engineStderr());
            Path rotated = rig.logDir.resolve("fast.log.1");
            Files.move(rig.logDir.resolve("fast.log"), rotated);
            signal(engine, "HUP");
            assertTrue(rig.awaitErr(l -> l.equals("sluice: log files reopened"), Duration.ofSeconds(10)), rig.engineStderr());
            rig.clientRun(Duration.ofSeconds(15), "attack", "whole");
            assertEquals(0, rig.stopEngine(), rig.engineStderr());
            assertTrue(Files.readString(rotated).contains("[1:1:0] passwd echo"), "before the rotation");
            assertTrue(rig.fastLog().contains("[1:1:0] passwd echo"), "after the rotation, in the new file: " + rig.fastLog());
        }
    }

    @Test
    void reloadOfEtOpenUnderTrafficLosesNoPacket() throws Exception {
        Path shared = dev.sluice.engine.source.TestCorpus.shared();
        org.junit.jupiter.api.Assumptions.assumeTrue(shared != null, "shared corpus not found");
        Path et = shared.resolve("corpus/et-open");
        try (InlineRig rig = new InlineRig(dir)) {
            rig.engineHeap = "1g";
            Path sock = dir.resolve("ctl.sock");
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--socket", sock.toString(),
                    "-c", repoFile("sluice.yaml").toString()));
            try (var files = Files.list(et)) {
                files.filter(f -> f.toString().endsWith(".rules")).sorted().forEach(f -> {
                    args.add("-S");
                    args.add(f.toAbsolutePath().toString());
                });
            }
            rig.startEngine(args.toArray(String[]::new));
            // inline-bench's traffic: an iperf3 bulk stream through the queue from before the reload
            // starts until after it ends (else the echo stream of the rig).
            boolean iperf = hasIperf3();
            Process iperfServer = null;
            if (iperf) {
                for (String[] r : new String[][] {{"INPUT", "--dport"}, {"OUTPUT", "--sport"}}) {
                    rig.server.exec("iptables", "-A", r[0], "-p", "tcp", r[1], "5201", "-j", "NFQUEUE", "--queue-num", "0",
                            "--queue-bypass");
                }
                iperfServer = rig.server.start("iperf3", "-s", "-1", "-p", "5201");
                Thread.sleep(500);
            }
            CompletableFuture<String> traffic = CompletableFuture.supplyAsync(() -> {
                try {
                    return iperf
                            ? NetNsRun.inClient(rig, Duration.ofSeconds(60), "iperf3", "-c", InlineRig.SERVER_IP, "-p", "5201", "-t", "20", "-J")
                            : NetNsRun.inClient(rig, Duration.ofSeconds(90), "python3", "-c", STREAM, InlineRig.SERVER_IP, "20");
                } catch (IOException e) {
                    return "ERR " + e;
                }
            });
            Thread.sleep(2000);
            long t0 = System.nanoTime();
            String msg = ControlClient.reload(sock);
            long reloadMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(msg.startsWith("reload 1: "), msg);
            String r = traffic.get(120, TimeUnit.SECONDS);
            String moved;
            if (iperf) {
                JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r);
                assertTrue(j.path("error").isMissingNode(), r);
                long bytes = j.path("end").path("sum_received").path("bytes").asLong();
                assertTrue(bytes > 0, r);
                moved = bytes + " bytes by iperf3 at " + Math.round(j.path("end").path("sum_received").path("bits_per_second").asDouble() / 1e6)
                        + " Mbit/s";
                iperfServer.waitFor(10, TimeUnit.SECONDS);
            } else {
                assertTrue(r.startsWith("OK "), r + "\n" + rig.engineStderr());
                moved = r.substring(3) + " bytes echoed";
            }
            assertTrue(reloadMs < 18_000, "the traffic must outlast the reload (" + reloadMs + " ms)");
            JsonNode stats = ControlClient.request(sock, "stats", null).path("message");
            String[] k = rig.kernelQueueLine().split("\\s+");
            // queue_num portid queue_total copy_mode copy_range queue_dropped user_dropped id_sequence 1
            assertEquals("0", k[5], "kernel queue drops: " + String.join(" ", k));
            assertEquals("0", k[6], "netlink (user) drops: " + String.join(" ", k));
            // Every packet the kernel numbered reached the engine: none passed unseen on a full socket buffer.
            assertEquals(Long.parseLong(k[7]), stats.path("packets").asLong(), stats.toString());
            assertEquals(0, stats.path("errors").asLong(), stats.toString());
            assertEquals(1, stats.path("rule_generation").asInt(), stats.toString());
            System.out.println("ET Open reload under traffic: " + msg + "; " + stats.path("packets") + " packets, "
                    + moved + ", none lost");
            assertEquals(0, rig.stopEngine(), rig.engineStderr());
        }
    }

    private static boolean hasIperf3() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, "iperf3"))) {
                return true;
            }
        }
        boolean ci = System.getenv("CI") != null;
        if (ci) {
            throw new AssertionError("iperf3 is missing (CI installs it)");
        }
        return false;
    }

    /** A file at the repository root (tests run in the engine folder). */
    private static Path repoFile(String name) {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve(name)) ? here.resolve(name) : here.getParent().resolve(name);
    }

    /** Runs a command in the rig's client namespace. */
    private static final class NetNsRun {
        static String inClient(InlineRig rig, Duration timeout, String... cmd) throws IOException {
            java.util.List<String> c = new java.util.ArrayList<>(java.util.List.of("ip", "netns", "exec", rig.client.name()));
            c.addAll(java.util.List.of(cmd));
            return dev.sluice.capture.netns.NetNs.run(timeout, c.toArray(String[]::new)).strip();
        }
    }

    private static String line(BufferedReader r) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return r.readLine();
            } catch (IOException e) {
                return "ERR " + e;
            }
        }).get(15, TimeUnit.SECONDS);
    }

    private static void signal(Process p, String sig) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + sig, String.valueOf(p.pid())).start();
        assertTrue(k.waitFor(5, TimeUnit.SECONDS) && k.exitValue() == 0, "kill -" + sig);
    }
}
