package dev.sluice.engine.iptables;

import dev.sluice.capture.netns.NetNs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server namespace ({@link #SERVER_V4}, {@link #SERVER_V6}) joined to a client namespace by a
 * veth pair, a python listener in the server namespace on {@link #SSH_PORT} and {@link #OTHER_PORT}
 * (IPv4 and IPv6, answering "hi" and closing), and {@code iptables/sluice-iptables} run inside the
 * server namespace with its own state folder and back end. Closing removes everything.
 */
final class IptablesRig implements AutoCloseable {
    static final String CLIENT_V4 = "10.78.0.1";
    static final String SERVER_V4 = "10.78.0.2";
    static final String CLIENT_V6 = "fd78::1";
    static final String SERVER_V6 = "fd78::2";
    static final int SSH_PORT = 2222;
    static final int OTHER_PORT = 8080;
    static final Path SCRIPT = Path.of(System.getProperty("user.dir")).getParent().resolve("iptables/sluice-iptables");

    /** Dual-stack listener on each port given; every connection gets "hi\n". Prints "ready". */
    private static final String LISTENER = """
            import socket, sys, threading
            def serve(s):
                while True:
                    c, _ = s.accept()
                    try:
                        c.sendall(b"hi\\n")
                    finally:
                        c.close()
            for p in sys.argv[1:]:
                s = socket.socket(socket.AF_INET6)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
                s.bind(("::", int(p)))
                s.listen(16)
                threading.Thread(target=serve, args=(s,), daemon=True).start()
            print("ready", flush=True)
            threading.Event().wait()
            """;

    /** argv: host port [host port ...]; prints "host port OK" or "host port ERR reason" for each. */
    private static final String CLIENT = """
            import socket, sys
            a = sys.argv[1:]
            for host, port in zip(a[0::2], a[1::2]):
                try:
                    s = socket.create_connection((host, int(port)), timeout=3)
                    s.settimeout(3)
                    got = s.recv(16)
                    print(host, port, "OK" if got == b"hi\\n" else "ERR got %r" % got, flush=True)
                    s.close()
                except Exception as e:
                    print(host, port, "ERR", type(e).__name__, flush=True)
            """;

    final NetNs server;
    final NetNs client;
    final String backend;
    final Path state;
    private final List<Process> started = new ArrayList<>();

    /** The result of one command: exit status and its two output streams. */
    record Result(int exit, String out, String err) {
        Result ok() {
            assertEquals(0, exit, () -> "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }
    }

    /** Sets up the namespaces and the listener; {@code backend} is nft or legacy. */
    IptablesRig(String backend, Path dir) throws Exception {
        this.backend = backend;
        this.state = dir.resolve("state-" + backend);
        NetNs s = null;
        NetNs c = null;
        try {
            s = NetNs.createUnique("sis");
            c = NetNs.createUnique("sic");
            String tag = Long.toHexString(System.nanoTime() & 0xffffffL);
            String here = "vs" + tag;
            String there = "vc" + tag;
            s.linkTo(c, here, SERVER_V4 + "/24", there, CLIENT_V4 + "/24");
            // nodad: the addresses are usable at once instead of after duplicate address detection.
            s.exec("ip", "-6", "addr", "add", SERVER_V6 + "/64", "dev", here, "nodad");
            c.exec("ip", "-6", "addr", "add", CLIENT_V6 + "/64", "dev", there, "nodad");
        } catch (Exception e) {
            if (s != null) {
                s.close();
            }
            if (c != null) {
                c.close();
            }
            throw e;
        }
        server = s;
        client = c;
    }

    /** Starts the listener on {@link #SSH_PORT} and {@link #OTHER_PORT} in the server namespace. */
    void startListener() throws Exception {
        Process py = server.start("python3", "-u", "-c", LISTENER, String.valueOf(SSH_PORT), String.valueOf(OTHER_PORT));
        started.add(py);
        BufferedReader out = new BufferedReader(new InputStreamReader(py.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return "ERR " + e;
            }
        }).get(10, TimeUnit.SECONDS);
        if (!"ready".equals(line)) {
            throw new IOException("listener did not start: " + line);
        }
    }

    /** Starts a process in the server namespace that is stopped at close. */
    Process startInServer(List<String> cmd, Map<String, String> env, Path stderr) throws IOException {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", server.name()));
        all.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(all);
        pb.environment().putAll(env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(stderr.toFile());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** The environment the script runs with: this rig's state folder and back end. */
    Map<String, String> scriptEnv() {
        return Map.of("SLUICE_IPTABLES_STATE", state.toString(), "SLUICE_IPTABLES_BACKEND", backend);
    }

    /** Runs {@code sluice-iptables args...} in the server namespace. */
    Result script(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
        cmd.addAll(List.of(args));
        return inServer(cmd, scriptEnv());
    }

    /** Runs a command in the server namespace with extra environment, waiting at most 30 s. */
    Result inServer(List<String> cmd, Map<String, String> env) throws Exception {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", server.name()));
        all.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(all);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = readAll(p.getInputStream());
        CompletableFuture<String> err = readAll(p.getErrorStream());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", cmd));
        }
        return new Result(p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
    }

    private static CompletableFuture<String> readAll(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        });
    }

    /** Runs iptables (family 4) or ip6tables (6) of this rig's back end in the server namespace. */
    String ipt(int family, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of((family == 6 ? "ip6tables-" : "iptables-") + backend));
        cmd.addAll(List.of(args));
        return inServer(cmd, Map.of()).ok().out();
    }

    /** iptables-save (or ip6tables-save) output without the dated comments and with counters zeroed. */
    String save(int family) throws Exception {
        String raw = inServer(List.of((family == 6 ? "ip6tables-" : "iptables-") + backend + "-save"), Map.of()).ok().out();
        StringBuilder b = new StringBuilder();
        for (String line : raw.split("\n")) {
            if (!line.startsWith("#")) {
                b.append(line.replaceAll("\\[\\d+:\\d+]", "[0:0]")).append('\n');
            }
        }
        return b.toString();
    }

    /** Both families' normalized rules, for whole-ruleset comparisons. */
    String saveAll() throws Exception {
        return "IPv4:\n" + save(4) + "IPv6:\n" + save(6);
    }

    /**
     * Rules an administrator already has, in the tables and chains Sluice uses and in others,
     * both families: they must come through up/down untouched.
     */
    void addUnrelatedRules() throws Exception {
        for (int f : new int[] {4, 6}) {
            ipt(f, "-A", "INPUT", "-p", "tcp", "--dport", "9999", "-j", "DROP");
            ipt(f, "-N", "ADMIN_CHAIN");
            ipt(f, "-A", "ADMIN_CHAIN", "-p", "udp", "--dport", "53", "-j", "RETURN");
            ipt(f, "-A", "OUTPUT", "-j", "ADMIN_CHAIN");
            ipt(f, "-A", "FORWARD", "-p", "tcp", "--dport", "25", "-j", "REJECT");
            ipt(f, "-t", "mangle", "-A", "INPUT", "-p", "tcp", "--dport", "7777", "-j", "MARK", "--set-mark", "9");
            ipt(f, "-t", "mangle", "-A", "PREROUTING", "-p", "udp", "--dport", "123", "-j", "MARK", "--set-mark", "7");
        }
    }

    /** Connects from the client namespace to each (host, port) and returns "host port OK|ERR ..." lines. */
    List<String> reach(Object... hostPort) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", client.name(), "python3", "-c", CLIENT));
        for (Object o : hostPort) {
            cmd.add(o.toString());
        }
        return NetNs.run(java.time.Duration.ofSeconds(30), cmd.toArray(String[]::new)).strip().lines().toList();
    }

    /** Asserts the SSH port and another port answer over IPv4 and IPv6. */
    void assertAllReachable(String when) throws Exception {
        List<String> got = reach(SERVER_V4, SSH_PORT, SERVER_V4, OTHER_PORT, SERVER_V6, SSH_PORT, SERVER_V6, OTHER_PORT);
        assertEquals(List.of(
                SERVER_V4 + " " + SSH_PORT + " OK", SERVER_V4 + " " + OTHER_PORT + " OK",
                SERVER_V6 + " " + SSH_PORT + " OK", SERVER_V6 + " " + OTHER_PORT + " OK"), got, when);
    }

    /**
     * Packets counted by the rule of chain {@code SLUICE_INPUT} (table mangle) whose target and
     * text match, e.g. ("NFQUEUE", "") or ("RETURN", "dpt:2222").
     */
    long counter(int family, String chain, String target, String containing) throws Exception {
        String listing = ipt(family, "-t", "mangle", "-L", chain, "-v", "-x", "-n");
        for (String line : listing.lines().skip(2).toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 2 && f[2].equals(target) && line.contains(containing)) {
                return Long.parseLong(f[0]);
            }
        }
        throw new AssertionError("no " + target + " rule with '" + containing + "' in " + chain + ":\n" + listing);
    }

    /** Polls {@code check} every 100 ms for up to {@code millis}. */
    static boolean within(long millis, CheckedSupplier check) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            if (check.get()) {
                return true;
            }
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(100);
        }
    }

    /** A condition that may throw. */
    interface CheckedSupplier {
        boolean get() throws Exception;
    }

    /** Waits until a line of {@code file} satisfies {@code p} while {@code p} lives. */
    static boolean awaitLine(Path file, Predicate<String> p, Process proc, long millis) throws Exception {
        return within(millis, () -> Files.readString(file).lines().anyMatch(p) || !proc.isAlive())
                && Files.readString(file).lines().anyMatch(p);
    }

    @Override
    public void close() throws Exception {
        try {
            // A rollback timer of a test that failed early must not outlive it.
            script("down");
        } catch (Exception | AssertionError ignored) {
            // best effort
        }
        for (Process p : started) {
            p.destroyForcibly();
        }
        for (Process p : started) {
            p.waitFor(5, TimeUnit.SECONDS);
        }
        server.close();
        client.close();
    }

    static void assertContains(String text, String part) {
        assertTrue(text.contains(part), () -> "expected '" + part + "' in:\n" + text);
    }
}
