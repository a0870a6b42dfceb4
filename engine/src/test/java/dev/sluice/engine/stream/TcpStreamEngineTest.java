package dev.sluice.engine.stream;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static dev.sluice.engine.stream.StreamHarness.ACK;
import static dev.sluice.engine.stream.StreamHarness.FIN;
import static dev.sluice.engine.stream.StreamHarness.PSH;
import static dev.sluice.engine.stream.StreamHarness.RST;
import static dev.sluice.engine.stream.StreamHarness.SYN;
import static dev.sluice.engine.stream.StreamHarness.bytes;
import static dev.sluice.engine.stream.StreamHarness.has;
import static dev.sluice.engine.stream.StreamHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Session handling: handshake, windows, FIN/RST, midstream, memory, sessions, allocation. */
class TcpStreamEngineTest {

    @Test
    void handshakeCreatesSessionAndEstablishesIt() {
        StreamHarness h = new StreamHarness();
        int f = h.raw(true, SYN, h.clientIsn, 0, 65535, new byte[0]);
        assertTrue(has(f, StreamFlags.NEW_SESSION));
        assertEquals(TcpSession.State.SYN_SENT, h.session().state());
        h.raw(false, SYN | ACK, h.serverIsn, h.clientIsn + 1, 65535, new byte[0]);
        assertEquals(TcpSession.State.SYN_RECV, h.session().state());
        f = h.raw(true, ACK, h.clientIsn + 1, h.serverIsn + 1, 65535, new byte[0]);
        assertTrue(has(f, StreamFlags.ESTABLISHED));
        assertEquals(TcpSession.State.ESTABLISHED, h.session().state());
        assertFalse(h.session().midstream());
        assertEquals(h.clientIsn + 1, h.c2s().baseSeq());
        assertEquals(h.serverIsn + 1, h.s2c().baseSeq());
        assertEquals(1, h.engine.sessionsActive());
        assertEquals(1, h.engine.sessionsCreated());
    }

    @Test
    void synAckThatDoesNotAcknowledgeTheSynIsIgnored() {
        StreamHarness h = new StreamHarness();
        h.raw(true, SYN, h.clientIsn, 0, 65535, new byte[0]);
        int f = h.raw(false, SYN | ACK, h.serverIsn, h.clientIsn + 77, 65535, new byte[0]);
        assertTrue(has(f, StreamFlags.BAD_ACK));
        assertEquals(TcpSession.State.SYN_SENT, h.session().state());
        h.raw(false, SYN | ACK, h.serverIsn, h.clientIsn + 1, 65535, new byte[0]);
        assertEquals(TcpSession.State.SYN_RECV, h.session().state());
    }

    @Test
    void repeatedSynWithNewIsnDropsDataSentUnderTheOldOne() {
        // found by TcpReassemblyFuzzTest: the stale bytes used to stay at offset 0 of the new ISN
        StreamHarness h = new StreamHarness();
        h.raw(true, SYN, h.clientIsn, 0, 65535, new byte[0]);
        h.raw(true, PSH, h.clientIsn + 1, 0, 65535, bytes("stale"));
        assertEquals(5, h.c2s().contiguousEnd());
        long newIsn = h.clientIsn + 100_000;
        h.raw(true, SYN, newIsn, 0, 65535, new byte[0]);
        assertEquals(newIsn + 1, h.c2s().baseSeq());
        assertEquals(0, h.c2s().contiguousEnd(), "nothing sent under the old ISN remains");
        h.raw(false, SYN | ACK, h.serverIsn, newIsn + 1, 65535, new byte[0]);
        h.raw(true, ACK | PSH, newIsn + 1, h.serverIsn + 1, 65535, bytes("fresh"));
        assertEquals("fresh", text(h.c2s()));
    }

