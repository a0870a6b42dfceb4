package dev.sluice.engine.review;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The report page: one HTML file with its style, script and data inline, so it opens from disk
 * with nothing fetched (its Content-Security-Policy forbids every fetch). The script draws the
 * charts as SVG and fills the table from the JSON data block; every log-derived string reaches the
 * page either HTML-escaped or as escaped JSON that the script only ever sets as text.
 */
final class HtmlReport {
    /** Columns of the alert table, in order; the script sorts SID and Severity as numbers. */
    static final String[] COLUMNS = {"Time (UTC)", "Type", "Action", "SID", "Signature", "Proto", "Source",
        "Destination", "Severity"};

    private HtmlReport() {
    }

    /**
     * The page for {@code data}.
     *
     * @param summary      the count line (as {@code sluice review} prints it)
     * @param sources      the files read, as given
     * @param notUnderstood the reader's "lines not understood" line, or null
     * @param top          entries per chart
     */
    static String render(ReportData data, String summary, List<String> sources, String notUnderstood, int top) {
        Tally t = data.tally;
        List<LogRecord> rows = data.rows();
        Timeline tl = data.timeline();
        StringBuilder h = new StringBuilder(64 * 1024 + rows.size() * 200);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n")
                .append("<title>Sluice alert report</title>\n<style>\n").append(resource("report.css"))
                .append("</style>\n</head>\n<body>\n<header>\n<h1>Sluice alert report</h1>\n<p class=\"summary\">");
        h.append(WebText.html(summary.strip()));
        h.append("</p>\n<p class=\"files\">Read from ");
        for (int i = 0; i < sources.size(); i++) {
            h.append(i == 0 ? "" : ", ").append("<code>").append(WebText.html(sources.get(i))).append("</code>");
        }
        h.append(".</p>\n");
        if (notUnderstood != null) {
            h.append("<p class=\"warn\">").append(WebText.html(notUnderstood)).append(".</p>\n");
        }
        h.append("</header>\n<main>\n");
        h.append("<section id=\"timeline\" class=\"card\">\n<h2>Records over time by action <small>(bucket: ")
                .append(WebText.html(tl.sizeLabel())).append(")</small></h2>\n")
                .append("<svg id=\"timeline-svg\" class=\"chart\" viewBox=\"0 0 1200 280\" role=\"img\" ")
                .append("aria-label=\"records per time bucket, stacked by action\"></svg>\n")
                .append("<div class=\"legend\">");
        for (int i = 0; i < Timeline.SERIES.length; i++) {
            h.append("<span><i class=\"key s").append(i).append("\"></i>").append(Timeline.SERIES[i]).append("</span>");
        }
        h.append("</div>\n</section>\n");
        h.append("<section id=\"signatures\" class=\"card\">\n<h2>Top ").append(top).append(" signatures</h2>\n")
                .append("<svg id=\"signatures-svg\" class=\"chart\" role=\"img\" aria-label=\"top signatures\"></svg>\n</section>\n")
                .append("<div class=\"pair\">\n<section id=\"sources\" class=\"card\">\n<h2>Top ").append(top)
                .append(" sources</h2>\n<svg id=\"sources-svg\" class=\"chart\" role=\"img\" aria-label=\"top sources\"></svg>\n</section>\n")
                .append("<section id=\"ports\" class=\"card\">\n<h2>Top ").append(top)
                .append(" destination ports</h2>\n<svg id=\"ports-svg\" class=\"chart\" role=\"img\" aria-label=\"top destination ports\"></svg>\n")
                .append("</section>\n</div>\n");
        h.append("<section id=\"alerts\" class=\"card\">\n<h2>Records</h2>\n<div class=\"tools\">")
                .append("<input id=\"alert-filter\" type=\"search\" placeholder=\"Filter rows (any column)\" aria-label=\"filter rows\">")
                .append(" <span id=\"alert-count\"></span></div>\n");
        if (rows.size() < t.total()) {
            h.append("<p class=\"note\">The table holds the latest ").append(rows.size()).append(" of ")
                    .append(t.total()).append(" records; the charts count all of them.</p>\n");
        }
        h.append("<table id=\"alert-table\">\n<thead><tr></tr></thead>\n<tbody id=\"alert-rows\"></tbody>\n</table>\n")
                .append("</section>\n</main>\n<noscript><p class=\"warn\">The charts and the table are drawn by the page's script.</p></noscript>\n");
        h.append("<script type=\"application/json\" id=\"report-data\">");
        data(h, t, tl, rows, top);
        h.append("</script>\n<script>\n").append(resource("report.js")).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void data(StringBuilder h, Tally t, Timeline tl, List<LogRecord> rows, int top) {
        h.append("{\"series\":[");
        for (int i = 0; i < Timeline.SERIES.length; i++) {
            WebText.json(h.append(i == 0 ? "" : ","), Timeline.SERIES[i]);
        }
        h.append("],\"buckets\":[");
        for (int i = 0; i < tl.size(); i++) {
            WebText.json(h.append(i == 0 ? "[" : ",["), tl.label(i));
            for (long c : tl.counts[i]) {
                h.append(',').append(c);
            }
            h.append(']');
        }
        h.append("],\n\"signatures\":[");
        List<Tally.Entry> sigs = t.topSignatures(top);
        for (int i = 0; i < sigs.size(); i++) {
            Tally.Entry e = sigs.get(i);
            WebText.json(h.append(i == 0 ? "[" : ",["), e.key()).append(',');
            WebText.json(h, e.label()).append(',').append(e.count()).append(']');
        }
        h.append("],\n\"sources\":");
        entries(h, t.topSources(top));
        h.append(",\n\"ports\":");
        entries(h, t.topDstPorts(top));
        h.append(",\n\"columns\":[");
        for (int i = 0; i < COLUMNS.length; i++) {
            WebText.json(h.append(i == 0 ? "" : ","), COLUMNS[i]);
        }
        h.append("],\"total\":").append(t.total()).append(",\n\"rows\":[");
        for (int i = 0; i < rows.size(); i++) {
            LogRecord r = rows.get(i);
            h.append(i == 0 ? "[" : ",\n[");
            WebText.json(h, LogTimes.showMicros(r.micros())).append(',');
            WebText.json(h, r.type().word).append(',');
            WebText.json(h, r.action()).append(',');
            if (r.hasRule()) {
                h.append(r.sid());
            } else {
                h.append("null");
            }
            h.append(',');
            WebText.json(h, r.hasRule() ? r.msg() : "(dropped without a rule)").append(',');
            WebText.json(h, r.proto()).append(',');
            WebText.json(h, endpoint(r, r.srcIp(), r.srcPort())).append(',');
            WebText.json(h, endpoint(r, r.dstIp(), r.dstPort())).append(',');
            h.append(r.priority()).append(']');
        }
        h.append("]}");
    }

    private static void entries(StringBuilder h, List<Tally.Entry> list) {
        h.append('[');
        for (int i = 0; i < list.size(); i++) {
            WebText.json(h.append(i == 0 ? "[" : ",["), list.get(i).key()).append(',').append(list.get(i).count()).append(']');
        }
        h.append(']');
    }

    /** {@code 10.0.0.1:80}, {@code [2001:db8::1]:80}, or the address alone without ports. */
    static String endpoint(LogRecord r, String ip, int port) {
        if (port < 0 || r.isIcmp()) {
            return ip;
        }
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the build lacks the report's " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
