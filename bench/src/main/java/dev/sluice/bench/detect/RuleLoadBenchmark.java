package dev.sluice.bench.detect;

import dev.sluice.bench.SluiceBenchmark;
import dev.sluice.bench.Workloads;
import dev.sluice.engine.detect.DetectEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start-up cost of a whole rule set: parsing every {@code *.rules} file of {@code folder}
 * ({@link #load}), and building the detection engine from the parsed rules, which compiles the
 * prefilter of each protocol group ({@link #build}, once per matcher). Single shots, as a start-up
 * happens once; the JVM flags are those of {@code bin/sluice} (default heap sizing, not the suite's
 * pinned 1 GiB, since memory at start-up is part of what is measured). The folder is only read;
 * {@code folder=et-open} (the default) is the shared corpus's ET Open folder.
 *
 * <pre>java -jar bench/target/benchmarks.jar RuleLoadBenchmark [-p folder=PATH]</pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xss4m", "-XX:+UseParallelGC"})
public class RuleLoadBenchmark extends SluiceBenchmark {

    /** The rule files, listed once. */
    @State(Scope.Benchmark)
    public static class Folder {
        @Param("et-open")
        public String folder;

        List<Path> files;

        @Setup(Level.Trial)
        public void list() throws Exception {
            files = RuleFolder.ruleFiles("et-open".equals(folder) ? Workloads.etOpen() : Path.of(folder));
        }
    }

    /** The parsed rules, for timing the engine build alone. */
    @State(Scope.Benchmark)
    public static class Parsed {
        @Param({"hyperscan", "java"})
        public String mpm;

        RuleFolder.Loaded loaded;
        DetectEngine engine;

        @Setup(Level.Trial)
        public void parse(Folder f) throws Exception {
            loaded = RuleFolder.load(f.files);
        }

        @TearDown(Level.Iteration)
        public void close() {
            if (engine != null) {
                engine.close();
                engine = null;
            }
        }
    }

    @Benchmark
    public RuleFolder.Loaded load(Folder f) throws Exception {
        return RuleFolder.load(f.files);
    }

    @Benchmark
    public int build(Parsed p) {
        p.engine = DetectEngine.build(p.loaded.result().rules(), p.loaded.flowbitCount(), p.mpm,
                dev.sluice.engine.detect.ActionOrder.DEFAULT, p.loaded.homeNet());
        return p.engine.rules().length;
    }
}