    @Test
    void dataWithoutHandshakeHasNoSessionWhenMidstreamIsOff() {
        StreamHarness h = new StreamHarness();
        int f = h.client(0, "hello");
        assertTrue(has(f, StreamFlags.NO_SESSION));
        assertNull(h.flow.stream);
        assertEquals(-1, h.engine.packetOffset(h.p, h.flow));
        assertEquals(1, h.engine.eventCount(StreamFlags.NO_SESSION));
        assertEquals(0, h.engine.sessionsCreated());
    }

    @Test
    void midstreamPicksUpTheSessionAtTheFirstSeenSequence() {
        StreamHarness h = new StreamHarness(StreamConfig.DEFAULTS.withMidstream(true));
        int f = h.raw(true, ACK | PSH, 123456, 987654, 512, bytes("mid"));
        assertTrue(has(f, StreamFlags.NEW_SESSION) && has(f, StreamFlags.ESTABLISHED) && has(f, StreamFlags.IN_ORDER),
                StreamFlags.toString(f));
        assertTrue(h.session().midstream());
        assertEquals(123456, h.c2s().baseSeq());
        assertEquals(987654, h.s2c().baseSeq());
        assertEquals(0, h.session().lastPacketOffset());
        h.raw(true, ACK | PSH, 123459, 987654, 512, bytes("stream"));
        h.raw(false, ACK | PSH, 987654, 123465, 512, bytes("answer"));
        assertEquals("midstream", text(h.c2s()));
        assertEquals(9, h.c2s().ackedEnd());
        assertEquals("answer", text(h.s2c()));
    }

    @Test
    void midstreamSynAckFirstSetsBothSides() {
        StreamHarness h = new StreamHarness(StreamConfig.DEFAULTS.withMidstream(true));
        h.raw(false, SYN | ACK, h.serverIsn, h.clientIsn + 1, 65535, new byte[0]);
        assertNotNull(h.session());
        assertEquals(TcpSession.State.SYN_RECV, h.session().state());
        int f = h.client(0, "req");
        assertTrue(has(f, StreamFlags.ESTABLISHED));
        h.server(0, "resp", 3);
        assertEquals("req", text(h.c2s()));
        assertEquals("resp", text(h.s2c()));
        assertEquals(3, h.c2s().ackedEnd());
    }

    @Test
    void windowCheckRejectsFarAwayData() {
        StreamHarness h = new StreamHarness().handshake();
        h.client(0, "ok");
        int f = h.client(70_000, "far");
        assertTrue(has(f, StreamFlags.OUT_OF_WINDOW), StreamFlags.toString(f));
        assertEquals(-1, h.session().lastPacketOffset());
        assertEquals(-1, h.engine.packetOffset(h.p, h.flow));
        assertEquals(0, h.c2s().heldBytes());
        f = h.client(60_000, "near");
        assertTrue(has(f, StreamFlags.OUT_OF_ORDER), "inside the window: held");
        f = h.client(-3_000_000_000L, "ancient");
        assertTrue(has(f, StreamFlags.OUT_OF_WINDOW));
        assertEquals(2, h.engine.eventCount(StreamFlags.OUT_OF_WINDOW));
        // the receiver opens its window: the same data fits now
        h.serverAck(2);
        h.raw(false, ACK, h.serverIsn + 1, h.clientIsn + 1 + 10_000, 65535, new byte[0]);
        f = h.client(70_000, "far");
        assertTrue(has(f, StreamFlags.OUT_OF_ORDER), StreamFlags.toString(f));
    }

