package dev.sluice.bench.detect;

import dev.sluice.bench.SluiceBenchmark;
import dev.sluice.bench.Workloads;
import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.detect.DetectWorker;
import dev.sluice.signatures.FastPattern;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.mpm.MpmBuilder;
import dev.sluice.signatures.mpm.MultiPatternMatcher;
import dev.sluice.signatures.mpm.Scanner;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The multi-pattern prefilter ({@link MpmBuilder}, the engine's matcher, Hyperscan by default) over
 * the TCP payloads of the generated workload capture, one operation per scan; the {@code bytes}
 * counter gives bytes/s.
 * <ul>
 *   <li>{@link #block}: each packet's payload scanned on its own, as packet inspection does;</li>
 *   <li>{@link #stream}: the payloads laid end to end as one stream, each scan covering the new
 *       segment plus the {@value DetectWorker#STREAM_LOOKBACK} bytes before it, as the stream
 *       window is scanned.</li>
 * </ul>
 * {@code patterns}: the distinct fast patterns (bytes and nocase) of every active rule of
 * {@code gen-100} / {@code gen-2000} ({@code gen_rules.py -n N --seed 1}, the workload's rules) or
 * {@code et-open} (the whole ET Open folder of the shared corpus, every buffer's patterns in one
 * set: the largest set the matcher is given). {@code -p algo=java} times the pure-Java matcher.
 */
@State(Scope.Thread)
public class PrefilterBenchmark extends SluiceBenchmark {
    /** Payloads taken from the capture. */
    private static final int PAYLOADS = 8192;

    @Param({"gen-100", "gen-2000", "et-open"})
    public String patterns;

    @Param({"hyperscan"})
    public String algo;

    private MultiPatternMatcher matcher;
    private Scanner scanner;
    /** Payloads one after another; offsets[i]..offsets[i+1] is payload i. */
    private byte[] stream;
    private int[] offsets;
    private int next;

    /** Bytes scanned, reported as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void clear() {
            bytes = 0;
        }
    }

    @Setup
    public void setup() throws IOException {
        List<Rule> rules = switch (patterns) {
            case "gen-100" -> RuleFolder.load(List.of(Workloads.rules(100))).result().rules();
            case "gen-2000" -> RuleFolder.load(List.of(Workloads.rules(2000))).result().rules();
            case "et-open" -> RuleFolder.load(RuleFolder.ruleFiles(Workloads.etOpen())).result().rules();
            default -> throw new IllegalArgumentException("patterns is gen-100, gen-2000 or et-open, not " + patterns);
        };
        matcher = build(rules, algo);
        scanner = matcher.newScanner();
        System.err.println("sluice-bench: " + patterns + ": " + matcher.patternCount() + " patterns ("
                + matcher.algorithm() + ")");
        loadPayloads(Workloads.pcap(2000, 2000));
    }

    /** The distinct fast patterns of the active rules, compiled by {@code algo}. */
    static MultiPatternMatcher build(List<Rule> rules, String algo) {
        MpmBuilder b = new MpmBuilder();
        Set<String> seen = new HashSet<>();
        for (Rule r : rules) {
            FastPattern fp = r.fastPattern;
            if (r.active() && fp != null && seen.add(fp.nocase() + Arrays.toString(fp.bytes()))) {
                b.add(seen.size() - 1, fp.bytes(), fp.nocase());
            }
        }
        if (b.size() == 0) {
            throw new IllegalStateException("no fast patterns among " + rules.size() + " rules");
        }
        return b.build(algo);
    }

    private void loadPayloads(Path capture) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<Integer> offs = new ArrayList<>();
        Decoder decoder = new Decoder(DecodeOptions.DEFAULT.withChecksums(false));
        Packet p = new Packet();
        for (Frame f : Workloads.frames(capture, Integer.MAX_VALUE)) {
            p.reset(f, 1);
            decoder.decode(p);
            if (p.isTcp() && p.payloadLength > 0) {
                offs.add(all.size());
                all.write(f.data, p.payloadOffset, p.payloadLength);
                if (offs.size() == PAYLOADS) {
                    break;
                }
            }
        }
        offs.add(all.size());
        stream = all.toByteArray();
        offsets = offs.stream().mapToInt(Integer::intValue).toArray();
        System.err.println("sluice-bench: " + (offsets.length - 1) + " payloads, " + stream.length + " bytes");
    }

    @Benchmark
    public int block(Bytes b) {
        int i = nextPayload();
        int off = offsets[i];
        int len = offsets[i + 1] - off;
        b.bytes += len;
        return scanner.scan(stream, off, len);
    }

    @Benchmark
    public int stream(Bytes b) {
        int i = nextPayload();
        int end = offsets[i + 1];
        int off = Math.max(0, offsets[i] - DetectWorker.STREAM_LOOKBACK);
        b.bytes += end - off;
        return scanner.scan(stream, off, end - off);
    }

    private int nextPayload() {
        int i = next;
        next = i + 1 == offsets.length - 1 ? 0 : i + 1;
        return i;
    }

    @TearDown
    public void close() {
        scanner.close();
        matcher.close();
    }
}
