package dev.sluice.engine.stream;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.sluice.engine.stream.StreamHarness.has;
import static dev.sluice.engine.stream.StreamHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reassembly of one direction: order, gaps, retransmissions, overlaps, depth, wrap-around, compaction. */
class StreamDirectionTest {

    @Test
    void inOrderDataAfterHandshakeIsContiguous() {
        StreamHarness h = new StreamHarness().handshake();
        int f = h.client(0, "GET / HTTP/1.1\r\n");
        assertTrue(has(f, StreamFlags.IN_ORDER), StreamFlags.toString(f));
        assertEquals(0, h.session().lastPacketOffset());
        f = h.client(16, "Host: x\r\n\r\n");
        assertTrue(has(f, StreamFlags.IN_ORDER));
        assertEquals(16, h.engine.packetOffset(h.p, h.flow));
        assertEquals("GET / HTTP/1.1\r\nHost: x\r\n\r\n", text(h.c2s()));
        assertEquals(27, h.c2s().contiguousEnd());
        assertEquals(0, h.c2s().heldBytes());
        assertEquals(TcpSession.State.ESTABLISHED, h.session().state());
    }

    @Test
    void outOfOrderSegmentsInEveryPermutationGiveTheSameBytes() {
        String[] parts = {"abc", "defg", "hi"};
        long[] offs = {0, 3, 7};
        for (int[] perm : permutations(3)) {
            StreamHarness h = new StreamHarness().handshake();
            boolean[] sent = new boolean[3];
            for (int k = 0; k < 3; k++) {
                int i = perm[k];
                int f = h.client(offs[i], parts[i]);
                boolean inOrder = i == 0 || sent[i - 1] && allBefore(sent, i);
                assertEquals(inOrder, has(f, StreamFlags.IN_ORDER), java.util.Arrays.toString(perm) + " " + StreamFlags.toString(f));
                assertEquals(!inOrder, has(f, StreamFlags.OUT_OF_ORDER), java.util.Arrays.toString(perm));
                assertEquals(offs[i], h.session().lastPacketOffset());
                sent[i] = true;
            }
            assertEquals("abcdefghi", text(h.c2s()), java.util.Arrays.toString(perm));
            assertEquals(0, h.c2s().heldBytes());
            assertEquals(0, h.c2s().heldSegments());
            assertEquals(0, h.engine.bytesHeld());
            assertEquals(0, h.engine.segmentsHeld());
        }
    }

    @Test
    void heldSegmentsWaitForTheGapAndAreCounted() {
        StreamHarness h = new StreamHarness().handshake();
        h.client(5, "fgh");
        h.client(10, "k");
        assertEquals(0, h.c2s().contiguousEnd());
        assertEquals(4, h.c2s().heldBytes());
        assertEquals(2, h.c2s().heldSegments());
        assertEquals(2, h.engine.segmentsHeld());
        int f = h.client(0, "abcde");
        assertTrue(has(f, StreamFlags.GAP_FILLED), StreamFlags.toString(f));
        assertEquals(8, h.c2s().contiguousEnd());
        assertEquals(1, h.c2s().heldSegments());
        assertEquals(1, h.c2s().heldBytes());
        h.client(8, "ij");
        assertEquals("abcdefghijk", text(h.c2s()));
        assertEquals(0, h.engine.segmentsHeld());
    }

    @Test
    void identicalRetransmissionIsRecognised() {
        StreamHarness h = new StreamHarness().handshake();
        h.client(0, "hello ");
        h.client(6, "world");
        int f = h.client(0, "hello ");
        assertTrue(has(f, StreamFlags.RETRANSMISSION), StreamFlags.toString(f));
        assertFalse(has(f, StreamFlags.OVERLAP_DIFFERENT_DATA));
        assertFalse(has(f, StreamFlags.IN_ORDER));
        f = h.client(3, "lo wo");
        assertTrue(has(f, StreamFlags.RETRANSMISSION));
        assertEquals("hello world", text(h.c2s()));
        assertEquals(0, h.engine.eventCount(StreamFlags.OVERLAP_DIFFERENT_DATA));
        assertEquals(2, h.engine.eventCount(StreamFlags.RETRANSMISSION));
    }

    @Test
    void retransmissionExtendingTheStreamKeepsOldBytesAndAddsNewOnes() {
        StreamHarness h = new StreamHarness().handshake();
        h.client(0, "abcd");
        int f = h.client(2, "cdef");
        assertTrue(has(f, StreamFlags.IN_ORDER));
        assertFalse(has(f, StreamFlags.RETRANSMISSION));
        assertEquals("abcdef", text(h.c2s()));
    }

