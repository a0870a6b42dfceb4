package dev.sluice.engine.review;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * What the report shows, gathered record by record: the counts ({@link Tally}), each record's
 * time and series for the timeline, and the latest {@code maxRows} records for the table.
 */
final class ReportData implements Consumer<LogRecord> {
    /** A table row: the record and its place in the input, which breaks ties between equal times. */
    record Row(LogRecord record, long seq) {
    }

    private static final Comparator<Row> OLDEST_FIRST =
            Comparator.comparingLong((Row r) -> r.record().micros()).thenComparingLong(Row::seq);

    final Tally tally = new Tally();
    private final int maxRows;
    private final PriorityQueue<Row> latest;
    private long[] seconds = new long[1024];
    private byte[] series = new byte[1024];
    private int n;

    ReportData(int maxRows) {
        this.maxRows = maxRows;
        this.latest = new PriorityQueue<>(Math.min(maxRows, 1024) + 1, OLDEST_FIRST);
    }

    @Override
    public void accept(LogRecord r) {
        tally.add(r);
        if (n == seconds.length) {
            seconds = Arrays.copyOf(seconds, n * 2);
            series = Arrays.copyOf(series, n * 2);
        }
        seconds[n] = Math.floorDiv(r.micros(), 1_000_000L);
        series[n] = (byte) Timeline.series(r);
        n++;
        if (maxRows > 0) {
            // The kept text (--list's) is dropped: the table has its own columns.
            latest.add(new Row(stripText(r), n));
            if (latest.size() > maxRows) {
                latest.poll();
            }
        }
    }

    Timeline timeline() {
        return Timeline.of(seconds, series, n);
    }

    /** The kept rows, latest first. */
    List<LogRecord> rows() {
        List<Row> rows = new ArrayList<>(latest);
        rows.sort(OLDEST_FIRST.reversed());
        List<LogRecord> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(r.record());
        }
        return out;
    }

    private static LogRecord stripText(LogRecord r) {
        return new LogRecord(r.file(), r.line(), r.micros(), r.type(), r.blocked(), r.dropRule(), r.gid(), r.sid(),
                r.rev(), r.msg(), r.category(), r.priority(), r.proto(), r.srcIp(), r.srcPort(), r.dstIp(),
                r.dstPort(), "");
    }
}
