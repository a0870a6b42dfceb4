package dev.sluice.bench.stream;

import dev.sluice.bench.SluiceBenchmark;
import dev.sluice.bench.SyntheticFrames;
import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.flow.Flow;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.engine.stream.StreamConfig;
import dev.sluice.engine.stream.StreamDirection;
import dev.sluice.engine.stream.TcpStreamEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * TCP reassembly of one long session's client data, one operation per data segment
 * (segments/s; bytes/s is that times {@code segment}). Each invocation sends a flight of
 * {@value #FLIGHT} segments of {@code segment} bytes in the given {@code order}, then the server's
 * ACK of all of them, through {@link FlowTable#lookup} and {@link TcpStreamEngine#onPacket} as the
 * worker does (the lookup is a hit on the one flow). IDS mode with the detector's progress
 * following the acknowledged data ({@link TcpStreamEngine#setAutoInspect}), and no depth limit, so
 * acknowledged data is released and the session runs in steady state however long the benchmark
 * runs.
 * <ul>
 *   <li>{@code inorder}: segments in sequence order (the append path);</li>
 *   <li>{@code swapped}: neighbours exchanged (1,0,3,2,...): every other segment waits for a gap;</li>
 *   <li>{@code reversed}: last first: {@value #FLIGHT}-1 segments are held before the first fills the gap.</li>
 * </ul>
 */
@State(Scope.Thread)
public class ReassemblyBenchmark extends SluiceBenchmark {
    static final int FLIGHT = 16;
    private static final long CLIENT_ISN = 1000;
    private static final long SERVER_ISN = 5000;
    private static final int CLIENT = 0x0a000001;
    private static final int SERVER = 0xc0a80001;

    @Param({"64", "536", "1460"})
    public int segment;

    @Param({"inorder", "swapped", "reversed"})
    public String order;

    private FlowTable flows;
    private TcpStreamEngine streams;
    private final Packet[] data = new Packet[FLIGHT];
    private Packet ack;
    private int[] sequence;
    private long flight;
    private Flow flow;

    @Setup
    public void setup() {
        flows = new FlowTable(FlowConfig.DEFAULTS);
        streams = new TcpStreamEngine(StreamConfig.DEFAULTS.withDepth(0));
        streams.setAutoInspect(true);
        flows.onFlowEnd(streams::release);
        sequence = switch (order) {
            case "inorder" -> range(false, false);
            case "swapped" -> range(true, false);
            case "reversed" -> range(false, true);
            default -> throw new IllegalArgumentException("order is inorder, swapped or reversed, not " + order);
        };
        step(packet(CLIENT_ISN, 0, SyntheticFrames.TCP_SYN, 0, true));
        step(packet(SERVER_ISN, CLIENT_ISN + 1, SyntheticFrames.TCP_SYN | SyntheticFrames.TCP_ACK, 0, false));
        step(packet(CLIENT_ISN + 1, SERVER_ISN + 1, SyntheticFrames.TCP_ACK, 0, true));
        for (int i = 0; i < FLIGHT; i++) {
            data[i] = packet(0, SERVER_ISN + 1, SyntheticFrames.TCP_PSH | SyntheticFrames.TCP_ACK, segment, true);
            // each segment of a flight has its own byte, so the check below sees misplaced data
            java.util.Arrays.fill(data[i].frame.data, data[i].payloadOffset, data[i].payloadOffset + segment,
                    (byte) ('A' + i));
        }
        ack = packet(SERVER_ISN + 1, 0, SyntheticFrames.TCP_ACK, 0, false);
        flow = flows.lookup(ack);
        // two flights must be reassembled whole, or the benchmark would time a refusal path
        flight();
        flight();
        check();
    }

    /** Every byte sent so far is in order and acknowledged (sequence numbers wrap many times in a run). */
    @TearDown
    public void check() {
        StreamDirection dir = flow.stream == null ? null : flow.stream.toServer();
        long want = flight * FLIGHT * segment;
        if (dir == null || dir.contiguousEnd() != want || dir.ackedEnd() != want || dir.gapsSkipped() != 0) {
            throw new IllegalStateException("stream not reassembled: " + dir + ", wanted " + want + " bytes in order and acked");
        }
        for (long o = Math.max(dir.readableStart(), want - 4L * segment); o < want; o++) {
            byte b = dir.buffer()[dir.indexOf(o)];
            if (b != (byte) ('A' + (o / segment) % FLIGHT)) {
                throw new IllegalStateException("stream byte at offset " + o + " is " + b + ", not from segment "
                        + (o / segment) % FLIGHT);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(FLIGHT)
    public long flight() {
        long base = CLIENT_ISN + 1 + flight * FLIGHT * segment;
        flight++;
        for (int j : sequence) {
            Packet p = data[j];
            p.tcpSeq = (base + (long) j * segment) & 0xffffffffL;
            step(p);
        }
        ack.tcpAck = (base + (long) FLIGHT * segment) & 0xffffffffL;
        return step(ack);
    }

    private int step(Packet p) {
        return streams.onPacket(p, flows.lookup(p));
    }

    private static int[] range(boolean swapped, boolean reversed) {
        int[] s = new int[FLIGHT];
        for (int i = 0; i < FLIGHT; i++) {
            s[i] = reversed ? FLIGHT - 1 - i : swapped ? i ^ 1 : i;
        }
        return s;
    }

    private static Packet packet(long seq, long ackNo, int flags, int payload, boolean fromClient) {
        Frame f = fromClient
                ? SyntheticFrames.tcp4(CLIENT, SERVER, 40000, 8080, seq, ackNo, flags, payload)
                : SyntheticFrames.tcp4(SERVER, CLIENT, 8080, 40000, seq, ackNo, flags, payload);
        Packet p = new Packet();
        p.reset(f, 1);
        new Decoder(DecodeOptions.DEFAULT.withChecksums(false)).decode(p);
        return p;
    }
}
