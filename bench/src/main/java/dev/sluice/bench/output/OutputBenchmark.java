package dev.sluice.bench.output;

import dev.sluice.bench.SluiceBenchmark;
import dev.sluice.bench.SyntheticFrames;
import dev.sluice.bench.Workloads;
import dev.sluice.bench.detect.RuleFolder;
import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.flow.Flow;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.engine.output.AlertEvent;
import dev.sluice.engine.output.AlertEvents;
import dev.sluice.engine.output.EveFormatter;
import dev.sluice.engine.output.FastLogFormatter;
import dev.sluice.engine.output.OutputWriter;
import dev.sluice.signatures.Rule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The alert outputs, one alert record per operation (alerts/s). The records are what a worker
 * makes when a rule fires ({@link AlertEvents#alert}): {@value #EVENTS} of them, from the workload's
 * rules ({@code gen_rules.py -n 100}) on IPv4 TCP packets of distinct flows.
 * <ul>
 *   <li>{@link #fastLog}: one fast.log line into a reused builder;</li>
 *   <li>{@link #eveJson}: one eve.json line;</li>
 *   <li>{@link #write}: {@link OutputWriter} end to end: a batch of {@value #BATCH} records offered
 *       by the worker thread, then waiting until the writer thread has formatted and written every
 *       one to both files in a temporary folder (fresh each iteration, removed after).</li>
 * </ul>
 */
@State(Scope.Thread)
public class OutputBenchmark extends SluiceBenchmark {
    static final int EVENTS = 256;
    static final int BATCH = 256;
    /** A batch the writer cannot finish in this long is a failure, not a slow result. */
    private static final long BATCH_TIMEOUT_NANOS = 30_000_000_000L;

    private AlertEvent[] events;
    private final StringBuilder line = new StringBuilder(512);
    private int next;

    /** The writer and its folder, one per iteration. */
    @State(Scope.Thread)
    public static class Writer {
        Path dir;
        OutputWriter out;

        @Setup(Level.Iteration)
        public void open() throws IOException {
            dir = Workloads.tempDir("output-");
            out = new OutputWriter(dir);
        }

        @TearDown(Level.Iteration)
        public void close() throws IOException {
            try {
                out.close();
                if (out.lost() != 0 || out.writeErrors() != 0) {
                    throw new IllegalStateException(out.lost() + " records lost, " + out.writeErrors() + " write errors");
                }
            } finally {
                Workloads.deleteTree(dir);
            }
        }
    }

    @Setup
    public void setup() throws IOException {
        List<Rule> rules = RuleFolder.load(List.of(Workloads.rules(100))).result().rules();
        FlowTable flows = new FlowTable(FlowConfig.DEFAULTS);
        Decoder decoder = new Decoder(DecodeOptions.DEFAULT.withChecksums(false));
        events = new AlertEvent[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            Frame f = SyntheticFrames.tcp4(0x0a000100 + i, 0xac100001 + (i % 7), 40000 + i, 8000 + (i % 5),
                    1000 + i, 2000, SyntheticFrames.TCP_PSH | SyntheticFrames.TCP_ACK, 200);
            f.id = i + 1;
            f.tsNanos = i * 1000;
            Packet p = new Packet();
            p.reset(f, f.id);
            decoder.decode(p);
            Flow flow = flows.lookup(p);
            events[i] = AlertEvents.alert(rules.get(i % rules.size()), p, flow, false);
        }
    }

    private AlertEvent nextEvent() {
        AlertEvent e = events[next];
        next = (next + 1) & (EVENTS - 1);
        return e;
    }

    @Benchmark
    public int fastLog() {
        line.setLength(0);
        FastLogFormatter.appendTo(line, nextEvent());
        return line.length();
    }

    @Benchmark
    public String eveJson() {
        return EveFormatter.format(nextEvent());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long write(Writer w) {
        long target = w.out.written() + w.out.lost() + BATCH;
        for (int i = 0; i < BATCH; i++) {
            w.out.offer(nextEvent());
        }
        long deadline = System.nanoTime() + BATCH_TIMEOUT_NANOS;
        while (w.out.written() + w.out.lost() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the writer did not finish a batch of " + BATCH + " in 30 s");
            }
            Thread.yield();
        }
        return w.out.written();
    }
}