    /**
     * An old segment "WXYZ" at [4, 8) is held; a new segment with different (lower-case) bytes
     * overlaps it in one of seven ways. Per policy, which of the two wins the overlap ('N' new,
     * 'O' old) for the cases in {@link #CASES}.
     */
    private static final long[][] CASES = {
        {4, 8},  // A same extent
        {4, 10}, // B same start, ends after
        {2, 8},  // C starts before, same end
        {2, 6},  // D starts before, ends inside
        {6, 10}, // E starts inside, ends after
        {5, 7},  // F inside
        {4, 6},  // G same start, ends inside
    };

    private static final Object[][] WINNERS = {
        //                         A    B    C    D    E    F    G
        {OverlapPolicy.FIRST,      "OOOOOOO"},
        {OverlapPolicy.LAST,       "NNNNNNN"},
        {OverlapPolicy.BSD,        "OONNOOO"},
        {OverlapPolicy.WINDOWS,    "OONNOOO"},
        {OverlapPolicy.WINDOWS2K3, "OONNOOO"},
        {OverlapPolicy.MACOS,      "OONNOOO"},
        {OverlapPolicy.HPUX10,     "OONNOOO"},
        {OverlapPolicy.IRIX,       "OONNOOO"},
        {OverlapPolicy.LINUX,      "ONNNOOO"},
        {OverlapPolicy.OLD_LINUX,  "NNNNOOO"},
        {OverlapPolicy.SOLARIS,    "NNNONOO"},
        {OverlapPolicy.HPUX11,     "NNNONOO"},
        {OverlapPolicy.VISTA,      "OOOOOOO"},
        {OverlapPolicy.BSD_RIGHT,  "OOOOOOO"},
    };

    @Test
    void overlapWithDifferentDataIsResolvedByPolicy() {
        assertEquals(OverlapPolicy.values().length, WINNERS.length);
        for (Object[] row : WINNERS) {
            OverlapPolicy policy = (OverlapPolicy) row[0];
            String winners = (String) row[1];
            for (int c = 0; c < CASES.length; c++) {
                boolean newWins = winners.charAt(c) == 'N';
                String got = overlapOutcome(StreamConfig.DEFAULTS.withPolicy(policy), CASES[c][0], CASES[c][1], newWins);
                assertEquals(expected(CASES[c][0], CASES[c][1], newWins), got, policy + " case " + (char) ('A' + c));
            }
        }
    }

    @Test
    void inlineModeKeepsTheFirstDataWhateverThePolicy() {
        for (OverlapPolicy policy : new OverlapPolicy[] {OverlapPolicy.LAST, OverlapPolicy.BSD, OverlapPolicy.SOLARIS}) {
            for (long[] c : CASES) {
                String got = overlapOutcome(StreamConfig.DEFAULTS.withPolicy(policy).withInline(true), c[0], c[1], false);
                assertEquals(expected(c[0], c[1], false), got, policy + " inline " + c[0] + "-" + c[1]);
            }
        }
    }

    /** Builds the case and returns the reassembled stream; checks the overlap flags on the way. */
    private static String overlapOutcome(StreamConfig cfg, long ns, long ne, boolean newWins) {
        StreamHarness h = new StreamHarness(cfg).handshake();
        h.client(0, "ab");
        h.client(4, "WXYZ");
        int f = h.client(ns, "cdefghij".substring((int) ns - 2, (int) ne - 2));
        String what = cfg.policy() + " " + ns + "-" + ne + " " + StreamFlags.toString(f);
        assertTrue(has(f, StreamFlags.OVERLAP_DIFFERENT_DATA), what);
        assertEquals(!newWins, has(f, StreamFlags.PACKET_DIFFERS), what);
        if (ns > 2) {
            h.client(2, "..");
        }
        return text(h.c2s());
    }

    /** "ab", then per offset: new bytes where the new segment wins or the old one is absent. */
    private static String expected(long ns, long ne, boolean newWins) {
        String newBytes = "..cdefghij";
        String oldBytes = "....WXYZ";
        long end = Math.max(8, ne);
        StringBuilder sb = new StringBuilder("ab");
        for (int o = 2; o < end; o++) {
            boolean inNew = o >= ns && o < ne;
            boolean inOld = o >= 4 && o < 8;
            if (inNew && (!inOld || newWins)) {
                sb.append(newBytes.charAt(o));
            } else if (inOld) {
                sb.append(oldBytes.charAt(o));
            } else {
                sb.append('.');
            }
        }
        return sb.toString();
    }

