package dev.sluice.engine.inline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.capture.netns.NetNs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Fail-safety when {@code sluice run} dies outright: the server namespace gets the real fail-safe
 * rules ({@code iptables/sluice-iptables up}: everything queued with --queue-bypass, SSH on port 22
 * exempt) in place of the rig's plain ones, one TCP connection echoes a beat through the queue the
 * whole time while another client keeps sending attacks that a drop rule blocks, and the engine is
 * SIGKILLed 20 times at a random moment under that load. After each kill the old connection goes on,
 * new connections to SSH and to the echo port work, and fast.log and eve.json hold only whole lines.
 */
@Timeout(value = 235, unit = TimeUnit.SECONDS)
class InlineKillTest {
    private static final int KILLS = 20;
    private static final int SSH_PORT = 22;
    /** Seconds the beat client runs at most; the test is over well before. */
    private static final int CLIENT_SECONDS = 230;
    private static final Path SCRIPT = Path.of(System.getProperty("user.dir")).getParent().resolve("iptables/sluice-iptables");
    /** No flow: keyword: every engine picks the beat connection up midstream, and flow:established,to_server never matched it. */
    private static final String BEAT_RULE =
            "alert tcp any any -> any 8080 (msg:\"kill test beat\"; content:\"BEAT\"; sid:100;)\n";
    private static final Pattern FAST_LINE = Pattern.compile(
            "\\d\\d/\\d\\d/\\d{4}-\\d\\d:\\d\\d:\\d\\d\\.\\d{6}  .*\\[\\*\\*\\] \\[\\d+:\\d+:\\d+\\] .* \\[Priority: \\d+\\] "
                    + "\\{[A-Z0-9-]+\\} \\S+ -> \\S+");

    /** SSH stand-in in the server namespace: sends a banner to whoever connects to port 22. */
    private static final String SSHD = """
            import socket, threading
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("0.0.0.0", 22))
            s.listen(16)
            print("ready", flush=True)
            def greet(c):
                try:
                    c.sendall(b"SSH-2.0-SluiceStandIn\\r\\n")
                    c.settimeout(5)
                    c.recv(64)
                except Exception:
                    pass
                finally:
                    c.close()
            while True:
                c, _ = s.accept()
                threading.Thread(target=greet, args=(c,), daemon=True).start()
            """;

    /**
     * Client (argv: host seconds): one connection to the echo port sending "BEAT i" every 20 ms and
     * printing "B i" when it comes back; meanwhile new connections sending the rig's attack every
     * ~0.1 s (dropped while an engine runs). Ends with "DONE n" or "ERR ...".
     */
    private static final String BEATS = """
            import socket, sys, threading, time
            host, end = sys.argv[1], time.time() + float(sys.argv[2])
            attack = b"GET /x/../../etc/passwd HTTP/1.0\\r\\n\\r\\n"
            def attacker():
                while time.time() < end:
                    try:
                        a = socket.create_connection((host, 8080), timeout=1)
                        a.settimeout(0.3)
                        a.sendall(b"hello\\n")
                        try:
                            a.recv(64)
                        except Exception:
                            pass
                        a.sendall(attack)
                        try:
                            a.recv(64)
                        except Exception:
                            pass
                        a.close()
                    except Exception:
                        pass
                    time.sleep(0.1)
            threading.Thread(target=attacker, daemon=True).start()
            try:
                s = socket.create_connection((host, 8080), timeout=5)
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                s.settimeout(15)
                i, buf = 0, b""
                while time.time() < end:
                    msg = b"BEAT %d\\n" % i
                    s.sendall(msg)
                    while b"\\n" not in buf:
                        b = s.recv(4096)
                        if not b:
                            raise EOFError("connection closed")
                        buf += b
                    line, buf = buf.split(b"\\n", 1)
                    if line + b"\\n" != msg:
                        raise ValueError("echo was %r" % line)
                    print("B", i, flush=True)
                    i += 1
                    time.sleep(0.02)
                print("DONE", i, flush=True)
            except Exception as e:
                print("ERR", type(e).__name__, str(e), flush=True)
            """;

