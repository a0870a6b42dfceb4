package dev.sluice.bench.flow;

import dev.sluice.bench.SluiceBenchmark;
import dev.sluice.bench.SyntheticFrames;
import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.flow.Flow;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.flow.FlowTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link FlowTable#lookup} at a table of {@code flows} live UDP flows (the table's memcap is the
 * same number), one packet per operation:
 * <ul>
 *   <li>{@link #lookupExisting}: the packet belongs to one of the live flows, visited in a scattered
 *       order (a fixed odd stride over the flows), so the table is used as a busy one is, not from
 *       cache;</li>
 *   <li>{@link #insertNew}: the packet opens a flow never seen; the table is full, so each insert
 *       also evicts the flow idle longest (the steady state of a table at its memcap).</li>
 * </ul>
 * One decoded packet is reused: each operation writes the flow's source address and port into it,
 * as a fresh decode would. UDP keeps TCP state tracking out of the table's own cost.
 */
@State(Scope.Thread)
public class FlowTableBenchmark extends SluiceBenchmark {
    /** Live flows in the table, and its memcap; 65536 is the default {@code flow.max-flows}. */
    @Param({"1024", "65536", "262144"})
    public int flows;

    /** Stride over the flows; odd, so it visits every flow of a power-of-two table. */
    private static final int STRIDE = 40_503;

    private FlowTable existing;
    private FlowTable full;
    private final Packet lookupPacket = new Packet();
    private final Packet insertPacket = new Packet();
    private int lookupIndex;
    private int next;

    @Setup
    public void setup() {
        FlowConfig cfg = FlowConfig.DEFAULTS.withMaxFlows(flows);
        existing = new FlowTable(cfg);
        full = new FlowTable(cfg);
        decode(lookupPacket);
        decode(insertPacket);
        for (int i = 0; i < flows; i++) {
            key(lookupPacket, i);
            existing.lookup(lookupPacket);
            key(insertPacket, i);
            full.lookup(insertPacket);
        }
        next = flows;
        if (existing.active() != flows || existing.created() != flows) {
            throw new IllegalStateException("table holds " + existing.active() + " flows, wanted " + flows);
        }
    }

    @Benchmark
    public Flow lookupExisting() {
        int i = (lookupIndex + STRIDE) & Integer.MAX_VALUE;
        lookupIndex = i;
        key(lookupPacket, i % flows);
        return existing.lookup(lookupPacket);
    }

    @Benchmark
    public Flow insertNew() {
        key(insertPacket, next++ & Integer.MAX_VALUE);
        return full.lookup(insertPacket);
    }

    private static void decode(Packet p) {
        Frame f = SyntheticFrames.udp4(0x0a000000, 0xc0a80001, 1024, 53, 32);
        p.reset(f, 1);
        new Decoder(DecodeOptions.DEFAULT.withChecksums(false)).decode(p);
    }

    /** Flow {@code i}: source 10.x.y.z (the low 24 bits of i), source port from the rest, to 192.168.0.1:53. */
    private static void key(Packet p, int i) {
        byte[] d = p.frame.data;
        int a = p.srcAddrOffset;
        d[a + 1] = (byte) (i >>> 16);
        d[a + 2] = (byte) (i >>> 8);
        d[a + 3] = (byte) i;
        p.srcPort = 1024 + (i >>> 24);
    }
}
