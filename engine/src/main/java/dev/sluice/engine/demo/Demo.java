package dev.sluice.engine.demo;

import dev.sluice.capture.netns.NetNs;
import dev.sluice.capture.nfq.Nfqueue;
import dev.sluice.engine.cli.SluiceCli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The demo, start to end:
 *
 * <pre>
 *  client namespace                 server namespace
 *  10.88.0.1  ---- veth pair ----  10.88.0.2:80  web server (this JVM)
 *  DemoClient                         |  iptables: tcp port 80 in and out -> NFQUEUE 0 (--queue-bypass)
 *                                     +- sluice run -q 0 -S demo.rules (subprocess)
 * </pre>
 *
 * The engine is the real {@code sluice run} of this jar, started with {@code ip netns exec}; the
 * rules come from the jar and, with the logs, live in a temp dir. Everything made is undone by
 * {@link Cleanup}: at the end, on an error, or from the shutdown hook on SIGINT/SIGTERM.
 */
public final class Demo {
    static final String CLIENT_IP = "10.88.0.1";
    static final String SERVER_IP = "10.88.0.2";
    static final int PORT = 80;
    static final int QUEUE = 0;
    /** A request without an answer after this long counts as blocked. */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(2);
    static final Duration ENGINE_START_TIMEOUT = Duration.ofSeconds(40);
    static final Duration ENGINE_STOP_TIMEOUT = Duration.ofSeconds(10);
    /** The shipped rule set, next to this class in the jar. */
    public static final String RULES_RESOURCE = "demo.rules";
    /** Namespace name prefixes; {@link NetNs#createUnique} adds a random suffix. */
    static final String CLIENT_NS_PREFIX = "sldemo-c";
    static final String SERVER_NS_PREFIX = "sldemo-s";
    /** The engine's stderr line saying it is bound to its queue. */
    private static final String ENGINE_UP = "inline on queue";

    private final PrintStream out;
    private final PrintStream err;
    private final Cleanup cleanup = new Cleanup();
    /** Set by the shutdown hook: from then on the demo's own thread stays quiet. */
    private volatile boolean interrupted;

    public Demo(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the demo. Returns 0 when every clean request passed and every attack was blocked, 1
     * otherwise, 2 (after one line on stderr) when this machine cannot run it.
     *
     * @throws Exception when setting up fails (the set-up made so far is removed first)
     */
    public int run() throws Exception {
        String refusal = refusal(isRoot(), Demo::onPath, Nfqueue::unavailableReason);
        if (refusal != null) {
            err.println(refusal);
            return 2;
        }
        Thread hook = new Thread(this::onShutdown, "sluice-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return demo();
        } catch (Exception e) {
            if (interrupted) {
                return 130;
            }
            throw e;
        } finally {
            if (!interrupted) {
                report(cleanup.run());
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway and finds nothing left to do
                }
            }
        }
    }

    /**
     * Why the demo cannot run here, as the one line to print, or null. Root comes first: without it
     * nothing else can be checked meaningfully.
     */
    static String refusal(boolean root, Predicate<String> onPath, Supplier<String> nfqueueProblem) {
        if (!root) {
            return "sluice demo needs root: run it with sudo";
        }
        if (!onPath.test("ip")) {
            return "sluice demo needs the ip command on the PATH (Debian: apt-get install iproute2)";
        }
        if (!onPath.test("iptables")) {
            return "sluice demo needs the iptables command on the PATH (Debian: apt-get install iptables)";
        }
        String nfq = nfqueueProblem.get();
        return nfq == null ? null : "sluice demo cannot use NFQUEUE: " + nfq;
    }