    @Test
    void keepAliveAndZeroWindowProbeAreNotAnomalies() {
        StreamHarness h = new StreamHarness();
        h.raw(true, SYN, h.clientIsn, 0, 65535, new byte[0]);
        h.raw(false, SYN | ACK, h.serverIsn, h.clientIsn + 1, 4, new byte[0]); // room for 4 bytes
        h.raw(true, ACK, h.clientIsn + 1, h.serverIsn + 1, 65535, new byte[0]);
        h.client(0, "abcd");
        h.raw(false, ACK, h.serverIsn + 1, h.clientIsn + 1 + 4, 0, new byte[0]); // window shut
        int f = h.client(3, "\0");
        assertEquals(0, f, "keep-alive: " + StreamFlags.toString(f));
        assertEquals(-1, h.session().lastPacketOffset());
        f = h.client(4, "e");
        assertTrue(has(f, StreamFlags.IN_ORDER), "zero-window probe: " + StreamFlags.toString(f));
        f = h.client(5, "fg");
        assertTrue(has(f, StreamFlags.OUT_OF_WINDOW), StreamFlags.toString(f));
        assertEquals("abcde", text(h.c2s()));
    }

    @Test
    void windowScalingAppliesOnlyWhenBothSidesOfferIt() {
        // both offer scale 7: a window field of 1024 means 128 KiB
        StreamHarness h = new StreamHarness();
        h.wscale = 7;
        h.window = 1024;
        h.handshake();
        h.raw(false, ACK, h.serverIsn + 1, h.clientIsn + 1, 1024, new byte[0]);
        int f = h.client(100_000, "x");
        assertTrue(has(f, StreamFlags.OUT_OF_ORDER), StreamFlags.toString(f));

        // only the client offers it: no scaling, the window is 1024 bytes
        h = new StreamHarness();
        h.wscale = 7;
        h.raw(true, SYN, h.clientIsn, 0, 1024, new byte[0]);
        h.wscale = -1;
        h.raw(false, SYN | ACK, h.serverIsn, h.clientIsn + 1, 1024, new byte[0]);
        h.raw(true, ACK, h.clientIsn + 1, h.serverIsn + 1, 1024, new byte[0]);
        h.raw(false, ACK, h.serverIsn + 1, h.clientIsn + 1, 1024, new byte[0]);
        f = h.client(100_000, "x");
        assertTrue(has(f, StreamFlags.OUT_OF_WINDOW), StreamFlags.toString(f));
        f = h.client(1000, "x");
        assertTrue(has(f, StreamFlags.OUT_OF_ORDER));
    }

    @Test
    void finEndsTheStreamOnceItsDataIsContiguous() {
        StreamHarness h = new StreamHarness().handshake();
        h.client(0, "abc");
        int f = h.raw(true, FIN | ACK, h.clientIsn + 1 + 6, h.serverIsn + 1, 65535, bytes("ghi"));
        assertTrue(has(f, StreamFlags.FIN) && has(f, StreamFlags.OUT_OF_ORDER), StreamFlags.toString(f));
        assertEquals(TcpSession.State.CLOSING, h.session().state());
        assertFalse(h.c2s().eof(), "the gap before the FIN is still open");
        assertEquals(0, h.c2s().inspectableEnd());
        h.client(3, "def");
        assertTrue(h.c2s().eof());
        assertEquals("abcdefghi", text(h.c2s()));
        assertEquals(9, h.c2s().inspectableEnd(), "final data is inspectable without an ACK");
        f = h.client(9, "late");
        assertTrue(has(f, StreamFlags.AFTER_FIN), StreamFlags.toString(f));
        assertEquals(9, h.c2s().contiguousEnd());
        assertFalse(h.s2c().eof());
        h.raw(false, FIN | ACK, h.serverIsn + 1, h.clientIsn + 1 + 10, 65535, new byte[0]);
        assertTrue(h.s2c().eof());
        assertEquals(TcpSession.State.CLOSED, h.session().state());
    }

