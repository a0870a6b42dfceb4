package dev.sluice.engine.pipeline;

import dev.sluice.capture.Frame;
import dev.sluice.capture.PacketSource;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded hand-off of frames from one reader thread to one worker thread: a ring of frames
 * allocated once. A frame's bytes change hands by swapping {@code data} arrays (the reader's
 * array goes into the slot, the slot's into the worker's frame), so nothing is copied, and
 * buffers are allocated only until each of the ring's arrays has met the largest packet. The worker reads the ring as its {@link PacketSource}; it ends once the
 * reader has {@linkplain #close() closed} it and every frame put in has been taken out.
 */
public final class FrameRing implements PacketSource {
    private static final int SPINS = 100;
    private static final long PARK_NANOS = 500_000;
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    /** Slot indexes: head (next to take, written by the worker) and tail (next to fill, written by the reader), on separate cache lines. */
    private static final int HEAD = 8;
    private static final int TAIL = 24;

    private final Frame[] slots;
    private final int mask;
    private final long[] seq = new long[32];
    /** The reader's last view of head, the worker's last view of tail (each read by its own thread only). */
    private long headSeen;
    private long tailSeen;
    private volatile boolean closed;
    private volatile Throwable abandoned;
    private volatile Thread readerWaiting;
    private volatile Thread workerWaiting;

    /** A ring of {@code size} frames (rounded up to a power of two, at least 2). */
    public FrameRing(int size) {
        int n = size <= 2 ? 2 : Integer.highestOneBit(size - 1) << 1;
        slots = new Frame[n];
        for (int i = 0; i < n; i++) {
            // No buffer yet: the reader's frame grows one when a packet needs it, and it then circulates.
            slots[i] = new Frame(0);
        }
        mask = n - 1;
    }

    public int capacity() {
        return slots.length;
    }

    private long head() {
        return (long) SEQ.getVolatile(seq, HEAD);
    }

    private long tail() {
        return (long) SEQ.getVolatile(seq, TAIL);
    }

    /**
     * Reader thread: hands {@code f}'s packet to the worker, waiting while the ring is full, and
     * gives {@code f} a free buffer in exchange. Returns false, taking nothing, when the worker has
     * stopped (see {@link #abandoned()}).
     */
    public boolean put(Frame f) {
        // One volatile read a frame: a worker that stopped is noticed at once, not when its ring fills.
        if (abandoned != null) {
            return false;
        }
        long t = (long) SEQ.get(seq, TAIL);
        if (t - headSeen >= slots.length) {
            headSeen = head();
            if (t - headSeen >= slots.length && !awaitRoom(t)) {
                return false;
            }
        }
        Frame s = slots[(int) t & mask];
        byte[] d = s.data;
        s.data = f.data;
        f.data = d;
        s.copyMeta(f);
        SEQ.setVolatile(seq, TAIL, t + 1);
        Thread w = workerWaiting;
        if (w != null) {
            LockSupport.unpark(w);
        }
        return true;
    }

    /** Waits until at least half the ring is free again (fewer wake-ups than one slot at a time). */
    private boolean awaitRoom(long t) {
        long half = slots.length >>> 1;
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            headSeen = head();
            if (t - headSeen < slots.length) {
                return true;
            }
        }
        readerWaiting = Thread.currentThread();
        // A set interrupt flag makes parkNanos return at once (a busy spin): cleared while waiting, restored after.
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                headSeen = head();
                if (t - headSeen <= half) {
                    return true;
                }
                if (abandoned != null) {
                    return false;
                }
                LockSupport.parkNanos(this, PARK_NANOS);
                interrupted |= Thread.interrupted();
            }
        } finally {
            readerWaiting = null;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Reader thread: no more frames will be put; the worker drains the ring and ends. */
    @Override
    public void close() {
        closed = true;
        Thread w = workerWaiting;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Worker thread: the worker stopped on {@code why}; the reader must not wait for it any more. */
    public void abandon(Throwable why) {
        abandoned = why;
        Thread r = readerWaiting;
        if (r != null) {
            LockSupport.unpark(r);
        }
    }

    /** Why the worker stopped early, or null. */
    public Throwable abandoned() {
        return abandoned;
    }

    /** Worker thread: the next frame, in the order the reader put them; false once closed and drained. */
    @Override
    public boolean next(Frame f) {
        long h = (long) SEQ.get(seq, HEAD);
        if (h == tailSeen) {
            tailSeen = tail();
            if (h == tailSeen && !awaitFrame(h)) {
                return false;
            }
        }
        Frame s = slots[(int) h & mask];
        byte[] d = s.data;
        s.data = f.data;
        f.data = d;
        f.copyMeta(s);
        SEQ.setVolatile(seq, HEAD, h + 1);
        Thread r = readerWaiting;
        // The reader, blocked on a full ring, waits for half of it to be free.
        if (r != null && tail() - (h + 1) <= (slots.length >>> 1)) {
            LockSupport.unpark(r);
        }
        return true;
    }

    private boolean awaitFrame(long h) {
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            tailSeen = tail();
            if (tailSeen != h) {
                return true;
            }
        }
        workerWaiting = Thread.currentThread();
        // As in awaitRoom: the interrupt flag is cleared while parked and restored after.
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                // closed is read before tail: a frame put before close() is always seen.
                boolean last = closed;
                tailSeen = tail();
                if (tailSeen != h) {
                    return true;
                }
                if (last) {
                    return false;
                }
                LockSupport.parkNanos(this, PARK_NANOS);
                interrupted |= Thread.interrupted();
            }
        } finally {
            workerWaiting = null;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
