package dev.sluice.bench.detect;

import dev.sluice.bench.SluiceBenchmark;
import dev.sluice.bench.Workloads;
import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.detect.DetectEngine;
import dev.sluice.engine.detect.DetectWorker;
import dev.sluice.engine.flow.Flow;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.signatures.mpm.MultiPatternMatcher;
import dev.sluice.signatures.mpm.Scanner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Full rule evaluation, {@link DetectWorker#inspect(Packet, dev.sluice.signatures.match.FlowState)}
 * (prefilter, then every candidate rule's conditions, contents, pcre), on decoded TCP data packets
 * of the generated workload with the workload's 2,000 rules; one operation is one packet (packets/s).
 * The packets' flows are built by a real {@link FlowTable} in a first pass over the capture, so
 * {@code flow:established,to_server} sees what it would; each operation looks the packet's flow up
 * again (a hit, tens of nanoseconds, see FlowTableBenchmark) to set its direction, then inspects.
 * Packet inspection only: no stream window, no application layer.
 * <ul>
 *   <li>{@code packets=candidates}: only packets whose payload has at least one prefilter hit, so
 *       every operation evaluates rules in full;</li>
 *   <li>{@code packets=all}: every TCP packet with payload, the average cost per data packet.</li>
 * </ul>
 * The setup prints how many packets were kept and how many rules matched on them.
 */
@State(Scope.Thread)
public class EvaluationBenchmark extends SluiceBenchmark {
    /** At most this many packets are kept. */
    private static final int MAX_PACKETS = 4096;

    @Param({"candidates", "all"})
    public String packets;

    /** TCP sessions in the capture the packets come from. */
    @Param({"2000"})
    public int flows;

    private DetectEngine engine;
    private DetectWorker detect;
    private FlowTable table;
    private Packet[] kept;
    private int next;

    @Setup
    public void setup() throws IOException {
        RuleFolder.Loaded loaded = RuleFolder.load(List.of(Workloads.rules(2000)));
        engine = DetectEngine.build(loaded.result().rules(), loaded.flowbitCount(), "auto",
                dev.sluice.engine.detect.ActionOrder.DEFAULT, loaded.homeNet());
        detect = engine.newWorker();
        boolean candidatesOnly = switch (packets) {
            case "candidates" -> true;
            case "all" -> false;
            default -> throw new IllegalArgumentException("packets is candidates or all, not " + packets);
        };
        // flows big enough that nothing is evicted; timeouts never pass (expire is not called)
        table = new FlowTable(FlowConfig.DEFAULTS.withMaxFlows(Math.max(65_536, flows * 2)));
        Decoder decoder = new Decoder(DecodeOptions.DEFAULT.withChecksums(false));
        List<Packet> out = new ArrayList<>();
        long matches = 0;
        try (MultiPatternMatcher prefilter = PrefilterBenchmark.build(List.of(engine.rules()), "auto"); Scanner scan = prefilter.newScanner()) {
            Packet p = new Packet();
            for (Frame f : Workloads.frames(Workloads.pcap(2000, flows), Integer.MAX_VALUE)) {
                p.reset(f, f.id);
                decoder.decode(p);
                Flow flow = table.lookup(p);
                if (!p.isTcp() || p.payloadLength == 0 || flow == null || !flow.established()) {
                    continue;
                }
                if (candidatesOnly && scan.scan(f.data, p.payloadOffset, p.payloadLength) == 0) {
                    continue;
                }
                Packet keep = new Packet();
                keep.reset(f, f.id);
                decoder.decode(keep);
                detect.inspect(keep, flow);
                matches += detect.matchedCount();
                out.add(keep);
                if (out.size() == MAX_PACKETS) {
                    break;
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no " + packets + " packets in the workload");
        }
        kept = out.toArray(new Packet[0]);
        System.err.println("sluice-bench: " + kept.length + " packets (" + packets + "), " + matches
                + " rule matches on them, " + engine.rules().length + " rules, prefilter " + engine.mpmAlgorithm());
    }

    @Benchmark
    public int inspect() {
        Packet p = kept[next];
        next = next + 1 == kept.length ? 0 : next + 1;
        detect.inspect(p, table.lookup(p));
        return detect.matchedCount();
    }

    @TearDown
    public void close() {
        detect.close();
        engine.close();
    }
}
