package dev.sluice.bench.source;

import dev.sluice.bench.SluiceBenchmark;
import dev.sluice.bench.Workloads;
import dev.sluice.capture.Frame;
import dev.sluice.engine.source.PcapSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reading the generated workload capture with {@link PcapSource}: one operation is one frame, so
 * the score is packets/s. At the end of the file the source is reopened (inside the operation that
 * hit the end, once per pass over the file: negligible against {@code flows} x ~23 packets). The
 * file is in the page cache after the first pass, so this is parsing, not disk. Under
 * {@code -prof gc} the reopen shows: each open allocates the source's 1 MiB read buffer, about
 * 22 bytes per packet of a 2,000-flow capture; reading a frame itself allocates nothing.
 */
@State(Scope.Thread)
public class PcapReadBenchmark extends SluiceBenchmark {
    /** TCP sessions in the capture (20000 is the reference workload, ~215 MB). */
    @Param({"2000"})
    public int flows;

    private Path capture;
    private PcapSource source;
    private final Frame frame = new Frame();

    @Setup
    public void setup() throws IOException {
        capture = Workloads.pcap(2000, flows);
        source = PcapSource.open(capture);
    }

    @Benchmark
    public int next() throws IOException {
        if (!source.next(frame)) {
            source.close();
            source = PcapSource.open(capture);
            if (!source.next(frame)) {
                throw new IOException(capture + ": no packets");
            }
        }
        return frame.length;
    }

    @TearDown
    public void close() throws IOException {
        source.close();
    }
}
