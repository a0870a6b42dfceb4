package dev.sluice.engine.ban;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffenceCounterTest {
    @Test
    void theCountWithinTheWindowIsAnOffence() {
        OffenceCounter c = new OffenceCounter(3, 60, 100);
        assertFalse(c.hit("a", 0));
        assertFalse(c.hit("a", 10_000));
        assertFalse(c.hit("b", 20_000), "another source counts apart");
        assertTrue(c.hit("a", 59_999));
        assertEquals(0, c.pending("a", 59_999), "an offence forgets the source");
        assertEquals(1, c.pending("b", 59_999));
    }

    @Test
    void theWindowOpensAtTheFirstAlertAndThenStartsAgain() {
        OffenceCounter c = new OffenceCounter(3, 60, 100);
        assertFalse(c.hit("a", 0));
        assertFalse(c.hit("a", 30_000));
        // 60 s after the first alert the window is over: this alert opens a new one.
        assertFalse(c.hit("a", 60_000));
        assertEquals(1, c.pending("a", 60_000));
        assertFalse(c.hit("a", 61_000));
        assertTrue(c.hit("a", 119_999));
    }

    @Test
    void aCountOfOneIsAnOffenceAtOnceAndTracksNothing() {
        OffenceCounter c = new OffenceCounter(1, 60, 100);
        assertTrue(c.hit("a", 0));
        assertEquals(0, c.tracked());
    }

    @Test
    void aFloodOfDistinctSourcesStaysWithinTheCap() {
        OffenceCounter c = new OffenceCounter(5, 3600, 1000);
        for (int i = 0; i < 200_000; i++) {
            assertFalse(c.hit("s" + i, i));
            assertTrue(c.tracked() <= 1000);
        }
        assertEquals(1000, c.tracked());
        assertEquals(199_000, c.evicted());
        // The newest sources still count; the oldest were pushed out.
        assertEquals(1, c.pending("s199999", 200_000));
        assertEquals(0, c.pending("s0", 200_000));
    }

    @Test
    void expiredWindowsAreFreedWithoutNewSources() {
        OffenceCounter c = new OffenceCounter(5, 10, 1000);
        for (int i = 0; i < 500; i++) {
            c.hit("s" + i, i);
        }
        assertEquals(500, c.tracked());
        c.hit("late", 10_300);
        assertEquals(200, c.tracked(), "windows opened before 300 ms have ended at 10.3 s");
    }
}
