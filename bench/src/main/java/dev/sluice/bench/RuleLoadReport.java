package dev.sluice.bench;

import dev.sluice.bench.detect.RuleFolder;
import dev.sluice.engine.detect.DetectEngine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One pass over a rule folder as a start-up does it, printing one line per figure: parse time of
 * every {@code *.rules} file, engine build time (prefilter compile) per matcher, and resident
 * memory with the engine loaded (VmRSS and VmHWM of /proc/self/status, heap in use after a full
 * GC). Cold JVM, single shot: what {@code sluice run} pays at start; {@link
 * dev.sluice.bench.detect.RuleLoadBenchmark} gives the warmed-up times.
 *
 * <pre>
 * java -Xss4m -XX:+UseParallelGC -cp bench/target/benchmarks.jar dev.sluice.bench.RuleLoadReport \
 *     [FOLDER (default ../shared/corpus/et-open)] [--mpm hyperscan|java|both (default both)]
 * </pre>
 *
 * With {@code both}, the Java engine is built after the Hyperscan one was closed, so its VmHWM
 * includes the Hyperscan peak; run {@code --mpm java} alone for the Java matcher's own figures.
 */
public final class RuleLoadReport {
    private RuleLoadReport() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of("../shared/corpus/et-open");
        List<String> algos = List.of("hyperscan", "java");
        for (int i = 0; i < args.length; i++) {
            if ("--mpm".equals(args[i]) && i + 1 < args.length) {
                String a = args[++i];
                algos = "both".equals(a) ? List.of("hyperscan", "java") : List.of(a);
            } else {
                folder = Path.of(args[i]);
            }
        }
        print("jvm", "baseline", "VmRSS %s, heap used after GC %s", status("VmRSS"), mib(heapAfterGc()));

        List<Path> files = RuleFolder.ruleFiles(folder);
        long t0 = System.nanoTime();
        RuleFolder.Loaded loaded = RuleFolder.load(files);
        long t1 = System.nanoTime();
        print("load", "all *.rules", "%s: %d files, %d rules: %d active, %d inactive, %d refused (%d disabled lines) in %.2f s",
                folder, loaded.files(), loaded.result().loaded(), loaded.result().active(), loaded.result().inactive(),
                loaded.result().failed(), loaded.result().disabled(), (t1 - t0) / 1e9);
        print("memory", "after load", "VmRSS %s, VmHWM %s, heap used after GC %s",
                status("VmRSS"), status("VmHWM"), mib(heapAfterGc()));

        for (String algo : algos) {
            long b0 = System.nanoTime();
            DetectEngine engine = DetectEngine.build(loaded.result().rules(), loaded.flowbitCount(), algo,
                    dev.sluice.engine.detect.ActionOrder.DEFAULT, loaded.homeNet());
            long b1 = System.nanoTime();
            print("build", algo, "%d rules in the engine, prefilter %s, built in %.2f s",
                    engine.rules().length, engine.mpmAlgorithm(), (b1 - b0) / 1e9);
            print("memory", "loaded + " + algo, "VmRSS %s, VmHWM %s, heap used after GC %s",
                    status("VmRSS"), status("VmHWM"), mib(heapAfterGc()));
            engine.close();
        }
        // The parsed rules (inactive ones too) count in every figure above.
        java.lang.ref.Reference.reachabilityFence(loaded);
    }

    private static void print(String what, String which, String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, "%-7s %-18s ", what, which) + String.format(Locale.ROOT, format, args));
    }

    /** Heap in use after full collections (repeated until it stops shrinking). */
    private static long heapAfterGc() {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = mx.getHeapMemoryUsage().getUsed();
            if (used >= last) {
                return Math.min(used, last);
            }
            last = used;
        }
        return last;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** A {@code kB} line of /proc/self/status as MiB, or "n/a" off Linux. */
    private static String status(String field) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return "n/a";
        }
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith(field + ":")) {
                found.add(line.substring(field.length() + 1).trim());
            }
        }
        if (found.isEmpty()) {
            return "n/a";
        }
        String[] parts = found.get(0).split("\\s+");
        return mib(Long.parseLong(parts[0]) * 1024);
    }
}