    /**
     * New connections (argv: host): reads the SSH banner, then echoes 20000 random bytes through the
     * echo port; prints "BANNER ECHO-OK n" or what went wrong in their place.
     */
    private static final String CHECK_CLIENT = """
            import hashlib, os, socket, sys, threading
            host = sys.argv[1]
            try:
                s = socket.create_connection((host, 22), timeout=5)
                s.settimeout(5)
                banner = s.makefile("rb").readline().decode().strip()
                s.close()
            except Exception as e:
                banner = "SSH-ERR-" + type(e).__name__
            try:
                data = os.urandom(20000)
                s = socket.create_connection((host, 8080), timeout=5)
                s.settimeout(10)
                def send():
                    s.sendall(data)
                    s.shutdown(socket.SHUT_WR)
                threading.Thread(target=send, daemon=True).start()
                got = bytearray()
                while True:
                    b = s.recv(65536)
                    if not b:
                        break
                    got += b
                echo = ("ECHO-OK %d" % len(got)) if got == data else ("ECHO-DIFFERS %d" % len(got))
            except Exception as e:
                echo = "ECHO-ERR-" + type(e).__name__
            print(banner, echo)
            """;

    @TempDir
    Path dir;
    /** The class path the engines start with; see {@link #snapshotClassPath()}. */
    private String engineClassPath;

