package dev.sluice.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.engine.flow.Flow;
import dev.sluice.engine.fuzz.FuzzInput;
import java.util.Arrays;

/**
 * Coverage-guided fuzz target (Jazzer) of TCP reassembly: up to 64 segments of one connection,
 * built from the input, through a {@link TcpStreamEngine} (via {@link StreamHarness}) with a
 * fuzzed configuration. Input ({@link FuzzInput}, front to back): a config byte (bit 0 midstream,
 * bit 1 inline, bit 2 skip acked gaps, bit 3 handshake first), policy, depth, memcap and lookback
 * choices, both ISNs (4 bytes each); then per segment: a control byte (bit 0 from the server, bits
 * 1-5 SYN ACK FIN RST PSH, bit 6 the detector inspects all it may, bit 7 an absolute sequence
 * number), sequence and acknowledgement (two bytes each, relative to the ISN + 1 and shifted down
 * by 256, or four absolute bytes), window choice, payload length (two bytes, up to 600) and data.
 */
class TcpReassemblyFuzzTest {
    private static final int MAX_SEGMENTS = 64;
    private static final int MAX_PAYLOAD = 600;
    /** Stream offsets whose possible byte values are tracked (the model); higher ones are not compared. */
    private static final int MODEL = 4096;

    /** What one direction of the current session was fed: per offset, the set of bytes sent there. */
    private static final class Model {
        final long[] seen = new long[MODEL * 4];
        Object session;
        long base = -1;
        long fedBytes;
        long checkedTo;

        void reset(Object session, long base) {
            Arrays.fill(seen, 0);
            this.session = session;
            this.base = base;
            fedBytes = 0;
            checkedTo = 0;
        }

        void record(long off, byte[] data, int from, int len) {
            for (int i = 0; i < len; i++) {
                long o = off + i;
                if (o >= 0 && o < MODEL) {
                    int v = data[from + i] & 0xff;
                    seen[(int) o * 4 + (v >>> 6)] |= 1L << (v & 63);
                }
            }
        }

        boolean wasSent(long o, byte b) {
            int v = b & 0xff;
            return (seen[(int) o * 4 + (v >>> 6)] & (1L << (v & 63))) != 0;
        }
    }

    @FuzzTest
    void reassemblesOnlyBytesItWasGivenWithinItsMemoryBounds(byte[] input) {
        FuzzInput in = new FuzzInput(input);
        int cfgBits = in.u8();
        long memcap = in.pick(8192L, 65536L, 1L << 20);
        StreamConfig cfg = new StreamConfig((cfgBits & 1) != 0, (cfgBits & 2) != 0, false,
                in.pick(0L, 512L, 1L << 20), memcap, 16, in.pick(OverlapPolicy.values()),
                in.pick(0, 16, 2048), (cfgBits & 4) != 0, false);
        StreamHarness h = new StreamHarness(cfg);
        h.clientIsn = in.u32();
        h.serverIsn = in.u32();
        if ((cfgBits & 8) != 0) {
            h.handshake();
        }
        Model toServer = new Model();
        Model toClient = new Model();

        for (int n = 0; n < MAX_SEGMENTS && !in.exhausted(); n++) {
            int ctl = in.u8();
            boolean fromClient = (ctl & 1) == 0;
            int flags = ((ctl & 2) != 0 ? StreamHarness.SYN : 0) | ((ctl & 4) != 0 ? StreamHarness.ACK : 0)
                    | ((ctl & 8) != 0 ? StreamHarness.FIN : 0) | ((ctl & 16) != 0 ? StreamHarness.RST : 0)
                    | ((ctl & 32) != 0 ? StreamHarness.PSH : 0);
            long seq;
            long ack;
            if ((ctl & 128) != 0) {
                seq = in.u32();
                ack = in.u32();
            } else {
                seq = (fromClient ? h.clientIsn : h.serverIsn) + 1 + in.u16() - 256;
                ack = (fromClient ? h.serverIsn : h.clientIsn) + 1 + in.u16() - 256;
            }
            int window = in.pick(0, 1024, 65535);
            byte[] payload = in.bytes(in.range(0, MAX_PAYLOAD));

            h.raw(fromClient, flags, seq, ack, window, payload);

            assertTrue(h.engine.memoryUsed() >= 0 && h.engine.memoryUsed() <= memcap,
                    "stream memory " + h.engine.memoryUsed() + " outside [0, memcap " + memcap + "]");
            Flow flow = h.flow;
            TcpSession s = flow == null ? null : flow.stream;
            if (s == null) {
                continue;
            }
            boolean sentToServer = flow.toServer();
            for (boolean dirToServer : new boolean[] {true, false}) {
                StreamDirection d = s.direction(dirToServer);
                Model m = dirToServer ? toServer : toClient;
                long base = d.hasBase() ? d.baseSeq() : -1;
                if (m.session != s || m.base != base) {
                    // a new session (or this side's first sequence number): the engine starts afresh
                    m.reset(s, base);
                }
                if (dirToServer == sentToServer && base >= 0 && payload.length > 0) {
                    m.fedBytes += payload.length;
                    m.record(d.offsetOf(seq), payload, 0, payload.length);
                    if ((flags & StreamHarness.SYN) != 0) {
                        m.record(d.offsetOf(seq + 1), payload, 0, payload.length); // SYN data follows the ISN
                    }
                }
                assertDirection(d, m);
                if ((ctl & 64) != 0) {
                    d.setInspectedEnd(d.inspectableEnd());
                }
            }
        }
        if (h.flow != null) {
            h.engine.release(h.flow);
        }
        assertEquals(0, h.engine.sessionsActive(), "sessions left after the flow was released");
        assertEquals(0, h.engine.memoryUsed(), "stream memory left accounted after every session was released");
    }

    private static void assertDirection(StreamDirection d, Model m) {
        long contig = d.contiguousEnd();
        long start = d.readableStart();
        String where = d.toString();
        assertTrue(start >= 0 && start <= contig, "readable start outside the stream: " + where);
        assertTrue(d.ackedEnd() <= contig && d.inspectableEnd() <= contig, "acked or inspectable past the data: " + where);
        assertTrue(d.heldBytes() >= 0 && d.heldSegments() >= 0, "negative held data: " + where);
        if (contig > start) {
            assertTrue(d.indexOf(start) >= 0 && d.indexOf(contig) <= d.buffer().length, "data outside its buffer: " + where);
        }
        if (d.gapsSkipped() == 0) {
            assertTrue(contig <= m.fedBytes, "reassembled " + contig + " bytes from " + m.fedBytes + " fed: " + where);
        }
        // Bytes that became readable since the last look (skipped gaps read as zeros: not compared).
        long from = Math.max(Math.max(m.checkedTo, start), d.gapEnd());
        long to = Math.min(contig, MODEL);
        byte[] buf = d.buffer();
        for (long o = from; o < to; o++) {
            byte b = buf[d.indexOf(o)];
            assertTrue(m.wasSent(o, b), "stream byte at offset " + o + " (" + (b & 0xff) + ") was never sent there: " + where);
        }
        m.checkedTo = Math.max(m.checkedTo, contig);
    }
}
