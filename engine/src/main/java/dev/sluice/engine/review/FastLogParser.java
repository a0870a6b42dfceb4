package dev.sluice.engine.review;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads fast.log lines back:
 *
 * <pre>
 * 11/22/2026-08:00:01.123456  [Drop] [**] [1:2019401:3] msg [**] [Classification: c] [Priority: 2] {TCP} 10.0.0.1:1234 -> 10.0.0.2:80
 * </pre>
 *
 * The message may itself hold {@code [**]}; the last {@code [**] [Classification: } ends it. An
 * IPv6 address is printed bare, so the port is what follows the address's last colon.
 */
final class FastLogParser {
    private static final Pattern LINE = Pattern.compile(
            "(\\S+)\\s+(?:\\[(Drop|wDrop)\\] )?\\[\\*\\*\\] \\[(\\d{1,10}):(\\d{1,19}):(\\d{1,10})\\] (.*)"
                    + " \\[\\*\\*\\] \\[Classification: (.*?)\\] \\[Priority: (\\d{1,10})\\] \\{([^}]*)\\} "
                    + "(\\S+):(\\d{1,5}) -> (\\S+):(\\d{1,5})\\s*");

    private FastLogParser() {
    }

    /** The record of {@code text}, or null when it is not a fast.log line. */
    static LogRecord parse(String file, long lineNo, String text) {
        Matcher m = LINE.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long t = LogTimes.parseFast(m.group(1));
        if (t == Long.MIN_VALUE) {
            return null;
        }
        try {
            String mark = m.group(2);
            String category = m.group(7);
            return new LogRecord(file, lineNo, t, LogRecord.Type.ALERT, "Drop".equals(mark), mark != null,
                    Integer.parseInt(m.group(3)), Long.parseLong(m.group(4)), Integer.parseInt(m.group(5)),
                    m.group(6), "(null)".equals(category) ? null : category, Integer.parseInt(m.group(8)),
                    m.group(9), m.group(10), Integer.parseInt(m.group(11)), m.group(12),
                    Integer.parseInt(m.group(13)), text);
        } catch (NumberFormatException e) {
            return null;    // digits that overflow their field
        }
    }
}
