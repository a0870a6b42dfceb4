package dev.sluice.engine.mutation;

import dev.sluice.capture.Frame;
import dev.sluice.capture.PacketSource;

/**
 * An inline source of {@link MutatedTraffic}: raw IP frames (link type 101, as NFQUEUE hands them
 * over) numbered 1, 2, 3, ... with a clock that moves 100 µs per packet and now and then jumps, as
 * the wall clock the kernel stamps packets with may (back up to 10 s, ahead up to 20 minutes; one
 * packet in a thousand stamped up to a second out of line). Ends after {@code count}
 * packets or at {@code deadlineNanos} (System.nanoTime), whichever comes first. Keeps the frame
 * being processed, so a failure can print it.
 */
public final class MutationSource implements PacketSource {
    static final long START_SECONDS = 1_700_000_000L;

    private final MutatedTraffic traffic;
    private final long count;
    private final long deadlineNanos;
    /** Written by the worker thread, read by the test's watchdog (volatile, as {@link #id}). */
    private volatile byte[] current = new byte[0];
    private final java.util.Random clock;
    /** Microseconds added to the steady clock by the jumps so far (may be negative). */
    private long skewMicros;
    /** Id of the frame handed out last; written by the worker thread only, read by the test's watchdog thread. */
    public volatile long id;
    public boolean stoppedAtDeadline;

    public MutationSource(MutatedTraffic traffic, long count, long deadlineNanos, long seed) {
        this.traffic = traffic;
        this.clock = new java.util.Random(seed ^ 0xc10c4L);
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
        if (clock.nextInt(50_000) == 0) {
            skewMicros += clock.nextBoolean() ? -clock.nextInt(10_000_000) : clock.nextInt(1_200_000_000);
        }
        long micros = Math.max(0, id * 100 + skewMicros);
        if (clock.nextInt(1000) == 0) {
            micros = Math.max(0, micros + clock.nextInt(2_000_000) - 1_000_000);
        }
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
