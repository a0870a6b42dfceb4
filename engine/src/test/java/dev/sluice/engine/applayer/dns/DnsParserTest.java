package dev.sluice.engine.applayer.dns;

import dev.sluice.engine.applayer.AppParser;
import dev.sluice.engine.applayer.AppProbe;
import dev.sluice.engine.applayer.AppTx;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.DetectContext;
import dev.sluice.signatures.match.TxField;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.sluice.engine.applayer.dns.DnsMessages.cat;
import static dev.sluice.engine.applayer.dns.DnsMessages.header;
import static dev.sluice.engine.applayer.dns.DnsMessages.name;
import static dev.sluice.engine.applayer.dns.DnsMessages.query;
import static dev.sluice.engine.applayer.dns.DnsMessages.responseA;
import static dev.sluice.engine.applayer.dns.DnsMessages.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DnsParserTest {
    /** Collects what the parser hands out, as (query name, id) summaries: transactions are reused. */
    static final class Sink implements AppParser.TxSink {
        final List<String> seen = new ArrayList<>();
        final List<Integer> events = new ArrayList<>();

        @Override
        public void add(AppTx tx) {
            DnsTx d = (DnsTx) tx;
            seen.add((d.questionCount() > 0 ? d.questionName(0) : "-") + "#" + d.dnsId() + "/tx" + d.id);
            events.add(d.events);
        }
    }

    private static DnsTx parse(byte[] msg) {
        DnsTx tx = new DnsTx();
        assertTrue(tx.parse(msg, 0, msg.length, new DnsNames()));
        return tx;
    }

    private static String buffer(DnsTx tx, Buffer b, int i) {
        DetectContext ctx = new DetectContext();
        if (!tx.buffer(b, i, ctx)) {
            return null;
        }
        return new String(ctx.appBuf, ctx.appOff, ctx.appLen, StandardCharsets.ISO_8859_1);
    }

    @Test
    void parsesAQueryIntoDottedNameTypeAndHeaderFields() {
        DnsTx tx = parse(query(0x1234, "mail.google.com", 28));
        assertFalse(tx.response());
        assertEquals(0x1234, tx.dnsId());
        assertEquals(1, tx.questionCount());
        assertEquals("mail.google.com", buffer(tx, Buffer.DNS_QUERY, 0));
        assertEquals("mail.google.com", buffer(tx, Buffer.DNS_QUERIES_RRNAME, 0));
        assertEquals(null, buffer(tx, Buffer.DNS_QUERY, 1));
        assertEquals(null, buffer(tx, Buffer.DNS_RESPONSE_RRNAME, 0));
        assertEquals(28, tx.field(TxField.DNS_RRTYPE, 0));
        assertEquals(0, tx.field(TxField.DNS_OPCODE, 0));
        assertEquals(-1, tx.field(TxField.DNS_RRTYPE, 1));
        assertEquals(0, tx.events);
    }

    @Test
    void responseDecompressesAnswerNamesAndIsNoQueryBuffer() {
        DnsTx tx = parse(responseA(7, "www.example.org", 93, 184, 216, 34));
        assertTrue(tx.response());
        assertEquals(null, buffer(tx, Buffer.DNS_QUERY, 0), "dns.query sees requests only");
        assertEquals("www.example.org", buffer(tx, Buffer.DNS_QUERIES_RRNAME, 0));
        assertEquals("www.example.org", buffer(tx, Buffer.DNS_ANSWERS_RRNAME, 0));
        assertEquals("www.example.org", buffer(tx, Buffer.DNS_RESPONSE_RRNAME, 1));
        assertEquals(1, tx.recordCount(0));
        assertEquals(1, tx.recordType(0, 0));
        String eve = tx.eveObject();
        assertTrue(eve.contains("\"type\":\"response\""), eve);
        assertTrue(eve.contains("\"answers\":[{\"rrname\":\"www.example.org\",\"rrtype\":\"A\",\"ttl\":3600,\"rdata\":\"93.184.216.34\"}]"), eve);
        assertTrue(eve.contains("\"rcode\":\"NOERROR\""), eve);
    }

    @Test
    void truncatedQuestionKeepsTheHeaderAndRaisesMalformed() {
        byte[] full = query(1, "example.com", 1);
        DnsTx tx = parse(Arrays.copyOf(full, full.length - 3));
        assertEquals(0, tx.questionCount());
        assertTrue((tx.events & DnsEvents.MALFORMED_DATA) != 0);
        assertFalse(new DnsTx().parse(full, 0, 11, new DnsNames()), "no header, no transaction");
    }

    @Test
    void compressionLoopIsRejectedNotFollowed() {
        // the question name is a pointer to itself; an answer name points forward into itself
        byte[] self = cat(header(1, 0x0100, 1, 0, 0, 0), new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1});
        DnsTx tx = parse(self);
        assertEquals(0, tx.questionCount());
        assertTrue((tx.events & DnsEvents.INFINITE_LOOP) != 0);
        // two labels pointing at each other: a -> b -> a
        byte[] pair = cat(header(1, 0x8180, 1, 1, 0, 0), name("a.b"), new byte[] {0, 1, 0, 1},
                new byte[] {1, 'x', (byte) 0xc0, 31, 1, 'y', (byte) 0xc0, 29, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0});
        DnsTx t2 = parse(pair);
        assertEquals(1, t2.questionCount());
        assertEquals(0, t2.recordCount(0));
        assertTrue((t2.events & DnsEvents.INFINITE_LOOP) != 0);
    }

    @Test
    void outOfBoundsPointerAndReservedLabelsAreBadNames() {
        byte[] oob = cat(header(1, 0x0100, 1, 0, 0, 0), new byte[] {3, 'w', 'w', 'w', (byte) 0xc1, 0, 0, 1, 0, 1});
        DnsTx tx = parse(oob);
        assertEquals(0, tx.questionCount());
        assertNotEquals(0, tx.events & (DnsEvents.INFINITE_LOOP | DnsEvents.BAD_NAME));
        byte[] reserved = cat(header(1, 0x0100, 1, 0, 0, 0), new byte[] {(byte) 0x41, 'x', 0, 0, 1, 0, 1});
        assertTrue((parse(reserved).events & DnsEvents.BAD_NAME) != 0);
        byte[] pastEnd = cat(header(1, 0x0100, 1, 0, 0, 0), new byte[] {60, 'a', 'b'});
        assertTrue((parse(pastEnd).events & DnsEvents.BAD_NAME) != 0);
    }

    @Test
    void overlongNameIsTruncatedWithAnEvent() {
        StringBuilder n = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            n.append(i == 0 ? "" : ".").append("x".repeat(60));
        }
        DnsTx tx = parse(query(1, n.toString(), 1));
        assertEquals(1, tx.questionCount());
        assertEquals(DnsNames.MAX_NAME, buffer(tx, Buffer.DNS_QUERY, 0).length());
        assertTrue((tx.events & DnsEvents.NAME_TOO_LONG) != 0);
    }

    @Test
    void fuzzedMessagesNeverThrow() {
        java.util.Random rnd = new java.util.Random(7);
        DnsParser p = new DnsParser();
        Sink sink = new Sink();
        byte[] base = responseA(9, "a.bc.example", 1, 2, 3, 4);
        for (int i = 0; i < 20000; i++) {
            byte[] m = base.clone();
            for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
            }
            int len = rnd.nextInt(m.length + 1);
            p.onDatagram(true, m, 0, len, sink);
            p.onStream(i % 2 == 0, m, 0, len, sink);
            new DnsProbe().probe(m, 0, len, true, i % 3 == 0, i % 5 == 0);
        }
    }

    @Test
    void tcpMessageSplitAcrossSegmentsIsParsedOnceComplete() {
        DnsParser p = new DnsParser();
        Sink sink = new Sink();
        byte[] framed = tcp(query(0x42, "split.example.com", 1));
        p.onStream(true, framed, 0, 1, sink);       // half of the length
        p.onStream(true, framed, 1, 10, sink);      // rest of the length, part of the header
        assertTrue(sink.seen.isEmpty());
        p.onStream(true, framed, 11, framed.length - 11, sink);
        assertEquals(List.of("split.example.com#66/tx0"), sink.seen);
    }

    @Test
    void severalTcpMessagesInOneSegmentEachBecomeATransaction() {
        DnsParser p = new DnsParser();
        Sink sink = new Sink();
        byte[] a = tcp(query(1, "one.test", 1));
        byte[] b = tcp(query(2, "two.test", 1));
        byte[] c = tcp(query(3, "three.test", 1));
        byte[] all = cat(a, b, Arrays.copyOf(c, 5));
        p.onStream(true, all, 0, all.length, sink);
        assertEquals(List.of("one.test#1/tx0", "two.test#2/tx1"), sink.seen);
        p.onStream(true, c, 5, c.length - 5, sink);
        assertEquals("three.test#3/tx2", sink.seen.get(2));
    }

    @Test
    void gapStopsTheDirectionAndBadLengthIsMalformed() {
        DnsParser p = new DnsParser();
        Sink sink = new Sink();
        p.onGap(true, 100);
        byte[] q = tcp(query(1, "after.gap", 1));
        p.onStream(true, q, 0, q.length, sink);
        assertTrue(sink.seen.isEmpty());
        assertTrue((p.events() & DnsEvents.GAP) != 0);
        p.onStream(false, new byte[] {0, 3, 1, 2, 3}, 0, 5, sink);
        assertTrue((p.events() & DnsEvents.MALFORMED_DATA) != 0);
        p.onStream(false, q, 0, q.length, sink);
        assertTrue(sink.seen.isEmpty(), "framing lost in that direction");
    }

    @Test
    void probeRecognisesDnsByContentAndRejectsOtherProtocols() {
        DnsProbe probe = new DnsProbe();
        byte[] q = query(5, "probe.example", 1);
        assertEquals(AppProbe.MATCH, probe.probe(q, 0, q.length, true, false, false));
        assertEquals(AppProbe.MATCH, probe.probe(q, 0, q.length, true, false, true));
        byte[] trailing = cat(q, new byte[] {1, 2, 3});
        assertEquals(AppProbe.NO, probe.probe(trailing, 0, trailing.length, true, false, false), "off port 53 the message must fill the datagram");
        byte[] http = "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(AppProbe.NO, probe.probe(http, 0, http.length, true, true, false));
        assertEquals(AppProbe.NO, probe.probe(http, 0, http.length, true, false, true));
        byte[] framed = tcp(q);
        assertEquals(AppProbe.NEED_MORE, probe.probe(framed, 0, 8, true, true, false));
        assertEquals(AppProbe.MATCH, probe.probe(framed, 0, framed.length, true, true, false));
        byte[] tls = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(AppProbe.NO, probe.probe(tls, 0, tls.length, true, true, true));
    }
}
