package dev.sluice.engine.review;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LogTimesTest {
    private static final long T = Instant.parse("2026-11-22T08:00:01Z").getEpochSecond() * 1_000_000L;

    @Test
    void eveAndFastLogTimesReadToTheMicrosecond() {
        assertEquals(T + 123456, LogTimes.parseIso("2026-11-22T08:00:01.123456+0000"));
        assertEquals(T + 123456, LogTimes.parseIso("2026-11-22T09:00:01.123456+0100"));
        assertEquals(T + 123456, LogTimes.parseFast("11/22/2026-08:00:01.123456"));
        assertEquals(T + 500000, LogTimes.parseFast("11/22/2026-08:00:01.5"));
        assertEquals(Long.MIN_VALUE, LogTimes.parseFast("11/31/2026-08:00:01.000000"));
    }

    @Test
    void handGivenTimesTakeIsoAndFastLogForms() {
        assertEquals(T, LogTimes.parseArgument("--from", "2026-11-22T08:00:01Z"));
        assertEquals(T, LogTimes.parseArgument("--from", "2026-11-22 08:00:01"));
        assertEquals(T - 1_000_000L, LogTimes.parseArgument("--from", "2026-11-22T08:00"));
        assertEquals(T - 1_000_000L, LogTimes.parseArgument("--from", "2026-11-22T09:00+01:00"));
        assertEquals(T - 8 * 3_600_000_000L - 1_000_000L, LogTimes.parseArgument("--from", "2026-11-22"));
        assertEquals(T, LogTimes.parseArgument("--from", "11/22/2026-08:00:01"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogTimes.parseArgument("--to", "22.11.2026"));
        assertEquals("--to: cannot read the time '22.11.2026' (use e.g. 2026-11-22T08:00:00Z, 2026-11-22 08:00 or 11/22/2026-08:00:00)",
                e.getMessage());
    }

    @Test
    void durationsAddUpTheirParts() {
        assertEquals(90_000_000L, LogTimes.parseDuration("--since", "90s"));
        assertEquals(30 * 60_000_000L, LogTimes.parseDuration("--since", "30m"));
        assertEquals(3_600_000_000L, LogTimes.parseDuration("--since", "1h"));
        assertEquals(2 * 86_400_000_000L, LogTimes.parseDuration("--since", "2d"));
        assertEquals(7 * 86_400_000_000L, LogTimes.parseDuration("--since", "1w"));
        assertEquals(5_400_000_000L, LogTimes.parseDuration("--since", "1h30m"));
        assertThrows(IllegalArgumentException.class, () -> LogTimes.parseDuration("--since", "1y"));
        assertThrows(IllegalArgumentException.class, () -> LogTimes.parseDuration("--since", "h"));
        assertThrows(IllegalArgumentException.class, () -> LogTimes.parseDuration("--since", ""));
    }
}
