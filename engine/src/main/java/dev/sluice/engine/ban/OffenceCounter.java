package dev.sluice.engine.ban;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts one policy's alerts per source in fixed windows, as Suricata's {@code threshold ...
 * track by_src} does: a window opens at a source's first alert and lasts the policy's seconds;
 * reaching the count within it is an offence (and forgets the source). Memory is bounded: at most
 * {@code cap} sources at once; a new source past the cap pushes out the oldest window. Single
 * thread (the output writer's).
 */
final class OffenceCounter {
    /** A source's open window. */
    private static final class Window {
        final long start;
        int n;

        Window(long start) {
            this.start = start;
        }
    }

    private final int count;
    private final long windowMillis;
    private final int cap;
    // Insertion order is window start order (a window is never reopened in place), so expired windows are a prefix.
    private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>();
    private long evicted;

    OffenceCounter(int count, long windowSeconds, int cap) {
        this.count = count;
        this.windowMillis = windowSeconds * 1000;
        this.cap = cap;
    }

    /** Counts one alert of {@code source} at {@code nowMillis}; true when it completes an offence. */
    boolean hit(String source, long nowMillis) {
        expire(nowMillis);
        Window w = windows.get(source);
        if (w == null) {
            if (count <= 1) {
                return true;
            }
            if (windows.size() >= cap) {
                Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator();
                it.next();
                it.remove();
                evicted++;
            }
            w = new Window(nowMillis);
            windows.put(source, w);
        }
        if (++w.n >= count) {
            windows.remove(source);
            return true;
        }
        return false;
    }

    /** Alerts counted so far in {@code source}'s open window (0 when none). */
    int pending(String source, long nowMillis) {
        expire(nowMillis);
        Window w = windows.get(source);
        return w == null ? 0 : w.n;
    }

    /** Sources with an open window. */
    int tracked() {
        return windows.size();
    }

    /** Windows pushed out by the cap before they ended. */
    long evicted() {
        return evicted;
    }

    private void expire(long nowMillis) {
        Iterator<Window> it = windows.values().iterator();
        while (it.hasNext()) {
            Window w = it.next();
            if (nowMillis - w.start < windowMillis) {
                return;
            }
            it.remove();
        }
    }
}