    private int demo() throws Exception {
        Path dir = Files.createTempDirectory("sluice-demo-");
        cleanup.add("removed " + dir, () -> deleteTree(dir));
        Path rules = dir.resolve("demo.rules");
        try (InputStream in = Demo.class.getResourceAsStream(RULES_RESOURCE)) {
            if (in == null) {
                throw new IOException("demo rules missing from the jar (" + RULES_RESOURCE + ")");
            }
            Files.copy(in, rules);
        }
        Path logs = Files.createDirectory(dir.resolve("logs"));

        NetNs server = namespace(SERVER_NS_PREFIX);
        NetNs client = namespace(CLIENT_NS_PREFIX);
        String tag = Long.toHexString(System.nanoTime() & 0xffffffL);
        server.linkTo(client, "dmo-s" + tag, SERVER_IP + "/24", "dmo-c" + tag, CLIENT_IP + "/24");
        // Both directions of the web server's traffic; with --queue-bypass it flows while no engine is bound.
        for (String[] r : new String[][] {{"INPUT", "--dport"}, {"OUTPUT", "--sport"}}) {
            server.exec("iptables", "-A", r[0], "-p", "tcp", r[1], String.valueOf(PORT),
                    "-j", "NFQUEUE", "--queue-num", String.valueOf(QUEUE), "--queue-bypass");
        }
        DemoWebServer web = DemoWebServer.start(server, SERVER_IP, PORT);
        cleanup.add("stopped the web server", web::close);

        say("sluice demo: a client and a web server in two network namespaces joined by a veth pair");
        say(String.format(Locale.ROOT, "  client  %-14s namespace %s", CLIENT_IP, client.name()));
        say(String.format(Locale.ROOT, "  server  %-14s namespace %s: web server; its TCP port %d traffic goes to NFQUEUE %d",
                SERVER_IP + ":" + PORT, server.name(), PORT, QUEUE));
        say("  engine  sluice run -q " + QUEUE + " -S " + rules + " -l " + logs + "  (in the server namespace)");
        Path engineErr = dir.resolve("engine.err");
        Process engine = startEngine(server, rules, logs, engineErr);
        say("  engine up: " + stripPrefix(awaitEngine(engine, engineErr)));
        say("");

        say("requests from the client (no answer in " + REPLY_TIMEOUT.toSeconds() + " s counts as blocked):");
        int cleanPassed = 0;
        int attacksBlocked = 0;
        int attacks = 0;
        List<DemoClient.Outcome> outcomes = send(new DemoClient(client, SERVER_IP, PORT, REPLY_TIMEOUT));
        for (int i = 0; i < DemoRequest.ALL.size(); i++) {
            DemoRequest r = DemoRequest.ALL.get(i);
            DemoClient.Outcome o = outcomes.get(i);
            boolean asExpected = r.attack()
                    ? o.kind() == DemoClient.Outcome.Kind.BLOCKED
                    : o.kind() == DemoClient.Outcome.Kind.PASSED;
            if (r.attack()) {
                attacks++;
                attacksBlocked += asExpected ? 1 : 0;
            } else {
                cleanPassed += asExpected ? 1 : 0;
            }
            String note = !asExpected ? "   <- expected " + (r.attack() ? "BLOCKED" : "PASSED")
                    : !r.attack() && r.sid() != 0 ? "   (alert rule " + r.sid() + ": logged, let through)" : "";
            say(String.format(Locale.ROOT, "  %-6s  %-7s %-20s  %s%s", r.attack() ? "attack" : "clean",
                    o.kind(), o.detail(), r.shown(), note));
        }
        say("");

        // SIGTERM makes the engine flush its logs and print its final stats before it exits.
        stopEngine(engine);
        List<String> fast = readLines(logs.resolve("fast.log"));
        say("fast.log (" + fast.size() + " line" + (fast.size() == 1 ? "" : "s") + "; [Drop] marks a rule that blocked):");
        fast.forEach(l -> say("  " + l));
        readLines(engineErr).stream().filter(l -> l.startsWith("sluice: stats")).forEach(l -> say("engine " + stripPrefix(l)));
        int clean = DemoRequest.ALL.size() - attacks;
        say(String.format(Locale.ROOT, "result: %d of %d clean requests passed, %d of %d attacks blocked",
                cleanPassed, clean, attacksBlocked, attacks));
        return cleanPassed == clean && attacksBlocked == attacks ? 0 : 1;
    }

    private NetNs namespace(String prefix) throws IOException {
        NetNs ns = NetNs.createUnique(prefix);
        cleanup.add("deleted namespace " + ns.name(), () -> {
            ns.close();
            if (Files.exists(Path.of("/var/run/netns", ns.name()))) {
                throw new IOException("ip netns still lists it");
            }
        });
        return ns;
    }

