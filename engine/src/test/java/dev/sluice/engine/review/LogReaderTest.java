package dev.sluice.engine.review;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogReaderTest {
    @TempDir
    Path dir;

    private static List<LogRecord> read(LogReader reader, Path f) throws IOException {
        List<LogRecord> out = new ArrayList<>();
        reader.read(f, f.getFileName().toString(), out::add);
        return out;
    }

    @Test
    void fastLogLinesReadBackEveryField() throws IOException {
        Path f = ReviewFixtures.write(dir.resolve("fast.log"), ReviewFixtures.fastLog(ReviewFixtures.events()));
        LogReader reader = new LogReader();
        List<LogRecord> recs = read(reader, f);
        assertEquals(7, recs.size());
        assertEquals(0, reader.notUnderstood());

        LogRecord drop = recs.get(0);
        assertEquals((ReviewFixtures.sec("2026-11-22T08:00:01Z")) * 1_000_000L + 123456, drop.micros());
        assertTrue(drop.blocked());
        assertTrue(drop.dropRule());
        assertEquals(1, drop.gid());
        assertEquals(2019401, drop.sid());
        assertEquals(3, drop.rev());
        assertEquals("ET SCAN Suspicious inbound to mySQL port 3306", drop.msg());
        assertEquals("Potentially Bad Traffic", drop.category());
        assertEquals(2, drop.priority());
        assertEquals("TCP", drop.proto());
        assertEquals("203.0.113.7", drop.srcIp());
        assertEquals(40001, drop.srcPort());
        assertEquals("10.0.0.2", drop.dstIp());
        assertEquals(3306, drop.dstPort());
        assertEquals("fast.log:1", drop.location());

        LogRecord wdrop = recs.get(2);
        assertFalse(wdrop.blocked(), "[wDrop] let the packet pass");
        assertTrue(wdrop.dropRule());

        LogRecord plain = recs.get(3);
        assertFalse(plain.blocked());
        assertFalse(plain.dropRule());

        LogRecord icmp = recs.get(5);
        assertEquals("ICMP", icmp.proto());
        assertEquals(8, icmp.srcPort(), "fast.log puts the ICMP type where the source port goes");
        assertEquals("ICMP", icmp.dstPortLabel());

        LogRecord v6 = recs.get(6);
        assertEquals("ET INFO msg with [**] inside", v6.msg());
        assertNull(v6.category(), "(null) is no classification");
        assertEquals("2001:db8::5", v6.srcIp());
        assertEquals(53, v6.srcPort());
        assertEquals("2001:db8:1::9", v6.dstIp());
        assertEquals("UDP/5353", v6.dstPortLabel());
    }

    @Test
    void eveRecordsReadBackTheSameFieldsAsFastLog() throws IOException {
        Path fast = ReviewFixtures.write(dir.resolve("fast.log"), ReviewFixtures.fastLog(ReviewFixtures.events()));
        Path eve = ReviewFixtures.write(dir.resolve("eve.json"), ReviewFixtures.eveJson(ReviewFixtures.events()));
        List<LogRecord> a = read(new LogReader(), fast);
        List<LogRecord> b = read(new LogReader(), eve);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            LogRecord x = a.get(i);
            LogRecord y = b.get(i);
            String where = "record " + i;
            assertEquals(x.micros(), y.micros(), where);
            assertEquals(x.sid(), y.sid(), where);
            assertEquals(x.msg(), y.msg(), where);
            assertEquals(x.category(), y.category(), where);
            assertEquals(x.priority(), y.priority(), where);
            assertEquals(x.blocked(), y.blocked(), where);
            assertEquals(x.proto(), y.proto(), where);
            assertEquals(x.srcIp(), y.srcIp(), where);
            assertEquals(x.srcPort(), y.srcPort(), where);
            assertEquals(x.dstIp(), y.dstIp(), where);
            assertEquals(x.dstPort(), y.dstPort(), where);
        }
    }

    @Test
    void eveDropRecordsAreReadAndOtherEventTypesSkipped() throws IOException {
        String text = String.join("\n",
                "{\"timestamp\":\"2026-11-22T08:00:01.000001+0000\",\"flow_id\":5,\"event_type\":\"drop\",\"src_ip\":\"10.0.0.1\","
                        + "\"src_port\":1234,\"dest_ip\":\"10.0.0.2\",\"dest_port\":80,\"proto\":\"TCP\",\"drop\":{\"len\":60,"
                        + "\"reason\":\"flow drop\"}}",
                "{\"timestamp\":\"2026-11-22T08:00:02.000000+0000\",\"event_type\":\"drop\",\"src_ip\":\"10.0.0.1\","
                        + "\"src_port\":1234,\"dest_ip\":\"10.0.0.2\",\"dest_port\":80,\"proto\":\"TCP\",\"drop\":{\"len\":60},"
                        + "\"alert\":{\"action\":\"blocked\",\"gid\":1,\"signature_id\":9,\"rev\":1,\"signature\":\"local\","
                        + "\"category\":\"\",\"severity\":3}}",
                "{\"timestamp\":\"2026-11-22T08:00:03.000000+0100\",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.1\",\"dest_ip\":\"10.0.0.2\"}",
                "{\"timestamp\":\"2026-11-22T08:00:04.000000+0000\",\"event_type\":\"stats\",\"stats\":{\"uptime\":3}}",
                "");
        Path f = ReviewFixtures.write(dir.resolve("eve.json"), text);
        LogReader reader = new LogReader();
        List<LogRecord> recs = read(reader, f);
        assertEquals(2, recs.size());
        assertEquals(2, reader.skipped());
        assertEquals(0, reader.notUnderstood());
        LogRecord flowDrop = recs.get(0);
        assertEquals(LogRecord.Type.DROP, flowDrop.type());
        assertFalse(flowDrop.hasRule());
        assertTrue(flowDrop.blocked());
        assertEquals("-", flowDrop.sidLabel());
        LogRecord ruleDrop = recs.get(1);
        assertEquals(9, ruleDrop.sid());
        assertNull(ruleDrop.category(), "an empty category is none");
    }

    @Test
    void gzipIsToldByItsMagicBytesAndFormatByContentNotName() throws IOException {
        // eve.json content, gzip-compressed, under a name that says neither.
        Path f = ReviewFixtures.writeGzip(dir.resolve("alerts.log"), ReviewFixtures.eveJson(ReviewFixtures.events()));
        Path g = ReviewFixtures.writeGzip(dir.resolve("eve.json"), ReviewFixtures.fastLog(ReviewFixtures.events()));
        LogReader reader = new LogReader();
        assertEquals(7, read(reader, f).size());
        assertEquals(7, read(reader, g).size());
        assertEquals(0, reader.notUnderstood());
        assertEquals(14, reader.records());
    }

    @Test
    void malformedLinesAreCountedWithThePlaceOfTheFirst() throws IOException {
        String good = ReviewFixtures.fastLog(ReviewFixtures.events().subList(0, 2));
        String[] lines = good.split("\n");
        String text = lines[0] + "\n"
                + "\n"                                              // blank: neither counted nor an error
                + "this is not an alert\n"                          // line 3
                + lines[1].substring(0, 40) + "\n"                  // cut short
                + "13/45/2026-08:00:01.000000  [**] [1:1:1] m [**] [Classification: c] [Priority: 1] {TCP} 1.2.3.4:1 -> 5.6.7.8:2\n"
                + "x".repeat(LogReader.MAX_LINE_CHARS + 10) + "\n"  // longer than any line is kept
                + lines[1] + "\n";
        Path f = ReviewFixtures.write(dir.resolve("fast.log"), text);
        LogReader reader = new LogReader();
        List<LogRecord> recs = read(reader, f);
        assertEquals(2, recs.size());
        assertEquals(7, recs.get(1).line());
        assertEquals(4, reader.notUnderstood());
        assertEquals("4 lines not understood (first: fast.log:3)", reader.notUnderstoodSummary());
    }

    @Test
    void eveLinesThatAreNotRecordsAreNotUnderstood() throws IOException {
        String text = String.join("\n",
                "{\"timestamp\":\"2026-11-22T08:00:01+0000\",\"event_type\":\"alert\",\"src_ip\":\"1.2.3.4\",\"dest_ip\":\"5.6.7.8\","
                        + "\"proto\":\"TCP\",\"alert\":{\"action\":\"allowed\",\"signature_id\":1,\"signature\":\"ok\"}}",
                "{\"timestamp\":\"2026-11-22T08:00:01+0000\",\"event_type\":\"alert\"",              // cut short
                "[1,2,3]",
                "{\"event_type\":\"alert\",\"src_ip\":\"1.2.3.4\",\"dest_ip\":\"5.6.7.8\",\"alert\":{\"signature\":\"x\"}}",  // no time
                "{\"timestamp\":\"yesterday\",\"event_type\":\"alert\",\"src_ip\":\"1.2.3.4\",\"dest_ip\":\"5.6.7.8\",\"alert\":{\"signature\":\"x\"}}",
                "{\"timestamp\":\"2026-11-22T08:00:01+0000\",\"event_type\":\"alert\",\"src_ip\":\"1.2.3.4\",\"dest_ip\":\"5.6.7.8\"}",  // no rule
                "{} trailing");
        Path f = ReviewFixtures.write(dir.resolve("eve.json"), text);
        LogReader reader = new LogReader();
        assertEquals(1, read(reader, f).size());
        assertEquals(6, reader.notUnderstood());
        assertEquals("6 lines not understood (first: eve.json:2)", reader.notUnderstoodSummary());
    }
}
