package dev.sluice.signatures.mpm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HitSetTest {

    @Test
    void dedupesWithinAScanAndForgetsBetweenScans() {
        HitSet h = new HitSet(4);
        h.reset();
        h.add(2);
        h.add(2);
        h.add(0);
        assertEquals(2, h.count);
        h.reset();
        h.add(2);
        assertEquals(1, h.count);
        assertEquals(2, h.hits[0]);
    }

    @Test
    void generationWrapDoesNotHideIds() {
        HitSet h = new HitSet(4);
        h.reset();
        h.add(1);                 // stamped with generation 1
        h.forceGeneration(-1);    // next reset wraps to 0
        h.reset();
        h.add(3);
        h.forceGeneration(0);     // pretend 2^32 scans later: generation 1 comes round again
        h.reset();
        h.add(1);                 // stamp 1 left from the first scan must not count as "seen"
        assertEquals(1, h.count);
        assertEquals(1, h.hits[0]);
    }
}