    @Test
    void endedAndInspectedStreamsGiveTheirMemoryBackAtTheNextPacket() {
        StreamHarness h = new StreamHarness().handshake();
        h.client(0, "request");
        h.raw(true, FIN | ACK, h.clientIsn + 1 + 7, h.serverIsn + 1, 65535, new byte[0]);
        StreamDirection d = h.c2s();
        assertTrue(d.eof());
        assertTrue(d.memoryBytes() > 0);
        // the detector reads the final data on this packet
        assertEquals("request", text(d));
        h.serverAck(8);
        assertTrue(d.memoryBytes() > 0, "not inspected yet: kept");
        d.setInspectedEnd(d.inspectableEnd());
        h.server(0, "response", 8);
        assertEquals(0, d.memoryBytes());
        assertEquals(h.s2c().memoryBytes(), h.engine.memoryUsed(), "only the server's data is held");
        assertEquals(7, d.contiguousEnd());
        assertEquals(7, d.readableStart());
        assertTrue(has(h.client(0, "request"), StreamFlags.RETRANSMISSION));
        assertEquals("response", text(h.s2c()));
    }

    @Test
    void rstInWindowClosesTheSession() {
        StreamHarness h = new StreamHarness().handshake();
        h.client(0, "abc");
        int f = h.raw(false, RST | ACK, h.serverIsn + 1, h.clientIsn + 4, 0, new byte[0]);
        assertTrue(has(f, StreamFlags.RST), StreamFlags.toString(f));
        assertEquals(TcpSession.State.CLOSED, h.session().state());
        assertTrue(h.c2s().eof());
        assertTrue(h.s2c().eof());
        assertEquals(3, h.c2s().inspectableEnd());
        f = h.client(3, "more");
        assertEquals(0, f & (StreamFlags.IN_ORDER | StreamFlags.OUT_OF_ORDER));
        assertEquals(3, h.c2s().contiguousEnd());
    }

    @Test
    void rstOutOfWindowIsIgnored() {
        StreamHarness h = new StreamHarness().handshake();
        h.client(0, "abc");
        int f = h.raw(false, RST, h.serverIsn + 1 + 1_000_000, 0, 0, new byte[0]);
        assertTrue(has(f, StreamFlags.RST_INVALID), StreamFlags.toString(f));
        f = h.raw(false, RST, h.serverIsn - 10, 0, 0, new byte[0]);
        assertTrue(has(f, StreamFlags.RST_INVALID));
        assertEquals(TcpSession.State.ESTABLISHED, h.session().state());
        assertFalse(h.c2s().eof());
        assertTrue(has(h.client(3, "def"), StreamFlags.IN_ORDER));
        assertEquals(2, h.engine.eventCount(StreamFlags.RST_INVALID));
    }

    @Test
    void forgedRstAndFinBeforeTheSynAckAreIgnored() {
        // an attacker's RST and FIN echo a timestamp the client never sent; hosts drop them
        StreamHarness h = new StreamHarness();
        h.tsVal = 1_821_165_629L;
        h.raw(true, SYN, h.clientIsn, 0, 65535, new byte[0]);
        h.tsVal = 100;
        h.tsEcr = 100;
        int f = h.raw(false, RST | ACK, 0, h.clientIsn + 1, 65535, new byte[0]);
        assertTrue(has(f, StreamFlags.RST_INVALID) && has(f, StreamFlags.BAD_TIMESTAMP), StreamFlags.toString(f));
        f = h.raw(false, FIN | ACK, 0, h.clientIsn + 1, 65535, new byte[0]);
        assertTrue(has(f, StreamFlags.BAD_TIMESTAMP), StreamFlags.toString(f));
        // the client's own RST while its SYN is unanswered means nothing to the server either
        h.tsVal = -1;
        f = h.raw(true, RST, h.clientIsn + 1, 0, 0, new byte[0]);
        assertTrue(has(f, StreamFlags.RST_INVALID), StreamFlags.toString(f));
        h.tsVal = 1_821_165_629L;
        h.tsEcr = 0;
        h.raw(false, SYN | ACK, h.serverIsn, h.clientIsn + 1, 65535, new byte[0]);
        h.tsVal = 1_821_165_693L;
        h.tsEcr = 1_821_165_629L;
        h.raw(true, ACK, h.clientIsn + 1, h.serverIsn + 1, 65535, new byte[0]);
        assertEquals(TcpSession.State.ESTABLISHED, h.session().state());
        h.client(0, "GET /");
        h.server(0, "THIS_IS_A_TEST", 5);
        assertEquals("THIS_IS_A_TEST", text(h.s2c()));
        assertFalse(h.s2c().eof());
        assertEquals(-1, h.s2c().finOffset);
    }

