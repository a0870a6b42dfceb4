package dev.sluice.engine.output;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Capture times as the outputs print them, always in UTC. */
final class Timestamps {
    private Timestamps() {
    }

    /** fast.log: {@code MM/DD/YYYY-HH:MM:SS.uuuuuu}. */
    static StringBuilder appendFast(StringBuilder sb, long seconds, int micros) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        pad(sb, t.getMonthValue(), 2).append('/');
        pad(sb, t.getDayOfMonth(), 2).append('/');
        pad(sb, t.getYear(), 4).append('-');
        return appendClock(sb, t, micros);
    }

    /** eve.json: {@code YYYY-MM-DDTHH:MM:SS.uuuuuu+0000}. */
    static StringBuilder appendEve(StringBuilder sb, long seconds, int micros) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        return appendClock(sb, t, micros).append("+0000");
    }

    static String eve(long seconds, int micros) {
        return appendEve(new StringBuilder(32), seconds, micros).toString();
    }

    private static StringBuilder appendClock(StringBuilder sb, LocalDateTime t, int micros) {
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2).append('.');
        return pad(sb, micros, 6);
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
