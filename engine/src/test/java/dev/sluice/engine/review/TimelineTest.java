package dev.sluice.engine.review;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TimelineTest {
    @Test
    void bucketIsTheSmallestStepThatFitsSixtyBuckets() {
        assertEquals(1, Timeline.bucketSeconds(1000, 1059));       // 60 one-second buckets
        assertEquals(2, Timeline.bucketSeconds(1000, 1060));       // 61 would not fit
        assertEquals(60, Timeline.bucketSeconds(0, 3599));         // an hour in minutes
        assertEquals(120, Timeline.bucketSeconds(0, 3600));
        assertEquals(1800, Timeline.bucketSeconds(0, 86_399));     // a day in half hours
        assertEquals(3600, Timeline.bucketSeconds(0, 2 * 86_400 - 1));
        assertEquals(86_400, Timeline.bucketSeconds(0, 30 * 86_400));
        assertEquals(31_536_000, Timeline.bucketSeconds(0, 40L * 31_536_000));
        assertEquals(2 * 31_536_000L, Timeline.bucketSeconds(0, 100L * 31_536_000));
    }

    @Test
    void recordsLandInTheirBucketAndSeries() {
        long[] t = {3600, 3601, 3660, 3719, 7199};
        byte[] s = {0, 1, 2, 0, 1};
        Timeline tl = Timeline.of(t, s, t.length);
        assertEquals(60, tl.bucketSeconds);
        assertEquals(3600, tl.startSeconds);
        assertEquals(60, tl.size());
        assertArrayEquals(new long[] {1, 1, 0}, tl.counts[0]);
        assertArrayEquals(new long[] {1, 0, 1}, tl.counts[1]);
        assertArrayEquals(new long[] {0, 1, 0}, tl.counts[59]);
        assertEquals("1970-01-01 01:01", tl.label(1));
        assertEquals("1 min", tl.sizeLabel());
        assertEquals(0, Timeline.of(new long[0], new byte[0], 0).size());
    }
}