    @Test
    void genuineRstWithMatchingTimestampEchoCounts() {
        StreamHarness h = new StreamHarness();
        h.tsVal = 5000;
        h.raw(true, SYN, h.clientIsn, 0, 65535, new byte[0]);
        h.tsEcr = 5000;
        int f = h.raw(false, RST | ACK, 0, h.clientIsn + 1, 0, new byte[0]);
        assertTrue(has(f, StreamFlags.RST), StreamFlags.toString(f));
    }

    @Test
    void rstRefusingTheSynIsValid() {
        StreamHarness h = new StreamHarness();
        h.raw(true, SYN, h.clientIsn, 0, 65535, new byte[0]);
        int f = h.raw(false, RST | ACK, 0, h.clientIsn + 1, 0, new byte[0]);
        assertTrue(has(f, StreamFlags.RST), StreamFlags.toString(f));
        assertEquals(TcpSession.State.CLOSED, h.session().state());
    }

    @Test
    void packetOffsetMapsThePacketToTheStream() {
        StreamHarness h = new StreamHarness().handshake();
        h.client(0, "0123");
        h.client(10, "abc");
        assertEquals(10, h.engine.packetOffset(h.p, h.flow));
        assertTrue(h.session().lastPacketToServer());
        h.server(0, "xyz", 4);
        assertEquals(0, h.engine.packetOffset(h.p, h.flow));
        assertSame(h.s2c(), h.session().lastPacketDirection());
        long number = h.p.number;
        h.serverAck(4);
        assertEquals(-1, h.engine.packetOffset(h.p, h.flow), "no payload");
        h.p.number = number + 100;
        assertEquals(-1, h.engine.packetOffset(h.p, h.flow), "another packet");
    }

    @Test
    void badChecksumPacketsAreIgnored() {
        StreamHarness h = new StreamHarness().handshake();
        h.client(0, "ab");
        // the same packet again, now with a bad checksum
        h.p.l4ChecksumBad = true;
        int f = h.engine.onPacket(h.p, h.flow);
        assertTrue(has(f, StreamFlags.BAD_CHECKSUM));
        assertEquals(-1, h.session().lastPacketOffset());
        assertEquals(2, h.c2s().contiguousEnd());
    }

    @Test
    void memcapBoundsManySessionsHoldingOutOfOrderData() {
        long memcap = 64 * 1024;
        StreamHarness h = new StreamHarness(StreamConfig.DEFAULTS.withMemcap(memcap));
        int sessions = 100;
        int refused = 0;
        for (int i = 0; i < sessions; i++) {
            h.clientPort = 20000 + i;
            h.handshake();
            int f = h.client(100, "held data");
            if (has(f, StreamFlags.MEMCAP)) {
                refused++;
                assertEquals(0, h.c2s().heldBytes());
            } else {
                assertTrue(has(f, StreamFlags.OUT_OF_ORDER));
            }
            assertTrue(h.engine.memoryUsed() <= memcap, "used " + h.engine.memoryUsed());
        }
        assertEquals(100, h.engine.sessionsActive());
        assertTrue(refused > 0 && refused < sessions, "refused " + refused);
        assertTrue(h.engine.memoryUsed() > memcap / 2, "the memcap was the limit: " + h.engine.memoryUsed());
        assertEquals(refused, h.engine.eventCount(StreamFlags.MEMCAP));
        assertTrue(h.engine.memcapHits() >= refused);
        assertEquals((sessions - refused) * 9L, h.engine.bytesHeld());
        assertEquals(sessions - refused, h.engine.segmentsHeld());
        // ending the flows gives everything back
        h.table.shutdown();
        assertEquals(0, h.engine.memoryUsed());
        assertEquals(0, h.engine.sessionsActive());
        assertEquals(0, h.engine.bytesHeld());
        assertEquals(0, h.engine.segmentsHeld());
    }