    @BeforeEach
    void needsNfqueueAndIptables() throws Exception {
        InlineRig.assumeInline();
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/iptables")) || Files.isExecutable(Path.of("/sbin/iptables")),
                "iptables is not installed");
        assumeTrue(Files.isExecutable(SCRIPT), "no " + SCRIPT);
    }

    @Test
    void sigkillUnderTrafficNeverBlocksTrafficOrSshAndLeavesWholeLogLines() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(220);
        List<Process> ours = new ArrayList<>();
        engineClassPath = snapshotClassPath();
        try (InlineRig rig = new InlineRig(dir)) {
            try {
                failSafeRulesInServer(rig);
                Files.writeString(rig.rulesFile(), InlineRig.RULES + BEAT_RULE);
                Process sshd = rig.server.start("python3", "-u", "-c", SSHD);
                ours.add(sshd);
                assertEquals("ready", new BufferedReader(new InputStreamReader(sshd.getInputStream(), StandardCharsets.UTF_8)).readLine());

                Process beats = rig.client.start("python3", "-u", "-c", BEATS, InlineRig.SERVER_IP, String.valueOf(CLIENT_SECONDS));
                ours.add(beats);
                AtomicLong beatCount = new AtomicLong();
                AtomicReference<String> beatEnd = new AtomicReference<>();
                Thread reader = new Thread(() -> readBeats(beats, beatCount, beatEnd), "beat-reader");
                reader.setDaemon(true);
                reader.start();
                awaitTrue(Duration.ofSeconds(10), () -> beatCount.get() > 10, () -> "beats before any engine: " + beatEnd.get());

                long worstStallMillis = 0;
                for (int kill = 1; kill <= KILLS; kill++) {
                    int n = kill;
                    String at = "kill " + kill + " of " + KILLS + " (seed " + seed + ")";
                    assertTrue(System.nanoTime() < deadline, "out of time before " + at);
                    long eveBefore = lines(rig.eveJson());
                    long startAt = System.nanoTime();
                    Process engine = startEngine(rig, kill);
                    ours.add(engine);
                    long upMillis = (System.nanoTime() - startAt) / 1_000_000;
                    // Logs are being written: the beat and attack rules fire under this engine.
                    awaitTrue(Duration.ofSeconds(10), () -> lines(quietly(rig::eveJson)) > eveBefore,
                            () -> at + ": no eve.json records from the running engine; stderr:\n" + quietly(() -> engineStderr(n)));
                    if (kill == 1) {
                        sshIgnoresAStoppedEngine(rig, engine, at);
                    }
                    int underTraffic = 200 + random.nextInt(1801);
                    Thread.sleep(underTraffic);
                    long beatsAtKill = beatCount.get();
                    long killedAt = System.nanoTime();
                    engine.destroyForcibly();    // SIGKILL: no shutdown hook, no flush, no unbind
                    assertTrue(engine.waitFor(10, TimeUnit.SECONDS), at + ": engine did not die");

                    awaitTrue(Duration.ofSeconds(10), () -> beatCount.get() > beatsAtKill,
                            () -> at + ": the open connection stalled; client: " + beatEnd.get());
                    long stallMillis = (System.nanoTime() - killedAt) / 1_000_000;
                    worstStallMillis = Math.max(worstStallMillis, stallMillis);
                    awaitTrue(Duration.ofSeconds(10), () -> beatCount.get() > beatsAtKill + 10,
                            () -> at + ": the open connection did not keep flowing; client: " + beatEnd.get());
                    assertEquals("SSH-2.0-SluiceStandIn ECHO-OK 20000", newConnections(rig), at + ": new connections to SSH and to the echo port");
                    assertWholeLines(rig, at);
                    System.out.printf("InlineKillTest: kill %d: engine up in %d ms, killed after %d ms, next beat %d ms later%n",
                            kill, upMillis, underTraffic, stallMillis);
                }
                assertNull(beatEnd.get(), "the beat connection ended early");
                assertTrue(sshPacketsNotQueued(rig) > 0, "SSH went through the exemption, not the queue");
                String fast = rig.fastLog();
                System.out.printf("InlineKillTest: %d kills, %d beats on one connection, worst stall after a kill %d ms, %d eve.json lines, "
                                + "fast.log: %d beat alerts, %d attack drops (seed %d)%n",
                        KILLS, beatCount.get(), worstStallMillis, lines(rig.eveJson()),
                        fast.lines().filter(l -> l.contains("[1:100:")).count(), fast.lines().filter(l -> l.contains("[1:1:")).count(), seed);
            } finally {
                // Before the rig deletes the namespaces: these run inside them.
                for (Process p : ours) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** Swaps the rig's plain NFQUEUE rules for sluice-iptables' fail-safe ones, SSH_PORT exempt. */
    private void failSafeRulesInServer(InlineRig rig) throws IOException {
        rig.server.exec("iptables", "-F", "INPUT");
        rig.server.exec("iptables", "-F", "OUTPUT");
        Path state = Files.createDirectories(dir.resolve("iptables-state"));
        rig.server.exec("env", "SLUICE_IPTABLES_STATE=" + state, SCRIPT.toString(), "up", "--no-rollback",
                "--ssh-port", String.valueOf(SSH_PORT), "--queue-num", "0", "--no-bans", "--no-ipv6");
    }

    /** With the engine stopped (bound, answering nothing) queued traffic waits, but SSH is not queued. */
    private void sshIgnoresAStoppedEngine(InlineRig rig, Process engine, String at) throws Exception {
        NetNs.run(Duration.ofSeconds(5), "kill", "-STOP", String.valueOf(engine.pid()));
        try {
            assertTrue(newConnections(rig).startsWith("SSH-2.0-SluiceStandIn "), at + ": SSH while the engine is stopped");
        } finally {
            NetNs.run(Duration.ofSeconds(5), "kill", "-CONT", String.valueOf(engine.pid()));
        }
    }

    /** One new connection to SSH (its banner) and one to the echo port (20000 bytes there and back), in one client run. */
    private static String newConnections(InlineRig rig) throws IOException {
        return NetNs.run(Duration.ofSeconds(20), "ip", "netns", "exec", rig.client.name(), "python3", "-c", CHECK_CLIENT,
                InlineRig.SERVER_IP).strip();
    }

    /**
     * {@code sluice run -q 0} in the server namespace, as {@link InlineRig#startEngine} starts it but with
     * JVM options for a quick start (C1 only, serial GC): the test starts 20 engines on a shared machine.
     */
    private Process startEngine(InlineRig rig, int n) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", rig.server.name(), java, "-Xmx256m", "-Xss4m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-cp", engineClassPath, "dev.sluice.engine.cli.SluiceCli",
                "run", "-q", "0", "-S", rig.rulesFile().toString(), "-l", rig.logDir.toString(),
                "--stats-interval", "1", "--socket", "none");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(dir.resolve("engine" + n + ".err").toFile());
        Process p = pb.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!engineStderr(n).contains("inline on queue")) {
            if (!p.isAlive() || System.nanoTime() > end) {
                p.destroyForcibly();
                fail("engine " + n + " did not come up; stderr:\n" + engineStderr(n));
            }
            Thread.sleep(20);
        }
        return p;
    }

    /**
     * The test class path with the project's own entries (class folders, Sluice jars) copied once:
     * the 20 engine starts span minutes, and a build running meanwhile must not swap classes under them.
     */
    private String snapshotClassPath() throws IOException {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path src = Path.of(e);
            boolean ours = Files.isDirectory(src) || e.contains("/dev/sluice/");
            if (!ours || !Files.exists(src)) {
                out.add(e);
                continue;
            }
            Path dst = dir.resolve("cp").resolve(String.valueOf(i++)).resolve(src.getFileName());
            Files.createDirectories(dst.getParent());
            if (Files.isDirectory(src)) {
                try (java.util.stream.Stream<Path> walk = Files.walk(src)) {
                    for (Path f : (Iterable<Path>) walk::iterator) {
                        Path t = dst.resolve(src.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(t);
                        } else {
                            Files.copy(f, t);
                        }
                    }
                }
            } else {
                Files.copy(src, dst);
            }
            out.add(dst.toString());
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    private String engineStderr(int n) throws IOException {
        Path f = dir.resolve("engine" + n + ".err");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    /** Packets counted by the SSH RETURN rule of SLUICE_INPUT (mangle). */
    private static long sshPacketsNotQueued(InlineRig rig) throws IOException {
        for (String line : rig.server.exec("iptables", "-t", "mangle", "-L", "SLUICE_INPUT", "-v", "-n", "-x").split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length > 3 && f[2].equals("RETURN") && line.contains("dpt:" + SSH_PORT)) {
                return Long.parseLong(f[0]);
            }
        }
        fail("no SSH rule in SLUICE_INPUT");
        return 0;
    }

    /** Both logs end at a line boundary; each eve.json line is a JSON record, each fast.log line a whole alert. */
    private static void assertWholeLines(InlineRig rig, String at) throws IOException {
        String eve = rig.eveJson();
        String fast = rig.fastLog();
        assertTrue(eve.isEmpty() || eve.endsWith("\n"), at + ": eve.json ends in a torn line: " + tail(eve));
        assertTrue(fast.isEmpty() || fast.endsWith("\n"), at + ": fast.log ends in a torn line: " + tail(fast));
        ObjectMapper json = new ObjectMapper();
        int n = 0;
        for (String line : eve.split("\n")) {
            n++;
            JsonNode rec;
            try {
                rec = json.readTree(line);
            } catch (IOException e) {
                throw new AssertionError(at + ": eve.json line " + n + " is not JSON: " + line, e);
            }
            assertTrue(rec != null && rec.isObject() && rec.has("timestamp") && rec.has("event_type"),
                    at + ": eve.json line " + n + " is not a record: " + line);
        }
        n = 0;
        for (String line : fast.split("\n")) {
            n++;
            assertTrue(FAST_LINE.matcher(line).matches(), at + ": fast.log line " + n + " is not a whole alert: " + line);
        }
    }

    private static void readBeats(Process p, AtomicLong count, AtomicReference<String> end) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                if (l.startsWith("B ")) {
                    count.incrementAndGet();
                } else {
                    end.set(l);
                }
            }
        } catch (IOException e) {
            end.set("reader: " + e);
        }
        end.compareAndSet(null, "client exited");
    }

    private static void awaitTrue(Duration d, BooleanSupplier c, java.util.function.Supplier<String> why) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail(why.get());
            }
            Thread.sleep(20);
        }
    }

    private interface IoSupplier {
        String get() throws IOException;
    }

    private static String quietly(IoSupplier s) {
        try {
            return s.get();
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    private static long lines(String s) {
        return s.isEmpty() ? 0 : s.chars().filter(c -> c == '\n').count();
    }

    private static String tail(String s) {
        return s.length() <= 300 ? s : "..." + s.substring(s.length() - 300);
    }
}
