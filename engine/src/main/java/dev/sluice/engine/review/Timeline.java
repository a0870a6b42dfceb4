package dev.sluice.engine.review;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;

/**
 * Records per time bucket and series for the report's timeline. The bucket is the smallest of a
 * fixed ladder (1 s ... 365 days) that covers the span in at most {@link #MAX_BUCKETS} buckets;
 * buckets start at multiples of their size since the epoch (UTC).
 */
final class Timeline {
    static final int MAX_BUCKETS = 60;
    /** The series, in stacking order: alerts that let the packet pass, blocked alerts, drop records. */
    static final String[] SERIES = {"allowed", "blocked", "drop record"};

    private static final long[] STEPS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800,
        21600, 43200, 86400, 172800, 604800, 1209600, 2592000, 7776000, 31536000};

    final long bucketSeconds;
    final long startSeconds;
    final long[][] counts;

    private Timeline(long bucketSeconds, long startSeconds, int buckets) {
        this.bucketSeconds = bucketSeconds;
        this.startSeconds = startSeconds;
        this.counts = new long[buckets][SERIES.length];
    }

    /** The series index of {@code r}. */
    static int series(LogRecord r) {
        if (r.type() == LogRecord.Type.DROP) {
            return 2;
        }
        return r.blocked() ? 1 : 0;
    }

    /** The bucket size for records from {@code firstSeconds} to {@code lastSeconds}. */
    static long bucketSeconds(long firstSeconds, long lastSeconds) {
        for (long step : STEPS) {
            if (buckets(firstSeconds, lastSeconds, step) <= MAX_BUCKETS) {
                return step;
            }
        }
        long year = STEPS[STEPS.length - 1];
        long years = (lastSeconds - firstSeconds) / year / (MAX_BUCKETS - 1) + 1;
        return year * years;
    }

    private static long buckets(long first, long last, long step) {
        return Math.floorDiv(last, step) - Math.floorDiv(first, step) + 1;
    }

    /**
     * The timeline of records at {@code seconds[i]} in series {@code series[i]}, {@code n} of them;
     * an empty timeline (no buckets) when {@code n} is 0.
     */
    static Timeline of(long[] seconds, byte[] series, int n) {
        if (n == 0) {
            return new Timeline(1, 0, 0);
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            first = Math.min(first, seconds[i]);
            last = Math.max(last, seconds[i]);
        }
        long step = bucketSeconds(first, last);
        long start = Math.floorDiv(first, step) * step;
        Timeline t = new Timeline(step, start, (int) buckets(first, last, step));
        for (int i = 0; i < n; i++) {
            t.counts[(int) ((seconds[i] - start) / step)][series[i]]++;
        }
        return t;
    }

    int size() {
        return counts.length;
    }

    /** The start of bucket {@code i}, as the chart labels it (UTC). */
    String label(int i) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(startSeconds + i * bucketSeconds, 0, ZoneOffset.UTC);
        String pattern = bucketSeconds >= 86400 ? "yyyy-MM-dd" : bucketSeconds >= 60 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss";
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).format(t);
    }

    /** The bucket size in words: {@code 5 s}, {@code 10 min}, {@code 1 h}, {@code 7 days}. */
    String sizeLabel() {
        long s = bucketSeconds;
        if (s % 86400 == 0) {
            return s / 86400 + (s == 86400 ? " day" : " days");
        }
        if (s % 3600 == 0) {
            return s / 3600 + " h";
        }
        if (s % 60 == 0) {
            return s / 60 + " min";
        }
        return s + " s";
    }

    @Override
    public String toString() {
        return "Timeline[" + sizeLabel() + " x " + counts.length + ", " + Arrays.deepToString(counts) + "]";
    }
}