    @Test
    void sessionCapLeavesFurtherFlowsWithoutSession() {
        StreamHarness h = new StreamHarness(StreamConfig.DEFAULTS.withMaxSessions(2));
        for (int i = 0; i < 3; i++) {
            h.clientPort = 30000 + i;
            h.handshake();
        }
        assertNull(h.flow.stream);
        assertEquals(2, h.engine.sessionsActive());
        assertTrue(h.engine.sessionCapHits() >= 1);
    }

    @Test
    void releasedSessionsAreReusedClean() {
        StreamHarness h = new StreamHarness().handshake();
        h.client(0, "first flow");
        h.client(20, "held");
        TcpSession old = h.session();
        h.engine.release(h.flow);
        assertNull(h.flow.stream);
        assertEquals(0, h.engine.memoryUsed());
        h.engine.release(h.flow); // idempotent
        h.clientPort++;
        h.handshake();
        assertSame(old, h.session(), "pooled");
        assertEquals(0, h.c2s().contiguousEnd());
        assertEquals(0, h.c2s().heldBytes());
        assertEquals(TcpSession.State.ESTABLISHED, h.session().state());
        h.client(0, "second");
        assertEquals("second", text(h.c2s()));
        assertEquals(1, h.engine.sessionsActive());
    }

    @Test
    void autoInspectLetsBuffersShrinkWithoutADetector() {
        StreamHarness h = new StreamHarness(StreamConfig.DEFAULTS.withDepth(0));
        h.engine.setAutoInspect(true);
        h.handshake();
        String chunk = "x".repeat(1400);
        for (int i = 0; i < 1000; i++) {
            h.client(i * 1400L, chunk);
            h.serverAck((i + 1) * 1400L);
        }
        assertEquals(1_400_000, h.c2s().contiguousEnd());
        assertTrue(h.engine.memoryUsed() < 64 * 1024, "used " + h.engine.memoryUsed());
    }

    @Test
    void inOrderPathDoesNotAllocate() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "no allocation counter");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
        StreamHarness h = new StreamHarness(StreamConfig.DEFAULTS.withDepth(0)).handshake();
        StreamDirection c2s = h.c2s();
        // packets built once; only sequence and ack numbers change per round
        dev.sluice.engine.decode.Packet data = h.p;
        h.client(0, "y".repeat(1000));
        long seq = h.clientIsn + 1 + 1000;
        int rounds = 20_000;
        long tid = Thread.currentThread().getId();
        for (int warm = 0; warm < 2; warm++) {
            long before = bean.getThreadAllocatedBytes(tid);
            for (int r = 0; r < rounds; r++) {
                data.tcpFlags = ACK | PSH;
                data.tcpSeq = seq & 0xffffffffL;
                data.number++;
                int f = h.engine.onPacket(data, h.flow);
                if ((f & StreamFlags.IN_ORDER) == 0) {
                    throw new AssertionError(StreamFlags.toString(f));
                }
                seq += 1000;
                // as the server's ACKs would
                c2s.peerAck = c2s.contiguousEnd();
                c2s.rightEdge = c2s.peerAck + 65535;
                c2s.setInspectedEnd(c2s.inspectableEnd());
            }
            long allocated = bean.getThreadAllocatedBytes(tid) - before;
            if (warm == 1) {
                assertTrue(allocated < rounds / 2, "allocated " + allocated + " bytes for " + rounds + " packets");
            }
        }
        assertEquals(1000L * (2 * rounds + 1), c2s.contiguousEnd());
    }
}
