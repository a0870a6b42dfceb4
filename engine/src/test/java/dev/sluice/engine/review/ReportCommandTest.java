package dev.sluice.engine.review;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportCommandTest {
    /** The eve.json record of an alert whose message, category and address try to smuggle markup in. */
    static final String HOSTILE = "{\"timestamp\":\"2026-11-22T10:00:00.000000+0000\",\"event_type\":\"alert\","
            + "\"src_ip\":\"10.9.9.9\",\"src_port\":1,\"dest_ip\":\"10.0.0.1\",\"dest_port\":80,\"proto\":\"TCP\","
            + "\"alert\":{\"action\":\"allowed\",\"gid\":1,\"signature_id\":31337,\"rev\":1,"
            + "\"signature\":\"</script><script>alert(1)</script><img src=x onerror=alert(2)>\","
            + "\"category\":\"<!-- \\\" ' & \\u2028\",\"severity\":1}}";

    @TempDir
    Path dir;

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private Path report(String... args) throws IOException {
        Path out = dir.resolve("report.html");
        String[] all = new String[args.length + 2];
        all[0] = "-o";
        all[1] = out.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        ReviewFixtures.Run r = ReviewFixtures.run(new ReportCommand(), all);
        assertEquals(0, r.status(), r.err());
        return out;
    }

    @Test
    void reportFetchesNothingFromTheNetwork() throws IOException {
        Path eve = ReviewFixtures.write(dir.resolve("eve.json"), ReviewFixtures.eveJson(ReviewFixtures.events()));
        String page = Files.readString(report(eve.toString()));
        assertFalse(page.contains("http://"), "no address to fetch, not even an XML namespace");
        assertFalse(page.contains("https://"));
        assertFalse(page.contains("//cdn"));
        assertFalse(page.contains("@import"));
        assertFalse(page.contains("url("));
        assertFalse(Pattern.compile("\\ssrc\\s*=", Pattern.CASE_INSENSITIVE).matcher(page).find(), "no src= attribute at all");
        Matcher href = Pattern.compile("\\shref\\s*=\\s*\"([^\"]*)\"", Pattern.CASE_INSENSITIVE).matcher(page);
        while (href.find()) {
            assertTrue(href.group(1).startsWith("data:"), "href to " + href.group(1));
        }
        assertTrue(page.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"));
        assertEquals(2, count(page, "<script"), "the data block and the inline script");
    }

    @Test
    void markupInLoggedTextIsEscaped() throws IOException {
        Path eve = ReviewFixtures.write(dir.resolve("a<b>&.json"), ReviewFixtures.eveJson(ReviewFixtures.events()) + HOSTILE + "\n");
        String page = Files.readString(report(eve.toString()));
        assertFalse(page.contains("<script>alert"), "a message may not open a script");
        assertFalse(page.contains("</script><script>"));
        assertFalse(page.contains("<img"));
        assertFalse(page.contains("<!-- "));
        assertFalse(page.contains("\u2028"));
        assertEquals(2, count(page, "</script>"), "only the page's own scripts end");
        assertTrue(page.contains("\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\u003cimg src=x onerror=alert(2)\\u003e\""),
                "the message travels as escaped JSON");
        assertTrue(page.contains("a&lt;b&gt;&amp;.json</code>"), "the file name is escaped");
        assertFalse(page.contains("a<b>&.json"));
        // The data block is still JSON a browser can read: the markup comes back as text there (see ReportInChromiumTest).
        String json = page.substring(page.indexOf("id=\"report-data\">") + 17, page.indexOf("</script>"));
        assertTrue(json.startsWith("{\"series\":[") && json.endsWith("]}"), json.substring(0, 40));
        assertTrue(json.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\n'), "the data block is plain ASCII");
    }

    @Test
    void tableIsCappedToTheLatestRowsWithANote() throws IOException {
        Path eve = ReviewFixtures.write(dir.resolve("eve.json"), ReviewFixtures.eveJson(ReviewFixtures.events()));
        String page = Files.readString(report("--max-rows", "3", eve.toString()));
        assertTrue(page.contains("<p class=\"note\">The table holds the latest 3 of 7 records; the charts count all of them.</p>"));
        String rows = page.substring(page.indexOf("\"rows\":["));
        assertEquals(3, count(rows, "\n[") + 1);
        assertTrue(rows.startsWith("\"rows\":[[\"2026-11-22 09:00:00.000000\",\"alert\",\"allowed\",2027863,"), rows);
        assertTrue(rows.contains("[\"2026-11-22 08:20:00.000000\",\"alert\",\"allowed\",2010935,"));
        assertFalse(rows.contains("08:10:00"));
        String full = Files.readString(report(eve.toString()));
        assertFalse(full.contains("class=\"note\""));
    }

    @Test
    void chartsCarryTheSameCountsAsReview() throws IOException {
        Path fast = ReviewFixtures.write(dir.resolve("fast.log"), ReviewFixtures.fastLog(ReviewFixtures.events()));
        String page = Files.readString(report(fast.toString()));
        assertTrue(page.contains("<p class=\"summary\">7 records (7 alerts, 0 drops; 2 blocked, 5 allowed), "
                + "2026-11-22 08:00:01 to 2026-11-22 09:00:00 UTC</p>"));
        assertTrue(page.contains("\"signatures\":[[\"2019401\",\"ET SCAN Suspicious inbound to mySQL port 3306\",3],"
                + "[\"2010935\",\"ET SCAN Suspicious inbound to MSSQL port 1433\",2],"
                + "[\"2027863\",\"ET INFO msg with [**] inside\",1],[\"2100366\",\"GPL ICMP_INFO PING *NIX\",1]]"));
        assertTrue(page.contains("\"sources\":[[\"198.51.100.20\",3],[\"203.0.113.7\",2],[\"2001:db8::5\",1],[\"203.0.113.8\",1]]"));
        assertTrue(page.contains("\"ports\":[[\"TCP/3306\",3],[\"TCP/1433\",2],[\"ICMP\",1],[\"UDP/5353\",1]]"));
        // 08:00:01 to 09:00:00 is 3600 s: two-minute buckets, 31 of them, from 08:00.
        assertTrue(page.contains("(bucket: 2 min)"));
        assertTrue(page.contains("\"buckets\":[[\"2026-11-22 08:00\",0,2,0],[\"2026-11-22 08:02\",0,0,0],"
                + "[\"2026-11-22 08:04\",1,0,0],"), page.substring(page.indexOf("\"buckets\":["), page.indexOf("\"buckets\":[") + 120));
        assertTrue(page.contains("[\"2026-11-22 09:00\",1,0,0]],"));
        assertEquals(31, count(page.substring(page.indexOf("\"buckets\":["), page.indexOf("\"signatures\":[")), "[\"2026-11-22"));
    }

    @Test
    void filtersApplyToTheReport() throws IOException {
        Path fast = ReviewFixtures.write(dir.resolve("fast.log"), ReviewFixtures.fastLog(ReviewFixtures.events()));
        String page = Files.readString(report("--action", "blocked", fast.toString()));
        assertTrue(page.contains("<p class=\"summary\">2 of 7 records match (2 alerts, 0 drops; 2 blocked, 0 allowed)"));
        String none = Files.readString(report("--sid", "1", fast.toString()));
        assertTrue(none.contains("<p class=\"summary\">0 of 7 records match (0 alerts, 0 drops; 0 blocked, 0 allowed)</p>"));
        assertTrue(none.contains("{\"series\":[\"allowed\",\"blocked\",\"drop record\"],\"buckets\":[],"));
        assertTrue(none.contains("\"total\":0,\n\"rows\":[]}"));
    }

    @Test
    void anUnwritableOutputIsOneLine() throws IOException {
        Path fast = ReviewFixtures.write(dir.resolve("fast.log"), ReviewFixtures.fastLog(ReviewFixtures.events()));
        Path blocker = ReviewFixtures.write(dir.resolve("file"), "");
        ReviewFixtures.Run r = ReviewFixtures.run(new ReportCommand(), "-o", blocker.resolve("report.html").toString(), fast.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("sluice: " + blocker.resolve("report.html") + ": cannot write the report ("), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
