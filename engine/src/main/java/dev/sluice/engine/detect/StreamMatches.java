package dev.sluice.engine.detect;

import java.util.Arrays;

/**
 * Per-flow memory of where in each direction's stream a rule last matched, so a match fires once
 * per flow position: a packet match and the later stream match over the same bytes alert once.
 * Hung on the flow; touched only by the worker that owns the flow. Small: only rules that matched.
 */
public final class StreamMatches {
    /** The engine whose rule indexes the keys are; after a rule reload the flow starts a new memory. */
    private DetectEngine engine;
    private int[] keys = new int[4];
    private long[] ends = new long[4];
    private int size;

    public StreamMatches(DetectEngine engine) {
        this.engine = engine;
    }

    /** Empties this memory for another flow under {@code e} (the worker reuses memories of ended flows). */
    public void reuse(DetectEngine e) {
        engine = e;
        size = 0;
    }

    /** True when this memory's rule indexes are {@code e}'s. */
    public boolean isFor(DetectEngine e) {
        return engine == e;
    }

    /** The stream offset where the rule's last match in this direction ended, or -1. */
    long end(int ruleIndex, boolean toServer) {
        int k = key(ruleIndex, toServer);
        for (int i = 0; i < size; i++) {
            if (keys[i] == k) {
                return ends[i];
            }
        }
        return -1;
    }

    void record(int ruleIndex, boolean toServer, long end) {
        int k = key(ruleIndex, toServer);
        for (int i = 0; i < size; i++) {
            if (keys[i] == k) {
                ends[i] = Math.max(ends[i], end);
                return;
            }
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        keys[size] = k;
        ends[size] = end;
        size++;
    }

    private static int key(int ruleIndex, boolean toServer) {
        return ruleIndex << 1 | (toServer ? 1 : 0);
    }

    public int size() {
        return size;
    }
}
