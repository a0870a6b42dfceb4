package dev.sluice.engine.inline;

import dev.sluice.capture.netns.NetNs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Reject rules of {@code sluice run} on real traffic between two namespaces (IPv4 and IPv6): the
 * client's TCP connection is reset at once, rejectboth resets the server's side too, a rejected
 * UDP datagram comes back as an ICMP error on the client's socket. Every packet on the server's
 * ports goes through queue 0 both ways, the engine's own resets included: they come back marked
 * and must be let through.
 */
@Timeout(90)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InlineRejectTest {
    static final String CLIENT4 = "10.78.0.1";
    static final String SERVER4 = "10.78.0.2";
    static final String CLIENT6 = "fd78::1";
    static final String SERVER6 = "fd78::2";
    /** Echo ports of the server; 8091 only for the rejected SYN. */
    static final int TCP_PORT = 8090;
    static final int SYN_PORT = 8091;
    static final int UDP_PORT = 9090;
    static final String RULES = ""
            + "reject tcp any any -> any 8090 (msg:\"reject passwd\"; flow:established,to_server; content:\"etc/passwd\"; sid:11;)\n"
            + "rejectboth tcp any any -> any 8090 (msg:\"rejectboth shadow\"; flow:established,to_server; content:\"etc/shadow\"; sid:12;)\n"
            + "reject udp any any -> any 9090 (msg:\"reject evil udp\"; content:\"evil\"; sid:13;)\n"
            + "reject tcp any any -> any 8091 (msg:\"reject syn\"; flags:S; sid:14;)\n";

    /**
     * Dual-stack TCP echo on 8090 and 8091, UDP echo on 9090 (v4 and v6). Prints "ready", then
     * "SRV peerport RESET|EOF|ERR name" as each TCP connection ends.
     */
    private static final String SERVER = """
            import socket, threading
            def echo(c, peer):
                how = "EOF"
                try:
                    while True:
                        b = c.recv(65536)
                        if not b:
                            break
                        c.sendall(b)
                except ConnectionResetError:
                    how = "RESET"
                except Exception as e:
                    how = "ERR " + type(e).__name__
                finally:
                    c.close()
                print("SRV", peer[1], how, flush=True)
            def serve(s):
                while True:
                    c, peer = s.accept()
                    threading.Thread(target=echo, args=(c, peer), daemon=True).start()
            def udp(s):
                while True:
                    b, peer = s.recvfrom(65536)
                    s.sendto(b, peer)
            for port in (8090, 8091):
                s = socket.socket(socket.AF_INET6)
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("::", port)); s.listen(16)
                threading.Thread(target=serve, args=(s,), daemon=True).start()
            for fam, host in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")):
                u = socket.socket(fam, socket.SOCK_DGRAM)
                if fam == socket.AF_INET6:
                    u.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                u.bind((host, 9090))
                threading.Thread(target=udp, args=(u,), daemon=True).start()
            print("ready", flush=True)
            threading.Event().wait()
            """;

    /**
     * Client modes (argv: mode host ...), each printing one line:
     * tcp PAYLOAD: echoes "hello", sends PAYLOAD, waits up to 5 s: "RESET ms lport", "DATA n lport", "EOF", "TIMEOUT".
     * syn: connects to 8091: "REFUSED ms" or "CONNECTED".
     * udp: echoes "good", sends "evil", waits up to 5 s: "ERRNO n ms" or "TIMEOUT" or "DATA n".
     */
    private static final String CLIENT = """
            import socket, sys, time
            mode, host = sys.argv[1], sys.argv[2]
            fam = socket.AF_INET6 if ":" in host else socket.AF_INET
            try:
                if mode == "tcp":
                    s = socket.create_connection((host, 8090), timeout=5)
                    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    s.sendall(b"hello\\n")
                    if s.recv(100) != b"hello\\n":
                        print("NOECHO"); sys.exit()
                    lport = s.getsockname()[1]
                    s.sendall(sys.argv[3].encode())
                    t0 = time.time()
                    try:
                        b = s.recv(100)
                        print("DATA %d %d" % (len(b), lport) if b else "EOF")
                    except ConnectionResetError:
                        print("RESET %d %d" % ((time.time() - t0) * 1000, lport))
                    except socket.timeout:
                        print("TIMEOUT")
                elif mode == "syn":
                    t0 = time.time()
                    try:
                        socket.create_connection((host, 8091), timeout=5)
                        print("CONNECTED")
                    except ConnectionRefusedError:
                        print("REFUSED %d" % ((time.time() - t0) * 1000))
                elif mode == "udp":
                    s = socket.socket(fam, socket.SOCK_DGRAM)
                    s.settimeout(5)
                    s.connect((host, 9090))
                    s.send(b"good")
                    if s.recv(100) != b"good":
                        print("NOECHO"); sys.exit()
                    s.send(b"evil")
                    t0 = time.time()
                    try:
                        b = s.recv(100)
                        print("DATA %d" % len(b))
                    except socket.timeout:
                        print("TIMEOUT")
                    except OSError as e:
                        print("ERRNO %d %d" % (e.errno, (time.time() - t0) * 1000))
            except Exception as e:
                print("ERR", type(e).__name__, str(e).replace("\\n", " "), flush=True)
            """;

    private NetNs client;
    private NetNs server;
    private Process pyServer;
    private Process engine;
    private Path dir;
    private Path logDir;
    private Path engineErr;
    private final List<String> serverLines = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startRig() throws Exception {
        InlineRig.assumeInline();
        dir = Files.createTempDirectory("sluice-reject");
        try {
            client = NetNs.createUnique("slrc");
            server = NetNs.createUnique("slrs");
            String tag = Long.toHexString(System.nanoTime() & 0xffffffL);
            String vs = "vs" + tag;
            String vc = "vc" + tag;
            server.linkTo(client, vs, SERVER4 + "/24", vc, CLIENT4 + "/24");
            server.exec("ip", "-6", "addr", "add", SERVER6 + "/64", "dev", vs, "nodad");
            client.exec("ip", "-6", "addr", "add", CLIENT6 + "/64", "dev", vc, "nodad");
            // Both directions of every port in play go to queue 0, our own answers included.
            for (String ipt : new String[] {"iptables", "ip6tables"}) {
                for (String proto : new String[] {"tcp", "udp"}) {
                    String ports = proto.equals("tcp") ? TCP_PORT + ":" + SYN_PORT : String.valueOf(UDP_PORT);
                    for (String[] r : new String[][] {{"INPUT", "--dport"}, {"OUTPUT", "--sport"}}) {
                        server.exec(ipt, "-A", r[0], "-p", proto, r[1], ports,
                                "-j", "NFQUEUE", "--queue-num", "0", "--queue-bypass");
                    }
                }
            }
            pyServer = server.start("python3", "-u", "-c", SERVER);
            BufferedReader out = new BufferedReader(new InputStreamReader(pyServer.getInputStream(), StandardCharsets.UTF_8));
            Thread reader = new Thread(() -> {
                try {
                    String l;
                    while ((l = out.readLine()) != null) {
                        serverLines.add(l);
                    }
                } catch (IOException e) {
                    // server gone
                }
            }, "reject-test-server-out");
            reader.setDaemon(true);
            reader.start();
            if (!await(serverLines::isEmpty, false, Duration.ofSeconds(10)) || !serverLines.get(0).equals("ready")) {
                throw new IOException("python server did not start: " + serverLines);
            }
            Path rules = dir.resolve("reject.rules");
            Files.writeString(rules, RULES);
            logDir = dir.resolve("logs");
            engineErr = dir.resolve("engine.err");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", server.name(), java, "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), "dev.sluice.engine.cli.SluiceCli",
                    "run", "-q", "0", "-S", rules.toString(), "-l", logDir.toString(), "--stats-interval", "1");
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.redirectError(engineErr.toFile());
            engine = pb.start();
            if (!awaitErr(l -> l.contains("inline on queue"), Duration.ofSeconds(30))) {
                throw new AssertionError("engine did not come up; stderr:\n" + engineStderr());
            }
        } catch (Exception | AssertionError e) {
            stopRig();
            throw e;
        }
    }

    @AfterAll
    void stopRig() throws Exception {
        if (engine != null) {
            engine.destroy();
            if (!engine.waitFor(20, TimeUnit.SECONDS)) {
                engine.destroyForcibly();
            }
        }
        if (pyServer != null) {
            pyServer.destroyForcibly();
            pyServer.waitFor(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
        if (client != null) {
            client.close();
        }
        if (dir != null && Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        engine = null;
        pyServer = null;
        server = null;
        client = null;
    }

    @Test
    void rejectResetsTheClientAtOnceAndLeavesTheServerAlone() throws Exception {
        String r = client("tcp", SERVER4, "GET /x/../../etc/passwd HTTP/1.0\r\n\r\n");
        assertReset(r);
        String lport = r.split(" ")[2];
        Thread.sleep(500);
        assertFalse(serverLines.contains("SRV " + lport + " RESET"), "reject answers the source only: " + serverLines);
        assertTrue(awaitFast("[1:11:0] reject passwd"), "fast.log: " + fastLog());
    }

    @Test
    void rejectbothResetsTheServerSideToo() throws Exception {
        String r = client("tcp", SERVER4, "GET /x/../../etc/shadow HTTP/1.0\r\n\r\n");
        assertReset(r);
        String lport = r.split(" ")[2];
        assertTrue(await(() -> serverLines.contains("SRV " + lport + " RESET"), true, Duration.ofSeconds(3)),
                "the server's socket was reset: " + serverLines + "\nengine stderr:\n" + engineStderr());
        assertTrue(awaitFast("[1:12:0] rejectboth shadow"), "fast.log: " + fastLog());
    }

    @Test
    void rejectResetsAnIpv6ClientAndRefusesAnIpv6Syn() throws Exception {
        assertReset(client("tcp", SERVER6, "GET /etc/passwd HTTP/1.0\r\n\r\n"));
        String syn = client("syn", SERVER6);
        assertTrue(syn.matches("REFUSED \\d+") && Integer.parseInt(syn.split(" ")[1]) < 1000,
                "the SYN is answered with a reset at once: " + syn + "\nengine stderr:\n" + engineStderr());
        assertTrue(awaitFast("[1:14:0] reject syn"), "fast.log: " + fastLog());
    }

    @Test
    void rejectedUdpComesBackAsAnIcmpErrorOnTheClientSocket() throws Exception {
        // Host administratively prohibited is EHOSTUNREACH on Linux; IPv6 administratively prohibited is EACCES.
        assertUdpErrno(client("udp", SERVER4), 113);
        assertUdpErrno(client("udp", SERVER6), 13);
        assertTrue(awaitFast("[1:13:0] reject evil udp"), "fast.log: " + fastLog());
        assertTrue(awaitErr(l -> l.matches("sluice: stats q0: .* [1-9][0-9]* rejects sent, .*") && !l.contains("rejects failed"),
                Duration.ofSeconds(5)), "stats count the rejects sent, none failed:\n" + engineStderr());
    }

    private void assertReset(String r) {
        assertTrue(r.matches("RESET \\d+ \\d+"), "the client's connection is reset: " + r + "\nengine stderr:\n" + engineStderr());
        assertTrue(Integer.parseInt(r.split(" ")[1]) < 1000, "promptly, not after a timeout: " + r);
    }

    private void assertUdpErrno(String r, int errno) {
        assertTrue(r.matches("ERRNO " + errno + " \\d+"), "the client's socket got errno " + errno + ": " + r
                + "\nengine stderr:\n" + engineStderr());
        assertTrue(Integer.parseInt(r.split(" ")[2]) < 1000, "promptly: " + r);
    }

    private String client(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", client.name(), "python3", "-c", CLIENT));
        cmd.addAll(List.of(args));
        return NetNs.run(Duration.ofSeconds(20), cmd.toArray(String[]::new)).strip();
    }

    private String engineStderr() {
        try {
            return engineErr == null || !Files.exists(engineErr) ? "" : Files.readString(engineErr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read engine stderr: " + e + ")";
        }
    }

    private String fastLog() throws IOException {
        Path p = logDir.resolve("fast.log");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    /** fast.log is written by the engine's output thread: waits a little for the line. */
    private boolean awaitFast(String text) throws Exception {
        return await(() -> {
            try {
                return fastLog().lines().anyMatch(l -> l.contains("[Drop] [**] " + text));
            } catch (IOException e) {
                return false;
            }
        }, true, Duration.ofSeconds(5));
    }

    private boolean awaitErr(Predicate<String> p, Duration d) throws InterruptedException {
        return await(() -> engineStderr().lines().anyMatch(p), true, d);
    }

    private static boolean await(java.util.function.BooleanSupplier cond, boolean want, Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (cond.getAsBoolean() != want) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
