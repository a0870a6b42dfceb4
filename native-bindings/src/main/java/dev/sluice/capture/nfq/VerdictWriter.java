package dev.sluice.capture.nfq;

import java.nio.ByteBuffer;

import static dev.sluice.capture.nfq.NfqWire.*;

/**
 * Turns verdicts into netlink messages in a reused buffer, folding runs of plain ACCEPTs into one
 * NFQNL_MSG_VERDICT_BATCH. A batch verdict for id N applies to every packet of the queue with an id
 * up to N, so a run may only grow while every packet handed out before it has had its verdict: the
 * ids handed out are kept in a FIFO, and a verdict extends the run only when it is for the oldest
 * id still waiting. Anything else (a DROP, a REPEAT, a marked ACCEPT, a verdict out of order) closes
 * the run and goes as a message of its own after it. The kernel processes the messages of one send in
 * order, so a whole buffer goes in one send. Not thread-safe: one worker.
 *
 * <pre>
 * verdict message: nlmsghdr | nfgenmsg(res_id = queue) | NFQA_VERDICT_HDR{verdict be32, id be32} [| NFQA_MARK{mark be32}]
 * </pre>
 */
final class VerdictWriter {
    private final ByteBuffer out;
    private final int queue;
    private final int batchSize;
    private int seq;
    private int length;

    /** The open run of plain ACCEPTs, not yet written: its last id and how many verdicts it holds. */
    private int runLastId;
    private int runCount;
    /** Verdicts written or in the open run since the last {@link #reset()}. */
    private int pending;

    /** Ids handed out and still waiting for a verdict, oldest first. */
    private final int[] waiting;
    private final int waitingMask;
    private int waitHead;
    private int waitSize;

    /** Counters (worker-written, read elsewhere as approximate values). */
    long verdicts;
    long batchMessages;
    long singleMessages;

    /**
     * @param out       where messages are written; at least {@link #capacityFor(int)} bytes
     * @param batchSize verdicts gathered before {@link #full()} says to send
     * @param maxWaiting the most packets that can wait at once (the kernel queue length)
     */
    VerdictWriter(ByteBuffer out, int queue, int batchSize, int maxWaiting) {
        if (out.capacity() < capacityFor(batchSize)) {
            throw new IllegalArgumentException("verdict buffer too small for batch size " + batchSize);
        }
        this.out = out;
        this.queue = queue;
        this.batchSize = batchSize;
        int cap = Integer.highestOneBit(Math.max(16, maxWaiting) - 1) << 1;
        this.waiting = new int[cap];
        this.waitingMask = cap - 1;
    }

    /** Buffer bytes needed for {@code batchSize} verdicts, each possibly its own message, plus one run. */
    static int capacityFor(int batchSize) {
        return (batchSize + 1) * VERDICT_MSG_MAX;
    }

    /** Notes a packet handed to the worker; its verdict is due. */
    void handedOut(int id) {
        if (waitSize == waiting.length) {
            // More ids than the kernel can hold at once: the oldest must have left the queue without
            // us (e.g. its device went away), so it no longer holds runs back.
            waitHead = (waitHead + 1) & waitingMask;
            waitSize--;
        }
        waiting[(waitHead + waitSize) & waitingMask] = id;
        waitSize++;
    }

    /** Adds a verdict (a netfilter verdict code and the mark to set, 0 for none). */
    void add(int id, int code, int mark) {
        verdicts++;
        pending++;
        boolean oldest = takeWaiting(id);
        if (oldest && code == NF_ACCEPT && mark == 0) {
            runLastId = id;
            runCount++;
            return;
        }
        closeRun();
        writeMessage(TYPE_VERDICT, id, code, code == NF_DROP ? 0 : mark);
        singleMessages++;
    }

    /** True when enough verdicts are gathered that they should be sent now. */
    boolean full() {
        return pending >= batchSize;
    }

    /** True when nothing waits to be sent. */
    boolean empty() {
        return pending == 0;
    }

    /** Closes the open run and returns the number of bytes to send from the start of the buffer. */
    int finish() {
        closeRun();
        return length;
    }

    /** Forgets the written messages (after they were sent, or could not be). */
    void reset() {
        length = 0;
        pending = 0;
    }

    /** Number of ids handed out and still waiting for a verdict. */
    int waitingCount() {
        return waitSize;
    }

    /** The newest id handed out, or {@code fallback} when none waits. */
    int newestWaiting(int fallback) {
        return waitSize == 0 ? fallback : waiting[(waitHead + waitSize - 1) & waitingMask];
    }

    /** Writes one batch ACCEPT covering every queued id up to {@code id} (for giving up on a queue). */
    void acceptAllUpTo(int id) {
        closeRun();
        writeMessage(TYPE_VERDICT_BATCH, id, NF_ACCEPT, 0);
        batchMessages++;
        pending++;
        waitSize = 0;
    }

    /** Removes {@code id} from the waiting ids; true when it was the oldest (the run may grow). */
    private boolean takeWaiting(int id) {
        if (waitSize > 0 && waiting[waitHead] == id) {
            waitHead = (waitHead + 1) & waitingMask;
            waitSize--;
            return true;
        }
        // Out of order (or never handed out): remove it from the middle if it is there.
        for (int i = 1; i < waitSize; i++) {
            int at = (waitHead + i) & waitingMask;
            if (waiting[at] == id) {
                for (int j = i; j < waitSize - 1; j++) {
                    waiting[(waitHead + j) & waitingMask] = waiting[(waitHead + j + 1) & waitingMask];
                }
                waitSize--;
                break;
            }
        }
        return false;
    }

    private void closeRun() {
        if (runCount == 0) {
            return;
        }
        if (runCount == 1) {
            writeMessage(TYPE_VERDICT, runLastId, NF_ACCEPT, 0);
            singleMessages++;
        } else {
            writeMessage(TYPE_VERDICT_BATCH, runLastId, NF_ACCEPT, 0);
            batchMessages++;
        }
        runCount = 0;
    }

    private void writeMessage(int type, int id, int code, int mark) {
        int at = length;
        int len = OFF_ATTRS + 12 + (mark != 0 ? 8 : 0);
        ByteBuffer b = out;
        b.putInt(at + OFF_LEN, len);
        b.putShort(at + OFF_TYPE, (short) type);
        b.putShort(at + OFF_FLAGS, (short) NLM_F_REQUEST);
        b.putInt(at + OFF_SEQ, ++seq);
        b.putInt(at + OFF_PID, 0);
        b.put(at + OFF_FAMILY, (byte) AF_UNSPEC);
        b.put(at + OFF_VERSION, (byte) 0);
        putBe16(b, at + OFF_RES_ID, queue);
        int a = at + OFF_ATTRS;
        b.putShort(a, (short) 12);
        b.putShort(a + 2, (short) NFQA_VERDICT_HDR);
        putBe32(b, a + 4, code);
        putBe32(b, a + 8, id);
        if (mark != 0) {
            b.putShort(a + 12, (short) 8);
            b.putShort(a + 14, (short) NFQA_MARK);
            putBe32(b, a + 16, mark);
        }
        length = at + len;
    }
}
