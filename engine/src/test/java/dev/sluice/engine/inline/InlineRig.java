package dev.sluice.engine.inline;

import dev.sluice.capture.netns.NetNs;
import dev.sluice.capture.nfq.Nfqueue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two namespaces joined by a veth pair: the client at {@link #CLIENT_IP}, the server at
 * {@link #SERVER_IP} with a python server (echo on {@link #ECHO_PORT}, a ticker on
 * {@link #TICK_PORT}) whose traffic both ways goes to NFQUEUE queue 0 with --queue-bypass, and
 * {@code sluice run -q 0} as a subprocess in the server namespace. Closing removes everything.
 */
final class InlineRig implements AutoCloseable {
    static final String CLIENT_IP = "10.77.0.1";
    static final String SERVER_IP = "10.77.0.2";
    static final int ECHO_PORT = 8080;
    static final int TICK_PORT = 8081;
    static final String ATTACK = "GET /x/../../etc/passwd HTTP/1.0\r\n\r\n";
    static final String RULES = ""
            + "drop tcp any any -> any 8080 (msg:\"passwd echo\"; flow:established,to_server; content:\"etc/passwd\"; sid:1;)\n"
            + "drop tcp any any -> any 8081 (msg:\"passwd tick\"; flow:established,to_server; content:\"etc/passwd\"; sid:2;)\n";

    /** Echo server on 8080 (echoes until EOF, then half-closes); on 8081 sends "T<n>\n" every 100 ms for 10 s. */
    private static final String SERVER = """
            import socket, sys, threading, time
            def echo(c):
                try:
                    while True:
                        b = c.recv(65536)
                        if not b:
                            break
                        c.sendall(b)
                    c.shutdown(socket.SHUT_WR)
                except Exception:
                    pass
                finally:
                    c.close()
            def tick(c):
                try:
                    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    for i in range(100):
                        c.sendall(b"T%d\\n" % i)
                        time.sleep(0.1)
                except Exception:
                    pass
                finally:
                    c.close()
            def listen(port):
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("0.0.0.0", port))
                s.listen(32)
                return s
            def serve(s, fn):
                while True:
                    c, _ = s.accept()
                    threading.Thread(target=fn, args=(c,), daemon=True).start()
            e, t = listen(8080), listen(8081)
            threading.Thread(target=serve, args=(t, tick), daemon=True).start()
            print("ready", flush=True)
            serve(e, echo)
            """;

    /**
     * Client modes (argv: mode host ...), each printing one result line:
     * echo N: sends N random bytes while reading the echo; "OK sentSha recvSha recvLen" or "ERR ...".
     * attack split: "hello\n" then the attack (split: two segments 0.2 s apart); "HELLO ok|no RECV n PASSWD yes|no".
     * tickattack split: reads 3 ticks, sends the attack, waits 0.4 s, then counts bytes for 1.5 s: "BEFORE n AFTER m".
     * ticks: prints "T" per tick line as it arrives, for up to 8 s.
     * flood N: starts N connections to the echo port at once without waiting for them: "FLOOD N".
     * bulkattack N: sends N random bytes and reads their echo, then the attack in a segment of its own:
     * "ECHOED n PASSWD yes|no" (whether the attack came back within 2 s).
     */
    private static final String CLIENT = """
            import hashlib, os, socket, sys, threading, time
            mode, host = sys.argv[1], sys.argv[2]
            attack = b"GET /x/../../etc/passwd HTTP/1.0\\r\\n\\r\\n"
            def send_attack(s, split):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                if split:
                    half = attack.index(b"passwd") + 2
                    s.sendall(attack[:half]); time.sleep(0.2); s.sendall(attack[half:])
                else:
                    s.sendall(attack)
            def read_for(s, secs):
                got = b""; end = time.time() + secs
                while time.time() < end:
                    s.settimeout(max(0.05, end - time.time()))
                    try:
                        b = s.recv(65536)
                    except socket.timeout:
                        break
                    except OSError:
                        break
                    if not b:
                        break
                    got += b
                return got
            try:
                if mode == "echo":
                    n = int(sys.argv[3]); data = os.urandom(n)
                    s = socket.create_connection((host, 8080), timeout=5); s.settimeout(10)
                    def sender():
                        s.sendall(data); s.shutdown(socket.SHUT_WR)
                    th = threading.Thread(target=sender, daemon=True); th.start()
                    got = bytearray()
                    while True:
                        b = s.recv(65536)
                        if not b:
                            break
                        got += b
                    print("OK", hashlib.sha256(data).hexdigest(), hashlib.sha256(got).hexdigest(), len(got))
                elif mode == "attack":
                    s = socket.create_connection((host, 8080), timeout=5)
                    s.sendall(b"hello\\n"); hello = read_for(s, 3) == b"hello\\n"
                    send_attack(s, sys.argv[3] == "split")
                    got = read_for(s, 2.0)
                    print("HELLO", "ok" if hello else "no", "RECV", len(got), "PASSWD", "yes" if b"etc/passwd" in got else "no")
                elif mode == "tickattack":
                    s = socket.create_connection((host, 8081), timeout=5)
                    before = b""; end = time.time() + 3
                    while before.count(b"\\n") < 3 and time.time() < end:
                        before += read_for(s, 0.3)
                    send_attack(s, sys.argv[3] == "split")
                    time.sleep(0.4); read_for(s, 0.05)
                    after = read_for(s, 1.5)
                    print("BEFORE", before.count(b"\\n"), "AFTER", len(after))
                elif mode == "flood":
                    n = int(sys.argv[3]); socks = []
                    for i in range(n):
                        s = socket.socket(); s.setblocking(False)
                        try:
                            s.connect((host, 8080))
                        except BlockingIOError:
                            pass
                        socks.append(s)
                    time.sleep(0.3)
                    print("FLOOD", n)
                elif mode == "bulkattack":
                    n = int(sys.argv[3]); data = os.urandom(n)
                    s = socket.create_connection((host, 8080), timeout=5)
                    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    threading.Thread(target=lambda: s.sendall(data), daemon=True).start()
                    got = 0; s.settimeout(10)
                    while got < n:
                        b = s.recv(65536)
                        if not b:
                            break
                        got += len(b)
                    time.sleep(0.1); s.sendall(attack)
                    after = read_for(s, 2.0)
                    print("ECHOED", got, "PASSWD", "yes" if b"etc/passwd" in after else "no")
                elif mode == "ticks":
                    s = socket.create_connection((host, 8081), timeout=5); s.settimeout(8)
                    f = s.makefile("rb")
                    for line in f:
                        print("T", flush=True)
            except Exception as e:
                print("ERR", type(e).__name__, str(e).replace("\\n", " "), flush=True)
            """;

    final NetNs client;
    final NetNs server;
    final Path logDir;
    private final Path rules;
    private final Process pyServer;
    private final List<Process> started = new ArrayList<>();
    private Process engine;
    private Path engineErrFile;
    /** The engine JVM's heap; ET Open needs more than the small default. */
    String engineHeap = "256m";

    /** Skips the test unless this process is root and NFQUEUE works. */
    static void assumeInline() throws IOException {
        boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Uid:")).anyMatch(l -> l.split("\\s+")[1].equals("0"));
        assumeTrue(root, "inline tests need root");
        String why = Nfqueue.unavailableReason();
        assumeTrue(why == null, () -> "NFQUEUE unavailable: " + why);
    }

    InlineRig(Path dir) throws Exception {
        NetNs c = null;
        NetNs s = null;
        Process py = null;
        try {
            c = NetNs.createUnique("slc");
            s = NetNs.createUnique("sls");
            String tag = Long.toHexString(System.nanoTime() & 0xffffffL);
            s.linkTo(c, "vs" + tag, SERVER_IP + "/24", "vc" + tag, CLIENT_IP + "/24");
            for (String[] r : new String[][] {
                    {"INPUT", "--dport"}, {"OUTPUT", "--sport"}}) {
                s.exec("iptables", "-A", r[0], "-p", "tcp", r[1], ECHO_PORT + ":" + TICK_PORT,
                        "-j", "NFQUEUE", "--queue-num", "0", "--queue-bypass");
            }
            py = s.start("python3", "-u", "-c", SERVER);
            BufferedReader out = new BufferedReader(new InputStreamReader(py.getInputStream(), StandardCharsets.UTF_8));
            String line = readLineWithin(out, Duration.ofSeconds(10));
            if (!"ready".equals(line)) {
                throw new IOException("python server did not start: " + line);
            }
        } catch (Exception e) {
            if (py != null) {
                py.destroyForcibly();
            }
            if (s != null) {
                s.close();
            }
            if (c != null) {
                c.close();
            }
            throw e;
        }
        client = c;
        server = s;
        pyServer = py;
        logDir = dir.resolve("logs");
        rules = dir.resolve("inline.rules");
        Files.writeString(rules, RULES);
    }

    private static String readLineWithin(BufferedReader in, Duration d) throws Exception {
        java.util.concurrent.CompletableFuture<String> f = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return in.readLine();
            } catch (IOException e) {
                return "ERR " + e;
            }
        });
        try {
            return f.get(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        }
    }

    /**
     * Starts {@code sluice run -q 0} (with {@code extraArgs}) in the server namespace and waits for
     * its "inline on queue" line.
     */
    Process startEngine(String... extraArgs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", server.name(), java, "-Xmx" + engineHeap,
                "-cp", System.getProperty("java.class.path"), "dev.sluice.engine.cli.SluiceCli",
                "run", "-q", "0", "-S", rules.toString(), "-l", logDir.toString(), "--stats-interval", "1");
        pb.command().addAll(List.of(extraArgs));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // ip netns exec execs java in place, so signals to this process reach the JVM.
        // A file, not a pipe: the JDK closes a child's pipe on exit and a blocked reader can lose the last lines.
        engineErrFile = Files.createTempFile(logDir.getParent(), "engine", ".err");
        pb.redirectError(engineErrFile.toFile());
        engine = pb.start();
        started.add(engine);
        if (!awaitErr(l -> l.contains("inline on queue"), Duration.ofSeconds(30))) {
            throw new AssertionError("engine did not come up; stderr:\n" + engineStderr());
        }
        return engine;
    }

    /** Waits until a stderr line of the engine satisfies {@code p}. */
    boolean awaitErr(Predicate<String> p, Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (true) {
            boolean alive = engine.isAlive();
            if (engineStderr().lines().anyMatch(p)) {
                return true;
            }
            if (!alive || System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(50);
        }
    }

    String engineStderr() {
        try {
            return engineErrFile == null ? "" : Files.readString(engineErrFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read engine stderr: " + e + ")";
        }
    }

    /** The rule file {@code startEngine} loads (tests may rewrite it, then reload). */
    Path rulesFile() {
        return rules;
    }

    /** Sends SIGTERM and returns the exit status (or fails after 20 s). */
    int stopEngine() throws Exception {
        engine.destroy();
        if (!engine.waitFor(20, TimeUnit.SECONDS)) {
            engine.destroyForcibly();
            throw new AssertionError("engine did not stop on SIGTERM; stderr:\n" + engineStderr());
        }
        return engine.exitValue();
    }

    /** Runs the python client in the client namespace, returning its output (bounded by {@code timeout}). */
    String clientRun(Duration timeout, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", client.name(), "python3", "-c", CLIENT));
        cmd.add(args[0]);
        cmd.add(SERVER_IP);
        cmd.addAll(List.of(args).subList(1, args.length));
        return NetNs.run(timeout, cmd.toArray(String[]::new)).strip();
    }

    /** Starts the python client in the client namespace; the caller reads its output. */
    Process clientStart(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("python3", "-u", "-c", CLIENT, args[0], SERVER_IP));
        cmd.addAll(List.of(args).subList(1, args.length));
        Process p = client.start(cmd.toArray(String[]::new));
        started.add(p);
        return p;
    }

    /** Clean echo of {@code n} random bytes; asserts they come back identical. */
    void assertCleanEcho(int n) throws IOException {
        String r = clientRun(Duration.ofSeconds(20), "echo", String.valueOf(n));
        String[] f = r.split(" ");
        if (f.length != 4 || !f[0].equals("OK") || !f[1].equals(f[2]) || !f[3].equals(String.valueOf(n))) {
            throw new AssertionError("clean echo of " + n + " bytes failed: " + r + "\nengine stderr:\n" + engineStderr());
        }
    }

    /** The server namespace's line for queue 0 in /proc/net/netfilter/nfnetlink_queue, or "" when unbound. */
    String kernelQueueLine() throws IOException {
        return server.exec("cat", "/proc/net/netfilter/nfnetlink_queue").lines()
                .map(String::strip).filter(l -> l.startsWith("0 ")).findFirst().orElse("");
    }

    /**
     * Replaces the rig's queue rules with those of {@code sluice-iptables up} (state in {@code stateDir};
     * SSH port 22, no bans, no IPv6, no rollback) plus {@code args}, in the server namespace.
     */
    void useSluiceIptables(Path stateDir, String... args) throws IOException {
        server.exec("iptables", "-F", "INPUT");
        server.exec("iptables", "-F", "OUTPUT");
        Path script = Path.of(System.getProperty("user.dir")).getParent().resolve("iptables/sluice-iptables");
        List<String> cmd = new ArrayList<>(List.of("env", "SLUICE_IPTABLES_STATE=" + stateDir, script.toString(), "up",
                "--no-rollback", "--no-bans", "--no-ipv6", "--ssh-port", "22"));
        cmd.addAll(List.of(args));
        server.exec(cmd.toArray(String[]::new));
    }

    /** Packets counted by the rules of {@code chain} (table mangle, server namespace) whose target is {@code target} and text holds {@code containing}. */
    long counter(String chain, String target, String containing) throws IOException {
        long n = 0;
        for (String line : server.exec("iptables", "-t", "mangle", "-L", chain, "-v", "-x", "-n").lines().skip(2).toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 2 && f[2].equals(target) && line.contains(containing)) {
                n += Long.parseLong(f[0]);
            }
        }
        return n;
    }

    String fastLog() throws IOException {
        Path p = logDir.resolve("fast.log");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    String eveJson() throws IOException {
        Path p = logDir.resolve("eve.json");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    @Override
    public void close() {
        for (Process p : started) {
            p.destroyForcibly();
        }
        pyServer.destroyForcibly();
        for (Process p : started) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server.close();
        client.close();
    }
}
