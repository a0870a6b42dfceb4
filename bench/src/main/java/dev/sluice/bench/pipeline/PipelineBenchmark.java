package dev.sluice.bench.pipeline;

import dev.sluice.bench.SluiceBenchmark;
import dev.sluice.bench.Workloads;
import dev.sluice.engine.cli.SluiceCli;
import dev.sluice.engine.detect.DetectWorker;
import dev.sluice.engine.output.OutputWriter;
import dev.sluice.engine.pipeline.Worker;
import dev.sluice.engine.source.PcapSource;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The whole offline pipeline (decode, defrag, flow, stream, application layer, detection,
 * output) on the generated workload: the workload's 2,000 rules over a capture of {@code flows}
 * TCP sessions ({@code -p flows=20000} is the reference workload of shared/bench/README.md).
 * <ul>
 *   <li>{@link #packet}: one operation is one packet, so the score is packets/s and
 *       {@code -prof gc}'s {@code gc.alloc.rate.norm} is bytes allocated per packet. The capture is
 *       held in memory and replayed through one long-lived worker (a {@link ReplaySource}: each
 *       invocation is one {@code Worker.run()} over the next {@value #BATCH} packets; each pass
 *       over the capture is shifted a day later, so flows turn over as in a long run). Reading the
 *       file is left out here (see PcapReadBenchmark); alerts go to a real {@link OutputWriter}.</li>
 *   <li>{@link #file}: one operation is one whole {@code sluice pcap} run from the file: a
 *       {@link PcapSource}, a fresh worker and an {@link OutputWriter} in a scratch folder. The
 *       score is runs/s; the {@code packets} counter is packets/s. Every run must raise the
 *       alerts the command raises, or the benchmark fails.</li>
 * </ul>
 * The setup runs {@code sluice pcap} itself ({@link SluiceCli#execute}, in this JVM) on the same
 * files, counts its fast.log lines, and checks that this harness raises exactly that many alerts
 * reading the file and replaying it from memory; it prints the counts.
 */
public class PipelineBenchmark extends SluiceBenchmark {
    /** Packets per invocation of {@link #packet}. */
    static final int BATCH = 4096;

    /** The workload, its pipeline, and the command's own alert count. */
    @State(Scope.Thread)
    public static class Workload {
        /** TCP sessions in the generated capture; 20000 is the reference workload (~462k packets, 274 alerts). */
        @Param({"2000"})
        public int flows;

        Path rules;
        Path capture;
        OfflinePipeline pipeline;
        Path scratch;
        long expectedAlerts;
        long packets;

        @Setup(Level.Trial)
        public void setup() throws Exception {
            rules = Workloads.rules(2000);
            capture = Workloads.pcap(2000, flows);
            pipeline = new OfflinePipeline(rules);
            scratch = Workloads.tempDir("pipeline-");
            try {
                check();
            } catch (Exception | Error e) {
                close(); // a failed setup gets no teardown
                throw e;
            }
        }

        /** Runs {@code sluice pcap} and this harness on the same files; they must raise the same alerts. */
        private void check() throws Exception {
            Path cli = Files.createDirectories(scratch.resolve("cli"));
            int rc = SluiceCli.execute("pcap", "-r", capture.toString(), "-S", rules.toString(), "-l", cli.toString());
            if (rc != 0) {
                throw new IllegalStateException("sluice pcap exited with " + rc);
            }
            expectedAlerts = lines(cli.resolve(OutputWriter.FAST_LOG));
            Worker w = runFile(this);
            packets = w.stats.packets;
            if (w.stats.alerts != expectedAlerts || w.stats.errors != 0) {
                throw new IllegalStateException("the benchmark's pipeline raised " + w.stats.alerts + " alerts ("
                        + w.stats.errors + " errors), sluice pcap wrote " + expectedAlerts);
            }
            System.err.printf("sluice-bench: %s: %d packets, %d alerts, as sluice pcap (%d rules active, %d refused, prefilter %s)%n",
                    capture.getParent().getFileName(), packets, expectedAlerts, pipeline.engine.rules().length,
                    pipeline.loadFailures, pipeline.engine.mpmAlgorithm());
        }

        @TearDown(Level.Trial)
        public void close() {
            pipeline.close();
            Workloads.deleteTree(scratch);
        }
    }

    /** One worker replaying the capture from memory. */
    @State(Scope.Thread)
    public static class Replay {
        ReplaySource source;
        DetectWorker detect;
        OutputWriter out;
        Worker worker;

        @Setup(Level.Trial)
        public void setup(Workload w) throws IOException {
            source = new ReplaySource(Workloads.frames(w.capture, Integer.MAX_VALUE), BATCH);
            out = new OutputWriter(Files.createDirectories(w.scratch.resolve("replay")));
            detect = w.pipeline.engine.newWorker();
            worker = w.pipeline.worker(source, detect, out::offer);
            // a first whole pass must raise the command's alerts: the replay is the same traffic
            source.setBatch(source.size());
            worker.run();
            long firstPass = worker.stats.alerts;
            source.setBatch(BATCH);
            if (worker.stats.packets != source.size() || firstPass != w.expectedAlerts) {
                detect.close();
                out.close();
                w.close(); // a failed setup gets no teardown
                throw new IllegalStateException("replay: " + worker.stats.packets + " packets, " + firstPass
                        + " alerts in the first pass; the file has " + source.size() + " packets and "
                        + w.expectedAlerts + " alerts");
            }
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            System.err.printf("sluice-bench: replayed %d packets (%.1f passes), %d alerts, %d errors%n",
                    worker.stats.packets, (double) worker.stats.packets / source.size(), worker.stats.alerts,
                    worker.stats.errors);
            detect.close();
            out.close();
        }
    }

    /** Packets processed by {@link #file}, reported as packets/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Packets {
        public long packets;

        @Setup(Level.Iteration)
        public void clear() {
            packets = 0;
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long packet(Replay r) throws IOException {
        r.worker.run();
        return r.worker.stats.alerts;
    }

    @Benchmark
    public long file(Workload w, Packets counter) throws IOException {
        Worker run = runFile(w);
        if (run.stats.alerts != w.expectedAlerts) {
            throw new IllegalStateException(run.stats.alerts + " alerts, sluice pcap raises " + w.expectedAlerts);
        }
        counter.packets += run.stats.packets;
        return run.stats.alerts;
    }

    /** One {@code sluice pcap} run from the file, output to the workload's scratch folder. */
    static Worker runFile(Workload w) throws IOException {
        Path dir = Files.createDirectories(w.scratch.resolve("file"));
        try (PcapSource src = PcapSource.open(w.capture);
             OutputWriter out = new OutputWriter(dir);
             DetectWorker detect = w.pipeline.engine.newWorker()) {
            Worker worker = w.pipeline.worker(src, detect, out::offer);
            worker.run();
            return worker;
        } finally {
            // the logs only grow; each run starts them anew
            Files.deleteIfExists(dir.resolve(OutputWriter.FAST_LOG));
            Files.deleteIfExists(dir.resolve(OutputWriter.EVE_JSON));
        }
    }

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Stream<String> s = Files.lines(file)) {
            return s.count();
        }
    }
}
