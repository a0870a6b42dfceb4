package dev.sluice.engine.review;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads fast.log and eve.json files, plain or gzip, into {@link LogRecord}s. The compression is
 * told by the gzip magic bytes, the format by the first non-blank line ({@code {} starts eve.json).
 * Lines that are neither are counted, with the place of the first; eve.json records of other event
 * types are counted as skipped. One reader accumulates these counts over every file it reads.
 */
public final class LogReader {
    /** Longer lines are cut here and counted as not understood. */
    static final int MAX_LINE_CHARS = 1 << 20;

    /** The two formats. */
    public enum Format { FAST_LOG, EVE_JSON }

    private long records;
    private long skipped;
    private long notUnderstood;
    private String firstNotUnderstood;

    /**
     * Reads {@code file} and hands every alert and drop record to {@code sink}, in file order.
     *
     * @param name how the file is named in messages (as the user gave it)
     * @throws IOException when the file cannot be opened or its data ends early (gzip); the records
     *                     before that point have been handed over
     */
    public void read(Path file, String name, Consumer<LogRecord> sink) throws IOException {
        try (InputStream in = open(file);
             Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            LineReader lines = new LineReader(r);
            Format format = null;
            long lineNo = 0;
            String text;
            while ((text = lines.next()) != null) {
                lineNo++;
                if (text.isBlank()) {
                    continue;
                }
                if (format == null) {
                    format = text.stripLeading().startsWith("{") ? Format.EVE_JSON : Format.FAST_LOG;
                }
                LogRecord rec = null;
                if (!lines.cut) {
                    rec = format == Format.EVE_JSON ? EveParser.parse(name, lineNo, text)
                            : FastLogParser.parse(name, lineNo, text);
                }
                if (rec == null) {
                    notUnderstood++;
                    if (firstNotUnderstood == null) {
                        firstNotUnderstood = name + ":" + lineNo;
                    }
                } else if (rec == EveParser.OTHER_EVENT) {
                    skipped++;
                } else {
                    records++;
                    sink.accept(rec);
                }
            }
        }
    }

    /** Alert and drop records read so far. */
    public long records() {
        return records;
    }

    /** eve.json records of other event types, skipped. */
    public long skipped() {
        return skipped;
    }

    /** Lines that were neither format. */
    public long notUnderstood() {
        return notUnderstood;
    }

    /** {@code N lines not understood (first: FILE:LINE)}, or null when every line was read. */
    public String notUnderstoodSummary() {
        if (notUnderstood == 0) {
            return null;
        }
        return notUnderstood + (notUnderstood == 1 ? " line" : " lines") + " not understood (first: "
                + firstNotUnderstood + ")";
    }

    private static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new GZIPInputStream(in, 1 << 16);
        }
        return in;
    }

    /** Lines of at most {@link #MAX_LINE_CHARS}; {@code cut} tells that the last one was longer. */
    private static final class LineReader {
        private final Reader in;
        private final char[] buf = new char[1 << 16];
        private int pos;
        private int end;
        private final StringBuilder line = new StringBuilder(256);
        boolean cut;

        LineReader(Reader in) {
            this.in = in;
        }

        /** The next line without its end (\n, \r\n), or null at the end of the data. */
        String next() throws IOException {
            line.setLength(0);
            cut = false;
            boolean any = false;
            while (true) {
                if (pos == end) {
                    end = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (end <= 0) {
                        end = 0;
                        return any ? finish() : null;
                    }
                }
                any = true;
                int start = pos;
                while (pos < end && buf[pos] != '\n') {
                    pos++;
                }
                append(start, pos);
                if (pos < end) {
                    pos++;    // the '\n'
                    return finish();
                }
            }
        }

        private void append(int from, int to) {
            int room = MAX_LINE_CHARS - line.length();
            if (to - from > room) {
                cut = true;
                to = from + Math.max(room, 0);
            }
            line.append(buf, from, to - from);
        }

        private String finish() {
            int n = line.length();
            if (n > 0 && line.charAt(n - 1) == '\r') {
                line.setLength(n - 1);
            }
            return line.toString();
        }
    }
}