    @Test
    void retransmissionWithDifferentBytesOverInOrderDataFollowsThePolicy() {
        Object[][] table = {
            // policy, same extent result, same start and longer result
            {OverlapPolicy.BSD, "abcd", "abcdEF"},
            {OverlapPolicy.LINUX, "abcd", "ABCDEF"},
            {OverlapPolicy.OLD_LINUX, "ABCD", "ABCDEF"},
            {OverlapPolicy.SOLARIS, "ABCD", "ABCDEF"},
            {OverlapPolicy.WINDOWS, "abcd", "abcdEF"},
            {OverlapPolicy.FIRST, "abcd", "abcdEF"},
            {OverlapPolicy.LAST, "ABCD", "ABCDEF"},
        };
        for (Object[] row : table) {
            StreamConfig cfg = StreamConfig.DEFAULTS.withPolicy((OverlapPolicy) row[0]);
            StreamHarness h = new StreamHarness(cfg).handshake();
            h.client(0, "abcd");
            int f = h.client(0, "ABCD");
            assertTrue(has(f, StreamFlags.OVERLAP_DIFFERENT_DATA));
            assertTrue(has(f, StreamFlags.RETRANSMISSION));
            assertEquals(row[1], text(h.c2s()), row[0] + " same extent");

            h = new StreamHarness(cfg).handshake();
            h.client(0, "abcd");
            f = h.client(0, "ABCDEF");
            assertTrue(has(f, StreamFlags.IN_ORDER));
            assertEquals(row[2], text(h.c2s()), row[0] + " longer");
            assertEquals(1, h.engine.eventCount(StreamFlags.OVERLAP_DIFFERENT_DATA));
        }
    }

    @Test
    void inlineRetransmissionWithDifferentBytesKeepsWhatWasAccepted() {
        StreamHarness h = new StreamHarness(StreamConfig.DEFAULTS.withInline(true).withPolicy(OverlapPolicy.LAST)).handshake();
        h.client(0, "abcd");
        int f = h.client(0, "ABCDEF");
        assertTrue(has(f, StreamFlags.OVERLAP_DIFFERENT_DATA) && has(f, StreamFlags.PACKET_DIFFERS), StreamFlags.toString(f));
        assertTrue(has(f, StreamFlags.IN_ORDER), "the new tail is still taken");
        assertEquals("abcdEF", text(h.c2s()));
        f = h.client(2, "cd");
        assertEquals(StreamFlags.RETRANSMISSION, f, "identical data is no conflict: " + StreamFlags.toString(f));
    }

    @Test
    void overlapSpanningSeveralSegmentsIsJudgedAgainstEachOfThem() {
        // old [4,6) "WX" and [6,8) "YZ"; the new [4,8) "efgh" starts with the first and before the second
        Object[][] table = {
            {OverlapPolicy.BSD, "ab..WXgh"},     // same start as WX: old; starts before YZ: new
            {OverlapPolicy.LINUX, "ab..efgh"},   // same start and longer than WX: new
            {OverlapPolicy.FIRST, "ab..WXYZ"},
            {OverlapPolicy.LAST, "ab..efgh"},
            {OverlapPolicy.SOLARIS, "ab..efgh"}, // ends after WX; starts before and ends with YZ
        };
        for (Object[] row : table) {
            StreamHarness h = new StreamHarness(StreamConfig.DEFAULTS.withPolicy((OverlapPolicy) row[0])).handshake();
            h.client(0, "ab");
            h.client(4, "WX");
            h.client(6, "YZ");
            h.client(4, "efgh");
            h.client(2, "..");
            assertEquals(row[1], text(h.c2s()), row[0].toString());
        }
    }

    @Test
    void partiallyCoveringSegmentsFillEveryHole() {
        StreamHarness h = new StreamHarness().handshake();
        h.client(6, "ghij");
        h.client(2, "cdefgh");  // overlaps the start of the held range
        h.client(9, "jklm");   // overlaps its end
        assertEquals(0, h.c2s().contiguousEnd());
        assertEquals(11, h.c2s().heldBytes());
        h.client(0, "abc");
        assertEquals("abcdefghijklm", text(h.c2s()));
        assertEquals(0, h.engine.eventCount(StreamFlags.OVERLAP_DIFFERENT_DATA));
    }

    @Test
    void oneByteSegmentsInReverseOrder() {
        StreamHarness h = new StreamHarness().handshake();
        String msg = "one byte at a time";
        for (int i = msg.length() - 1; i >= 1; i--) {
            int f = h.client(i, msg.substring(i, i + 1));
            assertTrue(has(f, StreamFlags.OUT_OF_ORDER));
        }
        assertEquals(msg.length() - 1, h.c2s().heldSegments());
        assertEquals(msg.length() - 1, h.c2s().heldBytes());
        int f = h.client(0, "o");
        assertTrue(has(f, StreamFlags.GAP_FILLED));
        assertEquals(msg, text(h.c2s()));
        assertEquals(0, h.c2s().heldSegments());
    }

