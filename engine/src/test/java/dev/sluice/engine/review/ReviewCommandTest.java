package dev.sluice.engine.review;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewCommandTest {
    @TempDir
    Path dir;

    private String fast;
    private String eve;

    @BeforeEach
    void logs() throws IOException {
        fast = ReviewFixtures.write(dir.resolve("fast.log"), ReviewFixtures.fastLog(ReviewFixtures.events())).toString();
        eve = ReviewFixtures.writeGzip(dir.resolve("eve.json.gz"), ReviewFixtures.eveJson(ReviewFixtures.events())).toString();
    }

    private static ReviewFixtures.Run review(String... args) {
        return ReviewFixtures.run(new ReviewCommand(), args);
    }

    /** The count line of a run. */
    private static String countLine(ReviewFixtures.Run r) {
        return r.out().lines().findFirst().orElse("");
    }

    @Test
    void topTablesCountEachSignatureSourceDestinationAndPortExactly() {
        ReviewFixtures.Run r = review(fast);
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        assertEquals("""
                7 records (7 alerts, 0 drops; 2 blocked, 5 allowed), 2026-11-22 08:00:01 to 2026-11-22 09:00:00 UTC

                Top 10 signatures
                  count      sid  signature
                      3  2019401  ET SCAN Suspicious inbound to mySQL port 3306
                      2  2010935  ET SCAN Suspicious inbound to MSSQL port 1433
                      1  2027863  ET INFO msg with [**] inside
                      1  2100366  GPL ICMP_INFO PING *NIX

                Top 10 sources
                  count  source
                      3  198.51.100.20
                      2  203.0.113.7
                      1  2001:db8::5
                      1  203.0.113.8

                Top 10 destinations
                  count  destination
                      4  10.0.0.2
                      2  10.0.0.3
                      1  2001:db8:1::9

                Top 10 destination ports
                  count  port
                      3  TCP/3306
                      2  TCP/1433
                      1  ICMP
                      1  UDP/5353
                """, r.out());
    }

    @Test
    void fastLogAndGzippedEveOfTheSameAlertsReviewAlike() {
        assertEquals(review(fast).out(), review(eve).out());
    }

    @Test
    void topLimitsEveryTable() {
        ReviewFixtures.Run r = review("--top", "1", fast);
        assertTrue(r.out().contains("Top 1 signatures\n  count      sid  signature\n      3  2019401  ET SCAN Suspicious inbound to mySQL port 3306\n\n"),
                r.out());
        assertTrue(r.out().contains("Top 1 destination ports\n  count  port\n      3  TCP/3306\n"), r.out());
        assertFalse(r.out().contains("2010935"));
    }

    @Test
    void filtersBySidRepeatable() {
        assertTrue(countLine(review("--sid", "2010935", fast)).startsWith("2 of 7 records match (2 alerts"));
        assertTrue(countLine(review("--sid", "2010935", "--sid", "2100366", fast)).startsWith("3 of 7 records match"));
        assertTrue(countLine(review("--sid", "1", fast)).startsWith("0 of 7 records match"));
    }

    @Test
    void filtersBySourceAndDestinationAddressOrCidr() {
        assertTrue(countLine(review("--src", "203.0.113.0/24", fast)).startsWith("3 of 7 records match"));
        assertTrue(countLine(review("--src", "198.51.100.20", fast)).startsWith("3 of 7 records match"));
        assertTrue(countLine(review("--dst", "10.0.0.3", fast)).startsWith("2 of 7 records match"));
        assertTrue(countLine(review("--dst", "2001:db8::/32", eve)).startsWith("1 of 7 records match"));
        assertTrue(countLine(review("--src", "203.0.113.0/24", "--dst", "10.0.0.3/32", fast)).startsWith("1 of 7 records match"));
    }

    @Test
    void filtersByAction() {
        assertTrue(countLine(review("--action", "blocked", fast)).startsWith("2 of 7 records match (2 alerts, 0 drops; 2 blocked, 0 allowed)"));
        assertTrue(countLine(review("--action", "allowed", fast)).startsWith("5 of 7 records match"));
        // fast.log: [Drop] and [wDrop] are the drop rule's; eve.json only knows the blocked ones.
        assertTrue(countLine(review("--action", "drop", fast)).startsWith("3 of 7 records match"));
        assertTrue(countLine(review("--action", "drop", eve)).startsWith("2 of 7 records match"));
        assertTrue(countLine(review("--action", "alert", fast)).startsWith("7 of 7 records match"));
    }

    @Test
    void filtersByTimeInIsoOrFastLogForm() {
        assertTrue(countLine(review("--from", "2026-11-22T08:05:00Z", fast)).startsWith("5 of 7 records match"));
        assertTrue(countLine(review("--from", "11/22/2026-08:05:00", "--to", "2026-11-22 08:20", fast))
                .startsWith("3 of 7 records match"));
        // Both bounds are inclusive, to the microsecond.
        assertTrue(countLine(review("--to", "11/22/2026-08:00:01.123456", eve)).startsWith("1 of 7 records match"));
        assertTrue(countLine(review("--to", "2026-11-22T09:00:01.5+01:00", fast)).startsWith("1 of 7 records match"));
        assertTrue(countLine(review("--from", "2026-11-22T09:00:00-01:00", fast)).startsWith("0 of 7 records match"));
    }

    @Test
    void sinceCountsBackFromNow() {
        assertTrue(countLine(review("--since", "30m", "--now", "2026-11-22T09:00:00Z", fast)).startsWith("2 of 7 records match"));
        assertTrue(countLine(review("--since", "1h", "--now", "2026-11-22T09:00:00Z", fast)).startsWith("7 of 7 records match"));
        assertTrue(countLine(review("--since", "2d", "--now", "2026-11-25T08:00:00Z", fast)).startsWith("0 of 7 records match"));
        // Against the clock (the fixtures lie before it): a century back holds them all, an hour none.
        assertTrue(countLine(review("--since", "36500d", fast)).startsWith("7 of 7 records match"));
        assertTrue(countLine(review("--since", "1h", fast)).startsWith("0 of 7 records match"));
    }

    @Test
    void listPrintsTheMatchingLinesThemselves() throws IOException {
        ReviewFixtures.Run r = review("--list", "--sid", "2010935", fast);
        String[] all = Files.readAllLines(Path.of(fast)).toArray(new String[0]);
        assertEquals(all[3] + "\n" + all[4] + "\n", r.out());
        ReviewFixtures.Run e = review("--list", "--action", "blocked", eve);
        assertEquals(2, e.out().lines().count());
        assertTrue(e.out().lines().allMatch(l -> l.startsWith("{\"timestamp\":\"2026-11-22T08:00:0") && l.contains("\"blocked\"")));
    }

    @Test
    void malformedLinesAreReportedInOneLineAndTheRestIsRead() throws IOException {
        Path f = ReviewFixtures.write(dir.resolve("mixed.log"),
                Files.readString(Path.of(fast)) + "garbage\n{\"not\":\"fast.log\"}\n");
        ReviewFixtures.Run r = review(f.toString());
        assertEquals(0, r.status());
        assertTrue(countLine(r).startsWith("7 records"));
        assertEquals("sluice: 2 lines not understood (first: " + f + ":8)\n", r.err());
    }

    @Test
    void aBinaryFileIsNotUnderstoodWithoutAStackTrace() throws IOException {
        byte[] junk = new byte[4096];
        new java.util.Random(7).nextBytes(junk);
        junk[0] = 0x00;    // not gzip
        Path f = Files.write(dir.resolve("junk.bin"), junk);
        ReviewFixtures.Run r = review(f.toString());
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("0 records"), r.out());
        assertTrue(r.err().matches("sluice: \\d+ lines? not understood \\(first: .*junk\\.bin:1\\)\n"), r.err());
    }

    @Test
    void aGzipFileCutShortKeepsWhatCameBeforeAndWarns() throws IOException {
        byte[] whole = Files.readAllBytes(Path.of(eve));
        Path cut = Files.write(dir.resolve("cut.json.gz"), Arrays.copyOf(whole, whole.length - 12));
        ReviewFixtures.Run r = review(cut.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("sluice: warning: " + cut + ": compressed data ends early or is damaged"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void badArgumentsGiveOneLineErrors() {
        ReviewFixtures.Run missing = review(dir.resolve("nope.log").toString());
        assertEquals(2, missing.status());
        assertEquals("sluice: " + dir.resolve("nope.log") + ": no such file\n", missing.err());

        ReviewFixtures.Run src = review("--src", "example.org", fast);
        assertEquals(2, src.status());
        assertEquals("sluice: --src: 'example.org' is not an IPv4 or IPv6 address or CIDR block\n", src.err());

        ReviewFixtures.Run time = review("--from", "tomorrow", fast);
        assertEquals("sluice: --from: cannot read the time 'tomorrow' (use e.g. 2026-11-22T08:00:00Z, 2026-11-22 08:00 or 11/22/2026-08:00:00)\n",
                time.err());

        ReviewFixtures.Run since = review("--since", "1 fortnight", fast);
        assertEquals("sluice: --since: cannot read the duration '1 fortnight' (use e.g. 30m, 1h, 2d, 1w, 1h30m)\n", since.err());

        ReviewFixtures.Run now = review("--now", "2026-11-22T09:00:00Z", fast);
        assertEquals("sluice: --now only goes with --since\n", now.err());

        ReviewFixtures.Run action = review("--action", "reject", fast);
        assertEquals("sluice: --action: 'reject' is not one of alert, drop, blocked, allowed\n", action.err());
    }
}
