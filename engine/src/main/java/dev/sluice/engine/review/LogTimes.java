package dev.sluice.engine.review;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times the logs and the command line use, as microseconds since the epoch (UTC): eve.json's
 * {@code 2026-11-22T08:00:01.123456+0000}, fast.log's {@code 11/22/2026-08:00:01.123456}, ISO
 * times given by hand, and durations such as {@code 30m}.
 */
public final class LogTimes {
    private static final Pattern FAST = Pattern.compile(
            "(\\d{2})/(\\d{2})/(\\d{4})-(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?");
    private static final Pattern NUMERIC_OFFSET = Pattern.compile("([+-]\\d{2})(\\d{2})$");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*([smhdw])");
    private static final DateTimeFormatter SHOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private LogTimes() {
    }

    /** fast.log's time, or {@code Long.MIN_VALUE} when {@code s} is not one. */
    public static long parseFast(CharSequence s) {
        Matcher m = FAST.matcher(s);
        if (!m.matches()) {
            return Long.MIN_VALUE;
        }
        try {
            LocalDateTime t = LocalDateTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)));
            return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + fractionMicros(m.group(7));
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }

    /**
     * An ISO-8601 time: with an offset ({@code Z}, {@code +01:00} or eve's {@code +0100}) or without
     * (then UTC); {@code T} or a space between date and time; a date alone is its midnight UTC.
     * {@code Long.MIN_VALUE} when {@code s} is not one.
     */
    public static long parseIso(String s) {
        String t = s.trim().replace(' ', 'T');
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
            }
            if (t.endsWith("Z") || t.endsWith("z")) {
                return micros(OffsetDateTime.parse(t.substring(0, t.length() - 1) + "Z").toInstant());
            }
            Matcher off = NUMERIC_OFFSET.matcher(t);
            if (off.find() && t.length() > 19) {
                t = t.substring(0, off.start()) + off.group(1) + ":" + off.group(2);
            }
            if (t.length() > 19 && (t.charAt(t.length() - 6) == '+' || t.charAt(t.length() - 6) == '-')) {
                return micros(OffsetDateTime.parse(t).toInstant());
            }
            return micros(LocalDateTime.parse(t).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException | ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }

    /**
     * A time given on the command line, ISO or fast.log style.
     *
     * @throws IllegalArgumentException naming {@code option} when {@code s} is neither
     */
    public static long parseArgument(String option, String s) {
        long t = parseFast(s.trim());
        if (t == Long.MIN_VALUE) {
            t = parseIso(s);
        }
        if (t == Long.MIN_VALUE) {
            throw new IllegalArgumentException(option + ": cannot read the time '" + s
                    + "' (use e.g. 2026-11-22T08:00:00Z, 2026-11-22 08:00 or 11/22/2026-08:00:00)");
        }
        return t;
    }

    /**
     * A duration such as {@code 90s}, {@code 30m}, {@code 1h}, {@code 2d}, {@code 1w} or several
     * together ({@code 1h30m}), in microseconds.
     *
     * @throws IllegalArgumentException naming {@code option} when {@code s} is not one
     */
    public static long parseDuration(String option, String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        long seconds = 0;
        int at = 0;
        while (at < t.length() && m.find(at) && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2).charAt(0)) {
                case 's' -> seconds += n;
                case 'm' -> seconds += n * 60;
                case 'h' -> seconds += n * 3600;
                case 'd' -> seconds += n * 86_400;
                default -> seconds += n * 604_800;
            }
            at = m.end();
            while (at < t.length() && t.charAt(at) == ' ') {
                at++;
            }
        }
        if (t.isEmpty() || at != t.length()) {
            throw new IllegalArgumentException(option + ": cannot read the duration '" + s
                    + "' (use e.g. 30m, 1h, 2d, 1w, 1h30m)");
        }
        return Duration.ofSeconds(seconds).toNanos() / 1000;
    }

    /** {@code 2026-11-22 08:00:01} (UTC, whole seconds). */
    public static String show(long micros) {
        return SHOW.format(LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), 0, ZoneOffset.UTC));
    }

    /** {@code 2026-11-22 08:00:01.123456}. */
    public static String showMicros(long micros) {
        return show(micros) + String.format(Locale.ROOT, ".%06d", Math.floorMod(micros, 1_000_000L));
    }

    private static long micros(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    }

    private static long fractionMicros(String digits) {
        if (digits == null) {
            return 0;
        }
        String d = digits.length() > 6 ? digits.substring(0, 6) : digits;
        long v = Long.parseLong(d);
        for (int i = d.length(); i < 6; i++) {
            v *= 10;
        }
        return v;
    }
}
