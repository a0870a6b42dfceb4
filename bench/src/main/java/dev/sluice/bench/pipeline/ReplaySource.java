package dev.sluice.bench.pipeline;

import dev.sluice.capture.Frame;
import dev.sluice.capture.PacketSource;

import java.util.List;

/**
 * A capture held in memory, handed out {@code batch} frames at a time: {@link #next} returns false
 * after each batch (ending one {@code Worker.run()}) and the next call goes on where it stopped.
 * At the end of the capture it starts over with every timestamp moved {@link #CYCLE_SECONDS}
 * later, so the previous pass's flows have timed out and the replay is new traffic to the worker
 * (the same sessions again, same alerts), not a jump back in time. Frame numbers keep counting.
 * One thread.
 */
final class ReplaySource implements PacketSource {
    /** Longer than every flow timeout, so a replayed session never meets its earlier self. */
    static final long CYCLE_SECONDS = 86_400;

    private final Frame[] frames;
    private int batch;
    private int index;
    private int left;
    private long cycle;

    ReplaySource(List<Frame> frames, int batch) {
        this.frames = frames.toArray(new Frame[0]);
        this.batch = batch;
        this.left = batch;
    }

    /** Frames per batch from the next batch on. */
    void setBatch(int n) {
        batch = n;
        left = n;
    }

    int size() {
        return frames.length;
    }

    @Override
    public boolean next(Frame frame) {
        if (left == 0) {
            left = batch;
            return false;
        }
        left--;
        Frame f = frames[index];
        frame.ensureCapacity(f.length);
        System.arraycopy(f.data, 0, frame.data, 0, f.length);
        frame.length = f.length;
        frame.wireLength = f.wireLength;
        frame.linkType = f.linkType;
        frame.tsSeconds = f.tsSeconds + cycle * CYCLE_SECONDS;
        frame.tsNanos = f.tsNanos;
        frame.id = cycle * frames.length + index + 1;
        if (++index == frames.length) {
            index = 0;
            cycle++;
        }
        return true;
    }

    @Override
    public void close() {
    }
}