    @Test
    void gapThatNeverFillsHoldsLaterDataWithoutError() {
        StreamHarness h = new StreamHarness(StreamConfig.DEFAULTS.withSkipAckedGaps(false)).handshake();
        h.client(0, "abc");
        h.client(5, "fgh");
        h.client(8, "ijk");
        int f = h.serverAck(11);
        assertFalse(has(f, StreamFlags.GAP_SKIPPED));
        assertEquals(3, h.c2s().contiguousEnd());
        assertEquals(3, h.c2s().ackedEnd(), "acked data we did not see does not count");
        assertEquals(6, h.c2s().heldBytes());
        assertEquals("abc", text(h.c2s()));
        assertFalse(h.c2s().eof());
        assertEquals(0, h.c2s().gapEnd());
    }

    @Test
    void gapIsWaitedForWhileTheReceiverHasNotAcknowledgedBeyondIt() {
        StreamHarness h = new StreamHarness().handshake();
        h.client(0, "abc");
        h.client(5, "fgh");
        h.serverAck(4);
        h.serverAck(5);
        assertEquals(3, h.c2s().contiguousEnd());
        h.client(3, "de");
        assertEquals("abcdefgh", text(h.c2s()));
        assertEquals(0, h.c2s().gapsSkipped());
    }

    @Test
    void gapTheReceiverAcknowledgedIsSkipped() {
        StreamHarness h = new StreamHarness().handshake();
        h.client(0, "abc");
        h.client(5, "fgh");
        h.client(10, "kl");
        int f = h.serverAck(9);
        assertTrue(has(f, StreamFlags.GAP_SKIPPED), StreamFlags.toString(f));
        StreamDirection d = h.c2s();
        assertEquals(8, d.contiguousEnd(), "the second gap is not acknowledged yet");
        assertEquals(5, d.gapEnd());
        assertEquals("abc\0\0fgh", text(d));
        assertEquals(2, d.heldBytes());
        h.serverAck(12);
        assertEquals(12, d.contiguousEnd());
        assertEquals(10, d.gapEnd());
        assertEquals(2, d.gapsSkipped());
        assertEquals(0, d.heldBytes());
        assertEquals(0, h.engine.segmentsHeld());
        assertTrue(has(h.client(12, "m"), StreamFlags.IN_ORDER));
        assertEquals("klm", text(d, d.gapEnd()));
        int late = h.client(3, "de");
        assertTrue(has(late, StreamFlags.RETRANSMISSION), "a late copy changes nothing");
        assertFalse(has(late, StreamFlags.OVERLAP_DIFFERENT_DATA));
        assertEquals("abc\0\0fgh\0\0klm", text(d));
    }

    @Test
    void sequenceNumbersWrapAroundTwoToThe32() {
        StreamHarness h = new StreamHarness();
        h.clientIsn = 0xFFFFFFF0L;
        h.serverIsn = 0xFFFFFFFEL;
        h.handshake();
        h.client(20, "UVWXYZ");            // seq wrapped (0x00000005)
        h.client(0, "abcdefghijklmno");   // ends at 0xFFFFFFFF + 1 = 0
        assertEquals(15, h.c2s().contiguousEnd());
        h.client(15, "pqrst");             // crosses 2^32
        assertEquals("abcdefghijklmnopqrstUVWXYZ", text(h.c2s()));
        h.server(0, "reply", 26);          // ack number wrapped too
        assertEquals(26, h.c2s().ackedEnd());
        assertEquals("reply", text(h.s2c()));
        assertEquals(0xFFFFFFF1L, h.c2s().baseSeq());
        assertEquals(26, h.c2s().offsetOf(0x0000000BL));
    }

    @Test
    void ackedEndFollowsAcksInIdsMode() {
        StreamHarness h = new StreamHarness().handshake();
        h.client(0, "0123456789");
        StreamDirection d = h.c2s();
        assertEquals(10, d.contiguousEnd());
        assertEquals(0, d.ackedEnd());
        assertEquals(0, d.inspectableEnd());
        h.serverAck(4);
        assertEquals(4, d.ackedEnd());
        assertEquals(4, d.inspectableEnd());
        h.serverAck(2); // an older ACK arriving late changes nothing
        assertEquals(4, d.ackedEnd());
        h.server(0, "ok", 10);
        assertEquals(10, d.inspectableEnd());
        assertEquals(0, h.s2c().ackedEnd());
        h.clientAck(2);
        assertEquals(2, h.s2c().ackedEnd());
    }

