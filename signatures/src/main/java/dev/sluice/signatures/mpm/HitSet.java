package dev.sluice.signatures.mpm;

import java.util.Arrays;

/**
 * The distinct ids found by one scan, without clearing anything between scans: an id is in the
 * current set when its stamp equals the current generation.
 */
final class HitSet {
    final int[] hits;
    private final int[] stamp;
    private int generation;
    int count;

    HitSet(int idSpace) {
        hits = new int[idSpace];
        stamp = new int[idSpace];
    }

    /** Starts a new scan: empties the set in O(1). */
    void reset() {
        count = 0;
        if (++generation == 0) {
            // After 2^32 scans the counter wraps; old stamps could then collide, so wipe them once.
            Arrays.fill(stamp, 0);
            generation = 1;
        }
    }

    void add(int id) {
        if (stamp[id] != generation) {
            stamp[id] = generation;
            hits[count++] = id;
        }
    }

    /** For tests: jump the generation counter to just before it wraps. */
    void forceGeneration(int g) {
        generation = g;
    }
}
