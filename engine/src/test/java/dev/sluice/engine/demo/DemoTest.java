package dev.sluice.engine.demo;

import dev.sluice.capture.netns.NetNs;
import dev.sluice.capture.nfq.Nfqueue;
import dev.sluice.engine.cli.SluiceCli;
import dev.sluice.signatures.Action;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.RuleLoader;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.vars.SluiceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code sluice demo}: the shipped rules load and match the demo's requests one to one; the
 * refusals; and, as root with NFQUEUE, the real run (clean requests pass, attacks are blocked,
 * fast.log shows them) and that nothing is left behind, after a normal end or a SIGINT.
 */
class DemoTest {
    private static final Pattern NAMESPACE = Pattern.compile("namespace (sldemo-[cs][0-9a-f]+)");
    private static final Pattern TEMP_DIR = Pattern.compile(" -S (/\\S+)/demo\\.rules ");

    private static LoadResult loadShippedRules() throws IOException {
        String text;
        try (InputStream in = Demo.class.getResourceAsStream(Demo.RULES_RESOURCE)) {
            assertNotNull(in, "demo.rules is a resource next to Demo");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new RuleLoader(SluiceConfig.defaults().newLoadContext(), KeywordTable.standard())
                .loadString(text, "demo.rules");
    }

    @Test
    void shippedRulesLoadWithoutFailuresAndAllActive() throws Exception {
        LoadResult r = loadShippedRules();
        assertEquals(List.of(), r.failures());
        assertTrue(r.loaded() > 0);
        assertEquals(r.loaded(), r.active(), "no rule waits for a parser");
        for (Rule rule : r.rules()) {
            assertTrue(rule.sid >= 1_000_001, "local sid range: " + rule.sid);
            assertTrue(rule.rev >= 1, "rev: " + rule.text);
            assertNotNull(rule.classtype, "classtype: " + rule.text);
            assertNotNull(rule.classDescription, "classtype known to the bundled classification.config: " + rule.text);
            assertNotNull(rule.msg, "msg: " + rule.text);
        }
    }

    @Test
    void everyShippedRuleHasItsRequestAndEveryAttackADropRule() throws Exception {
        List<Rule> rules = loadShippedRules().rules();
        for (Rule rule : rules) {
            List<DemoRequest> reqs = DemoRequest.ALL.stream().filter(q -> q.sid() == rule.sid).toList();
            assertEquals(1, reqs.size(), "one request shows rule " + rule.sid);
            assertEquals(rule.action == Action.DROP, reqs.get(0).attack(),
                    "attacks are exactly the requests of drop rules: " + rule.sid);
        }
        Set<Long> sids = rules.stream().map(r -> r.sid).collect(Collectors.toSet());
        for (DemoRequest q : DemoRequest.ALL) {
            assertTrue(q.sid() == 0 || sids.contains(q.sid()), "request names a shipped rule: " + q.shown());
            assertTrue(!q.attack() || q.sid() != 0, "an attack names its rule: " + q.shown());
        }
        assertTrue(DemoRequest.ALL.stream().anyMatch(q -> !q.attack() && q.sid() == 0), "a request raising nothing");
    }

    @Test
    void refusesWithoutRootBeforeLookingAtAnythingElse() {
        assertEquals("sluice demo needs root: run it with sudo",
                Demo.refusal(false, c -> fail("PATH looked at"), () -> fail("NFQUEUE probed")));
    }

    @Test
    void refusalNamesWhatIsMissing() {
        assertNull(Demo.refusal(true, c -> true, () -> null));
        String noIptables = Demo.refusal(true, c -> !c.equals("iptables"), () -> null);
        assertTrue(noIptables.startsWith("sluice demo needs the iptables command"), noIptables);
        String noIp = Demo.refusal(true, c -> !c.equals("ip"), () -> null);
        assertTrue(noIp.startsWith("sluice demo needs the ip command"), noIp);
        assertEquals("sluice demo cannot use NFQUEUE: module missing",
                Demo.refusal(true, c -> true, () -> "module missing"));
    }

    // ------------------------------------------------------------------ as root, for real

    /** Skips unless this process is root and NFQUEUE works. */
    private static void assumeRootAndNfqueue() throws IOException {
        boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Uid:")).anyMatch(l -> l.split("\\s+")[2].equals("0"));
        assumeTrue(root, "the demo needs root");
        String why = Nfqueue.unavailableReason();
        assumeTrue(why == null, () -> "NFQUEUE unavailable: " + why);
    }

    @Test
    @Timeout(90)
    void cleanRequestsPassAttacksAreBlockedAndNothingIsLeft() throws Exception {
        assumeRootAndNfqueue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = SluiceCli.execute("demo");
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        String all = text + "\nstderr:\n" + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, all);

        for (DemoRequest q : DemoRequest.ALL) {
            String verdict = q.attack() ? "BLOCKED" : "PASSED ";
            assertTrue(text.lines().anyMatch(l -> l.contains(verdict) && l.endsWith(q.shown())
                    || l.contains(verdict) && l.contains(q.shown() + "   (alert rule")), q.shown() + " " + verdict + ":\n" + all);
            if (q.sid() != 0) {
                String tag = "[**] [1:" + q.sid() + ":1] SLUICE DEMO ";
                List<String> lines = text.lines().filter(l -> l.contains(tag)).toList();
                assertEquals(1, lines.size(), "one fast.log line for " + q.sid() + ":\n" + all);
                assertEquals(q.attack(), lines.get(0).contains("  [Drop] [**]"), "[Drop] only on blocking rules:\n" + all);
                assertTrue(lines.get(0).endsWith(" -> " + Demo.SERVER_IP + ":" + Demo.PORT), lines.get(0));
            }
        }
        assertTrue(text.contains("result: 3 of 3 clean requests passed, 5 of 5 attacks blocked"), all);
        assertTrue(text.lines().anyMatch(l -> l.matches("engine stats q0: \\d+ packets, .* [1-9]\\d* dropped, .*")), all);
        assertNothingLeft(text, all);
    }

