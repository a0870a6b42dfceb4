package dev.sluice.engine.review;

import dev.sluice.engine.cli.SluiceCli;
import dev.sluice.engine.source.TestCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report as a real browser draws it: headless Chromium's DOM and screenshot. */
class ReportInChromiumTest {
    private static final Pattern BODY = Pattern.compile("<tbody id=\"alert-rows\">(.*?)</tbody>", Pattern.DOTALL);
    private static final Pattern ROW = Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL);
    private static final Pattern BOX = Pattern.compile("&quot;([a-z-]+)&quot;:\\[(\\d+),(\\d+),(\\d+),(\\d+)\\]");

    /** The chart colours of report.css, by what they stand for. */
    private static final int ALLOWED = 0x2563eb;
    private static final int BLOCKED = 0xdc2626;
    private static final int DROPPED = 0xf59e0b;
    private static final int SIGNATURE = 0x7c3aed;
    private static final int SOURCE = 0x0d9488;
    private static final int PORT = 0xea580c;

    @TempDir
    Path dir;

    /** The table's rows in the DOM, each as its cells' text (still HTML-escaped as serialised). */
    static List<List<String>> tableRows(String dom) {
        Matcher body = BODY.matcher(dom);
        assertTrue(body.find(), "the DOM has the table body");
        List<List<String>> rows = new ArrayList<>();
        Matcher row = ROW.matcher(body.group(1));
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = CELL.matcher(row.group(1));
            while (cell.find()) {
                cells.add(cell.group(1));
            }
            rows.add(cells);
        }
        return rows;
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private Path report(Path out, String... inputs) {
        List<String> args = new ArrayList<>(List.of("-o", out.toString()));
        args.addAll(List.of(inputs));
        ReviewFixtures.Run r = ReviewFixtures.run(new ReportCommand(), args.toArray(new String[0]));
        assertEquals(0, r.status(), r.err());
        return out;
    }

    @Test
    void loggedMarkupShowsAsTextAndTheTableFiltersAndSortsInTheBrowser() throws Exception {
        HeadlessChromium.require();
        Path eve = ReviewFixtures.write(dir.resolve("eve.json"),
                ReviewFixtures.eveJson(ReviewFixtures.events()) + ReportCommandTest.HOSTILE + "\n");
        Path page = report(dir.resolve("report.html"), eve.toString());
        String url = page.toUri().toString();

        // Sorted by severity, highest number first: the hostile record (severity 1) comes last.
        String dom = HeadlessChromium.dumpDom(url + "#sort=-8", dir);
        List<List<String>> all = tableRows(dom);
        assertEquals(8, all.size(), "every record is a row");
        assertEquals("3", all.get(0).get(8));
        assertEquals("1", all.get(7).get(8));
        assertEquals("31337", all.get(7).get(3));
        assertFalse(dom.contains("<img"), "the message's markup made no element");
        assertEquals(2, count(dom, "<script"), "the message's markup made no script");
        assertEquals("Sluice alert report", between(dom, "<title>", "</title>"));

        String filtered = HeadlessChromium.dumpDom(url + "#filter=onerror", dir);
        List<List<String>> hostile = tableRows(filtered);
        assertEquals(1, hostile.size());
        assertEquals("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;", hostile.get(0).get(4),
                "shown as the text it is");
        assertEquals("31337", hostile.get(0).get(3));

        String sorted = HeadlessChromium.dumpDom(url + "#filter=ET%20SCAN&sort=3", dir);
        List<String> sids = new ArrayList<>();
        for (List<String> r : tableRows(sorted)) {
            sids.add(r.get(3));
        }
        assertEquals(List.of("2010935", "2010935", "2019401", "2019401", "2019401"), sids);
        assertTrue(sorted.contains("<span id=\"alert-count\">5 of 8 rows</span>"), between(sorted, "<span id=\"alert-count\">", "</span>"));
    }

    /**
     * The whole path: the engine runs ET Open over every capture of the corpus (a folder given to
     * -r: one load of ET Open), the report is made from its eve.json, and Chromium draws it. Run
     * inline with a local drop rule for the FTP brute force of ftp-crack.pcap, so the timeline has
     * allowed alerts, blocked alerts and drop records. Checksums are off: several captures were
     * anonymised without fixing them.
     */
    @Test
    void corpusReportScreenshotShowsEveryChartInColour() throws Exception {
        HeadlessChromium.require();
        Path pcap = TestCorpus.file("pcaps/ftp-crack.pcap").getParent();
        Path etOpen = TestCorpus.file("et-open/emerging-scan.rules").getParent();
        List<String> args = new ArrayList<>(List.of("pcap", "-r", pcap.toString()));
        try (Stream<Path> files = Files.list(etOpen)) {
            files.filter(f -> f.getFileName().toString().endsWith(".rules")).sorted()
                    .forEach(f -> args.addAll(List.of("-S", f.toString())));
        }
        Path local = ReviewFixtures.write(dir.resolve("local.rules"),
                "drop tcp any any -> any 21 (msg:\"local: FTP login as admin refused\"; flow:to_server; "
                        + "content:\"USER admin|0d 0a|\"; classtype:attempted-user; sid:9900001; rev:1;)\n");
        Path logs = dir.resolve("logs");
        args.addAll(List.of("-S", local.toString(), "--ips", "-k", "none", "-l", logs.toString(),
                // Many captures' hosts are all private (HOME_NET): let EXTERNAL_NET match them too.
                "--set", "vars.address-groups.EXTERNAL_NET=any",
                "--set", "stream.midstream=true"));
        long t0 = System.nanoTime();
        assertEquals(0, SluiceCli.execute(args.toArray(new String[0])));
        System.out.printf(Locale.ROOT, "ET Open over %s took %.1f s%n", pcap.getFileName(), (System.nanoTime() - t0) / 1e9);
        Path eve = logs.resolve("eve.json");

        // What the page must show, from the same reader the report uses.
        ReportData expected = new ReportData(ReportCommand.DEFAULT_MAX_ROWS);
        LogReader reader = new LogReader();
        reader.read(eve, eve.toString(), expected);
        assertEquals(0, reader.notUnderstood(), "the engine's own eve.json reads back whole");
        Tally t = expected.tally;
        assertTrue(t.alerts() > 0 && t.drops() > 0 && t.blocked() > 0 && t.allowed() > 0, "all three series occur");
        Timeline tl = expected.timeline();
        int[] barsPerSeries = new int[Timeline.SERIES.length];
        for (long[] bucket : tl.counts) {
            for (int s = 0; s < bucket.length; s++) {
                barsPerSeries[s] += bucket[s] > 0 ? 1 : 0;
            }
        }
        Path page = report(dir.resolve("report.html"), eve.toString());
        String url = page.toUri().toString();

        String dom = HeadlessChromium.dumpDom(url, dir);
        assertEquals(Math.min(t.total(), ReportCommand.DEFAULT_MAX_ROWS), tableRows(dom).size());
        for (int s = 0; s < barsPerSeries.length; s++) {
            assertTrue(barsPerSeries[s] > 0);
            assertEquals(barsPerSeries[s], count(dom, "class=\"bar s" + s + "\""), "bars of " + Timeline.SERIES[s]);
        }
        assertEquals(t.topSignatures(10).size(), count(dom, "class=\"bar sig\""));
        assertEquals(t.topSources(10).size(), count(dom, "class=\"bar src\""));
        assertEquals(t.topDstPorts(10).size(), count(dom, "class=\"bar port\""));
        Map<String, int[]> boxes = new HashMap<>();
        Matcher m = BOX.matcher(between(dom, "data-chart-boxes=\"", "\""));
        while (m.find()) {
            boxes.put(m.group(1), new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5))});
        }
        assertEquals(Set.of("timeline-svg", "signatures-svg", "sources-svg", "ports-svg"), new HashSet<>(boxes.keySet()));

        Path png = dir.resolve("report.png");
        HeadlessChromium.screenshot(url, png, dir);
        Path kept = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.createDirectories(kept.getParent());
        Files.copy(png, kept, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("report screenshot: " + kept);

        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(HeadlessChromium.WIDTH, img.getWidth());
        assertEquals(HeadlessChromium.HEIGHT, img.getHeight());
        int[] timeline = boxes.get("timeline-svg");
        assertTrue(colourful(img, timeline) > 5000, "timeline: " + colourful(img, timeline) + " coloured pixels");
        assertTrue(near(img, timeline, ALLOWED) > 50, "allowed bars: " + near(img, timeline, ALLOWED));
        assertTrue(near(img, timeline, BLOCKED) > 50, "blocked bars: " + near(img, timeline, BLOCKED));
        assertTrue(near(img, timeline, DROPPED) > 1000, "drop record bars: " + near(img, timeline, DROPPED));
        assertTrue(near(img, boxes.get("signatures-svg"), SIGNATURE) > 1000, "signature bars");
        assertTrue(near(img, boxes.get("sources-svg"), SOURCE) > 1000, "source bars");
        assertTrue(near(img, boxes.get("ports-svg"), PORT) > 1000, "port bars");
        // Outside the charts the page is greys: the header above the timeline holds no chart colour.
        int[] header = {0, 0, HeadlessChromium.WIDTH, Math.max(1, timeline[1] - 40)};
        assertEquals(0, colourful(img, header), "colour above the charts");
    }

    private static String between(String s, String open, String close) {
        int a = s.indexOf(open);
        assertTrue(a >= 0, "missing " + open);
        a += open.length();
        return s.substring(a, s.indexOf(close, a));
    }

    /** Pixels in {@code box} (x, y, w, h) whose channels differ enough to be a colour, not a grey. */
    private static int colourful(BufferedImage img, int[] box) {
        int n = 0;
        for (int y = Math.max(0, box[1]); y < Math.min(img.getHeight(), box[1] + box[3]); y++) {
            for (int x = Math.max(0, box[0]); x < Math.min(img.getWidth(), box[0] + box[2]); x++) {
                int p = img.getRGB(x, y);
                int r = p >> 16 & 0xff;
                int g = p >> 8 & 0xff;
                int b = p & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Pixels in {@code box} within a small distance of {@code rgb}. */
    private static int near(BufferedImage img, int[] box, int rgb) {
        int n = 0;
        for (int y = Math.max(0, box[1]); y < Math.min(img.getHeight(), box[1] + box[3]); y++) {
            for (int x = Math.max(0, box[0]); x < Math.min(img.getWidth(), box[0] + box[2]); x++) {
                int p = img.getRGB(x, y);
                int d = Math.abs((p >> 16 & 0xff) - (rgb >> 16 & 0xff)) + Math.abs((p >> 8 & 0xff) - (rgb >> 8 & 0xff))
                        + Math.abs((p & 0xff) - (rgb & 0xff));
                if (d < 30) {
                    n++;
                }
            }
        }
        return n;
    }
}
