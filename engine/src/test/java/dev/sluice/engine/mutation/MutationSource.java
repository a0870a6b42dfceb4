package dev.sluice.engine.mutation;

import dev.sluice.capture.Frame;
import dev.sluice.capture.PacketSource;

/**
 * An inline source of {@link MutatedTraffic}: raw IP frames (link type 101, as NFQUEUE hands them
 * over) numbered 1, 2, 3, ... with a clock that moves 100 µs per packet. Ends after {@code count}
 * packets or at {@code deadlineNanos} (System.nanoTime), whichever comes first. Keeps the frame
 * being processed, so a failure can print it.
 */
public final class MutationSource implements PacketSource {
    static final long START_SECONDS = 1_700_000_000L;

    private final MutatedTraffic traffic;
    private final long count;
    private final long deadlineNanos;
    private byte[] current = new byte[0];
    /** Id of the frame handed out last. */
    public long id;
    public boolean stoppedAtDeadline;

    public MutationSource(MutatedTraffic traffic, long count, long deadlineNanos) {
        this.traffic = traffic;
        this.count = count;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public boolean next(Frame f) {
        if (id >= count) {
            return false;
        }
        if ((id & 1023) == 0 && System.nanoTime() - deadlineNanos > 0) {
            stoppedAtDeadline = true;
            return false;
        }
        byte[] p = traffic.next();
        current = p;
        f.ensureCapacity(p.length);
        System.arraycopy(p, 0, f.data, 0, p.length);
        f.length = p.length;
        f.wireLength = p.length;
        f.linkType = Frame.LINK_RAW;
        f.id = ++id;
        long micros = id * 100;
        f.tsSeconds = START_SECONDS + micros / 1_000_000;
        f.tsNanos = (int) (micros % 1_000_000) * 1000;
        f.mark = 0;
        f.queue = 0;
        return true;
    }

    /** The bytes of the frame handed out last. */
    public byte[] current() {
        return current;
    }

    @Override
    public boolean inline() {
        return true;
    }

    @Override
    public void close() {
    }
}
