package dev.sluice.capture.nfq;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static dev.sluice.capture.nfq.NfqWire.*;
import static org.junit.jupiter.api.Assertions.*;

class VerdictWriterTest {
    private final ByteBuffer buf = ByteBuffer.allocate(VerdictWriter.capacityFor(8)).order(ByteOrder.nativeOrder());
    private final VerdictWriter w = new VerdictWriter(buf, 5, 8, 64);

    /** One decoded verdict message: "B" for a batch or "V" for a single verdict, code, id, mark. */
    private record Msg(String kind, int code, int id, int mark) {
        @Override
        public String toString() {
            return kind + code + ":" + id + (mark != 0 ? "/m" + mark : "");
        }
    }

    private List<String> sent() {
        int len = w.finish();
        List<String> out = new ArrayList<>();
        int at = 0;
        while (at < len) {
            int mlen = buf.getInt(at + OFF_LEN);
            int type = buf.getShort(at + OFF_TYPE) & 0xffff;
            assertEquals(NLM_F_REQUEST, buf.getShort(at + OFF_FLAGS));
            assertEquals(5, be16(buf, at + OFF_RES_ID), "queue number in res_id");
            int a = at + OFF_ATTRS;
            assertEquals(NFQA_VERDICT_HDR, buf.getShort(a + 2));
            int mark = 0;
            if (mlen > OFF_ATTRS + 12) {
                assertEquals(NFQA_MARK, buf.getShort(a + 14));
                mark = be32(buf, a + 16);
            }
            out.add(new Msg(type == TYPE_VERDICT_BATCH ? "B" : type == TYPE_VERDICT ? "V" : "?",
                    be32(buf, a + 4), be32(buf, a + 8), mark).toString());
            at += mlen;
        }
        w.reset();
        return out;
    }

    private void handOut(int... ids) {
        for (int id : ids) {
            w.handedOut(id);
        }
    }

    @Test
    void foldsAcceptsInOrderIntoOneBatchMessage() {
        handOut(10, 11, 12);
        w.add(10, NF_ACCEPT, 0);
        w.add(11, NF_ACCEPT, 0);
        w.add(12, NF_ACCEPT, 0);

        assertEquals(List.of("B1:12"), sent());
    }

    @Test
    void sendsALoneAcceptAsAPlainVerdict() {
        handOut(4);
        w.add(4, NF_ACCEPT, 0);

        assertEquals(List.of("V1:4"), sent());
    }

    @Test
    void dropInTheMiddleClosesTheBatchAndGoesAlone() {
        handOut(1, 2, 3, 4, 5, 6);
        w.add(1, NF_ACCEPT, 0);
        w.add(2, NF_ACCEPT, 0);
        w.add(3, NF_DROP, 0);
        w.add(4, NF_ACCEPT, 0);
        w.add(5, NF_ACCEPT, 0);
        w.add(6, NF_ACCEPT, 0);

        assertEquals(List.of("B1:2", "V0:3", "B1:6"), sent());
    }

    @Test
    void batchNeverCoversAPacketStillWaiting() {
        handOut(1, 2, 3, 4);
        w.add(1, NF_ACCEPT, 0);
        w.add(3, NF_ACCEPT, 0); // out of order: 2 still waits, so 3 may not end a batch
        w.add(2, NF_DROP, 0);
        w.add(4, NF_ACCEPT, 0);

        assertEquals(List.of("V1:1", "V1:3", "V0:2", "V1:4"), sent());
    }

    @Test
    void markedVerdictsCarryTheMarkAndDropsNever() {
        handOut(1, 2, 3);
        w.add(1, NF_REPEAT, 0x10);
        w.add(2, NF_ACCEPT, 7);
        w.add(3, NF_DROP, 9);

        assertEquals(List.of("V4:1/m16", "V1:2/m7", "V0:3"), sent());
    }

    @Test
    void saysFullAtBatchSizeAndEmptyAfterReset() {
        assertTrue(w.empty());
        for (int id = 1; id <= 8; id++) {
            w.handedOut(id);
            assertFalse(w.full());
            w.add(id, id == 4 ? NF_DROP : NF_ACCEPT, 0);
        }
        assertTrue(w.full());
        assertEquals(List.of("B1:3", "V0:4", "B1:8"), sent());
        assertTrue(w.empty());
        assertEquals(8, w.verdicts);
    }

    @Test
    void keepsBatchingAcrossIdWraparound() {
        handOut(-2, -1, 0, 1);
        for (int id : new int[]{-2, -1, 0, 1}) {
            w.add(id, NF_ACCEPT, 0);
        }

        assertEquals(List.of("B1:1"), sent());
    }

    @Test
    void forgetsTheOldestWhenMoreAreHandedOutThanTheKernelCanHold() {
        for (int id = 1; id <= 70; id++) { // capacity 64: ids 1..6 can no longer be queued
            w.handedOut(id);
        }
        w.add(7, NF_ACCEPT, 0);
        w.add(8, NF_ACCEPT, 0);

        assertEquals(List.of("B1:8"), sent());
        assertEquals(62, w.waitingCount());
    }

    @Test
    void acceptAllCoversEverythingUpToTheNewest() {
        handOut(1, 2, 3);
        w.add(1, NF_DROP, 0);
        w.acceptAllUpTo(w.newestWaiting(0));

        assertEquals(List.of("V0:1", "B1:3"), sent());
        assertEquals(0, w.waitingCount());
    }

    @Test
    void refusesBufferTooSmallForTheBatchSize() {
        ByteBuffer small = ByteBuffer.allocate(64);
        assertThrows(IllegalArgumentException.class, () -> new VerdictWriter(small, 0, 8, 64));
    }
}
