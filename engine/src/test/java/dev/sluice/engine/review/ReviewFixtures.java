package dev.sluice.engine.review;

import dev.sluice.engine.output.AlertEvent;
import dev.sluice.engine.output.EveFormatter;
import dev.sluice.engine.output.FastLogFormatter;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** A small handmade set of alerts, written by the engine's own formatters, and a way to run a command. */
final class ReviewFixtures {
    private ReviewFixtures() {
    }

    /** Seven alerts on 2026-11-22 between 08:00:01 and 09:00:00 UTC; counts are spelled out in the tests. */
    static List<AlertEvent> events() {
        return List.of(
                tcp("2026-11-22T08:00:01Z", 123456, AlertEvent.FastMark.DROP, "blocked", 2019401,
                        "ET SCAN Suspicious inbound to mySQL port 3306", "203.0.113.7", 40001, "10.0.0.2", 3306),
                tcp("2026-11-22T08:00:02Z", 1, AlertEvent.FastMark.DROP, "blocked", 2019401,
                        "ET SCAN Suspicious inbound to mySQL port 3306", "203.0.113.7", 40002, "10.0.0.2", 3306),
                tcp("2026-11-22T08:05:00Z", 500000, AlertEvent.FastMark.WDROP, "allowed", 2019401,
                        "ET SCAN Suspicious inbound to mySQL port 3306", "203.0.113.8", 40003, "10.0.0.3", 3306),
                tcp("2026-11-22T08:10:00Z", 0, AlertEvent.FastMark.NONE, "allowed", 2010935,
                        "ET SCAN Suspicious inbound to MSSQL port 1433", "198.51.100.20", 5000, "10.0.0.2", 1433),
                tcp("2026-11-22T08:20:00Z", 0, AlertEvent.FastMark.NONE, "allowed", 2010935,
                        "ET SCAN Suspicious inbound to MSSQL port 1433", "198.51.100.20", 5001, "10.0.0.3", 1433),
                AlertEvent.builder().time(sec("2026-11-22T08:30:00Z"), 0)
                        .alert("allowed", 1, 2100366, 8, "GPL ICMP_INFO PING *NIX", "Misc activity", 3)
                        .proto(1).src("198.51.100.20", 0).dst("10.0.0.2", 0).icmp(8, 0).build(),
                AlertEvent.builder().time(sec("2026-11-22T09:00:00Z"), 0)
                        .alert("allowed", 1, 2027863, 2, "ET INFO msg with [**] inside", null, 3)
                        .proto(17).src("2001:db8::5", 53).dst("2001:db8:1::9", 5353).build());
    }

    private static AlertEvent tcp(String at, int micros, AlertEvent.FastMark mark, String action, long sid, String msg,
                                  String src, int sp, String dst, int dp) {
        return AlertEvent.builder().time(sec(at), micros).mark(mark)
                .alert(action, 1, sid, 3, msg, "Potentially Bad Traffic", 2)
                .proto(6).src(src, sp).dst(dst, dp).flowId(77).build();
    }

    static long sec(String iso) {
        return Instant.parse(iso).getEpochSecond();
    }

    static String fastLog(List<AlertEvent> events) {
        StringBuilder sb = new StringBuilder();
        for (AlertEvent e : events) {
            sb.append(FastLogFormatter.format(e)).append('\n');
        }
        return sb.toString();
    }

    static String eveJson(List<AlertEvent> events) {
        StringBuilder sb = new StringBuilder();
        for (AlertEvent e : events) {
            sb.append(EveFormatter.format(e)).append('\n');
        }
        return sb.toString();
    }

    static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    static Path writeGzip(Path file, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    /** What a command printed and returned. */
    record Run(int status, String out, String err) {
    }

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }
}