    @Test
    void inlineModeMakesDataInspectableAtOnce() {
        StreamHarness h = new StreamHarness(StreamConfig.DEFAULTS.withInline(true)).handshake();
        h.client(0, "0123456789");
        assertEquals(10, h.c2s().inspectableEnd());
        assertEquals(0, h.c2s().ackedEnd());
        h.client(12, "cd");
        assertEquals(10, h.c2s().inspectableEnd(), "held data is not readable");
    }

    @Test
    void dataBeyondTheDepthIsNotStored() {
        StreamHarness h = new StreamHarness(StreamConfig.DEFAULTS.withDepth(10)).handshake();
        int f = h.client(0, "01234567");
        assertFalse(has(f, StreamFlags.DEPTH_REACHED));
        assertFalse(h.c2s().depthReached());
        f = h.client(8, "89abcdef");
        assertTrue(has(f, StreamFlags.DEPTH_REACHED), StreamFlags.toString(f));
        assertTrue(h.c2s().depthReached());
        assertEquals("0123456789", text(h.c2s()));
        f = h.client(16, "ghij");
        assertTrue(has(f, StreamFlags.DEPTH_REACHED));
        assertEquals(10, h.c2s().contiguousEnd());
        assertTrue(h.c2s().memoryBytes() < 4096, "buffer sized to the depth: " + h.c2s().memoryBytes());
        // the other direction has its own depth
        h.server(0, "0123456789", 20);
        assertTrue(h.s2c().depthReached());
    }

    @Test
    void unlimitedDepthKeepsGoing() {
        StreamHarness h = new StreamHarness(StreamConfig.DEFAULTS.withDepth(0)).handshake();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String chunk = String.format("%08d", i);
            h.client(i * 8L, chunk);
            sb.append(chunk);
        }
        assertEquals(sb.toString(), text(h.c2s()));
        assertFalse(h.c2s().depthReached());
    }

    @Test
    void compactionKeepsTheLookbackBeforeTheInspectedPoint() {
        StreamHarness h = new StreamHarness(StreamConfig.DEFAULTS.withLookback(100)).handshake();
        StreamDirection d = h.c2s();
        byte[] expect = new byte[200_000];
        long off = 0;
        int seg = 1000;
        for (int i = 0; off + seg <= expect.length; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < seg; k++) {
                sb.append((char) ('a' + (off + k) * 7 % 26));
            }
            String s = sb.toString();
            for (int k = 0; k < seg; k++) {
                expect[(int) off + k] = (byte) s.charAt(k);
            }
            h.client(off, s);
            off += seg;
            h.serverAck(off);
            // the detector inspects everything that is inspectable
            d.setInspectedEnd(d.inspectableEnd());
            assertTrue(d.readableStart() <= Math.max(0, d.inspectedEnd() - 100));
            long from = Math.max(d.readableStart(), d.inspectedEnd() - 100 - seg);
            for (long o = from; o < d.contiguousEnd(); o++) {
                if (d.buffer()[d.indexOf(o)] != expect[(int) o]) {
                    throw new AssertionError("byte " + o + " wrong after compaction");
                }
            }
        }
        assertEquals(200_000, d.contiguousEnd());
        assertTrue(d.memoryBytes() <= 16_384 + 4096, "buffer stays small: " + d.memoryBytes());
        assertTrue(d.readableStart() > 100_000);
    }

    @Test
    void uninspectedDataIsNeverDiscarded() {
        StreamHarness h = new StreamHarness().handshake();
        StreamDirection d = h.c2s();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            String chunk = String.format("%0100d", i);
            h.client(i * 100L, chunk, 0);
            h.serverAck((i + 1) * 100L);
            sb.append(chunk);
        }
        assertEquals(0, d.readableStart());
        assertEquals(sb.toString(), text(d));
    }

    private static boolean allBefore(boolean[] sent, int i) {
        for (int k = 0; k < i; k++) {
            if (!sent[k]) {
                return false;
            }
        }
        return true;
    }

    private static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        return out;
    }

    private static void permute(int[] cur, boolean[] used, int k, List<int[]> out) {
        if (k == cur.length) {
            out.add(cur.clone());
            return;
        }
        for (int i = 0; i < cur.length; i++) {
            if (!used[i]) {
                used[i] = true;
                cur[k] = i;
                permute(cur, used, k + 1, out);
                used[i] = false;
            }
        }
    }
}