    @Test
    @Timeout(90)
    void ctrlCStopsTheDemoAndRemovesEverything() throws Exception {
        assumeRootAndNfqueue();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        // A JVM started with SIGINT ignored (a background job of a script) keeps ignoring it.
        if (Demo.onPath("env")) {
            cmd.addAll(List.of("env", "--default-signal=INT"));
        }
        cmd.addAll(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                SluiceCli.class.getName(), "demo"));
        Process demo = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder text = new StringBuilder();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // the demo is gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String l;
            do {
                l = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (l != null) {
                    text.append(l).append('\n');
                }
            } while (l != null && !l.startsWith("requests from the client"));
            assertNotNull(l, "the demo got to its requests:\n" + text);
            assertTrue(text.toString().contains("engine up: "), text.toString());
            // Mid-requests: the blocked ones wait 2 s for an answer that never comes.
            NetNs.run(Duration.ofSeconds(5), "kill", "-INT", String.valueOf(demo.pid()));
            assertTrue(demo.waitFor(25, TimeUnit.SECONDS), "the demo exits after SIGINT:\n" + text);
            reader.join(5000);
            lines.forEach(x -> text.append(x).append('\n'));
            String all = text.toString();
            assertEquals(130, demo.exitValue(), all);
            assertTrue(all.contains("sluice demo: interrupted, cleaning up"), all);
            assertTrue(all.lines().anyMatch(x -> x.startsWith("cleaned up: ") && x.contains("stopped the engine")), all);
            assertFalse(all.contains("result: "), "no result after the interrupt:\n" + all);
            assertNothingLeft(all, all);
        } finally {
            demo.destroyForcibly();
        }
    }

    /** The namespaces and temp dir named in the demo's header are gone, and so is every process using them. */
    private static void assertNothingLeft(String text, String context) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = NAMESPACE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertEquals(2, names.size(), "client and server namespace in the header:\n" + context);
        Matcher d = TEMP_DIR.matcher(text);
        assertTrue(d.find(), "temp dir in the header:\n" + context);
        Path dir = Path.of(d.group(1));

        String listed = NetNs.run(Duration.ofSeconds(10), "ip", "netns", "list");
        for (String n : names) {
            assertFalse(listed.contains(n), n + " deleted: " + listed);
        }
        assertFalse(Files.exists(dir), dir + " removed");
        assertEquals(List.of(), processesMentioning(dir.toString()), "no process of the demo left");
    }

    /** Pids whose command line contains {@code s} (the engine's names the temp dir). */
    private static List<String> processesMentioning(String s) throws IOException {
        List<String> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmdline.contains(s)) {
                        pids.add(p.getFileName() + ": " + cmdline);
                    }
                } catch (IOException gone) {
                    // exited while listing
                }
            }
        }
        return pids;
    }
}