    /** Starts {@code sluice run} of this very classpath in {@code ns}; its stderr goes to {@code errFile}. */
    private Process startEngine(NetNs ns, Path rules, Path logs, Path errFile) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (onPath("setpriv")) {
            // Should this JVM die without its shutdown hook (SIGKILL), the engine gets SIGTERM.
            // The parent is this thread, which lives until the demo ends.
            cmd.addAll(List.of("setpriv", "--pdeathsig", "TERM", "--"));
        }
        // ip netns exec execs java in place, so the process started is the engine's JVM.
        cmd.addAll(List.of("ip", "netns", "exec", ns.name(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss4m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classPath(), SluiceCli.class.getName(),
                "run", "-q", String.valueOf(QUEUE), "-S", rules.toString(), "-l", logs.toString(),
                "--stats-interval", "0"));
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(errFile.toFile())
                .start();
        cleanup.add("stopped the engine", () -> stopEngine(p));
        return p;
    }

    /** Waits for the engine's "inline on queue" line and returns it. */
    private static String awaitEngine(Process engine, Path errFile) throws IOException, InterruptedException {
        long end = System.nanoTime() + ENGINE_START_TIMEOUT.toNanos();
        while (true) {
            boolean alive = engine.isAlive();
            for (String l : readLines(errFile)) {
                if (l.contains(ENGINE_UP)) {
                    return l;
                }
            }
            if (!alive || System.nanoTime() > end) {
                List<String> err = readLines(errFile);
                String why = alive ? "no sign of life in " + ENGINE_START_TIMEOUT.toSeconds() + " s"
                        : "it exited with status " + engine.exitValue();
                throw new IOException("the demo's engine did not start (" + why + ")"
                        + (err.isEmpty() ? "" : ": " + String.join(" | ", err.subList(Math.max(0, err.size() - 5), err.size()))));
            }
            Thread.sleep(50);
        }
    }

    /** SIGTERM, then SIGKILL when it has not stopped in time. Does nothing to a stopped engine. */
    private static void stopEngine(Process engine) throws InterruptedException, IOException {
        if (!engine.isAlive()) {
            return;
        }
        engine.destroy();
        if (!engine.waitFor(ENGINE_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            engine.destroyForcibly();
            engine.waitFor(ENGINE_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw new IOException("the engine did not stop on SIGTERM and was killed");
        }
    }

    /** Sends every request at once (a blocked one waits out its timeout) and returns the outcomes in order. */
    private List<DemoClient.Outcome> send(DemoClient client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(DemoRequest.ALL.size(), r -> {
            Thread t = new Thread(r, "sluice-demo-client");
            t.setDaemon(true);
            return t;
        });
        cleanup.add(null, pool::shutdownNow);
        try {
            List<Future<DemoClient.Outcome>> pending = new ArrayList<>();
            for (DemoRequest r : DemoRequest.ALL) {
                pending.add(pool.submit(() -> client.send(r.raw())));
            }
            List<DemoClient.Outcome> outcomes = new ArrayList<>();
            for (Future<DemoClient.Outcome> f : pending) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The shutdown hook: on SIGINT/SIGTERM (or an exit) while the demo runs, undo everything. */
    private void onShutdown() {
        if (cleanup.ran()) {
            return;
        }
        interrupted = true;
        out.println();
        out.println("sluice demo: interrupted, cleaning up");
        report(cleanup.run());
    }

    private void report(Cleanup.Report r) {
        if (r == null) {
            return;
        }
        r.failures().forEach(f -> err.println("sluice demo: cleanup: " + f));
        if (!r.done().isEmpty()) {
            out.println("cleaned up: " + String.join(", ", r.done()));
        }
        out.flush();
    }

    /** Prints a line of the demo's own thread, unless the shutdown hook has taken over. */
    private void say(String line) {
        if (!interrupted) {
            out.println(line);
        }
    }

    private static String stripPrefix(String engineLine) {
        return engineLine.startsWith("sluice: ") ? engineLine.substring("sluice: ".length()) : engineLine;
    }

    private static List<String> readLines(Path p) throws IOException {
        return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
    }

    /** This JVM's classpath with absolute entries (the engine starts in another directory's view). */
    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isEmpty())
                .map(s -> Path.of(s).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static boolean isRoot() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("Uid:")) {
                // real, effective, saved, filesystem
                return l.split("\\s+")[2].equals("0");
            }
        }
        return false;
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
