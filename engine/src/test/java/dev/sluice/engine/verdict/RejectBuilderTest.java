package dev.sluice.engine.verdict;

import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.Checksum;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.*;

/** Answers of reject rules, checked by decoding them with the engine's own decoder (checksums on). */
class RejectBuilderTest {
    static final byte[] CLIENT4 = {10, 77, 0, 1};
    static final byte[] SERVER4 = {10, 77, 0, 2};
    static final byte[] CLIENT6 = HexFormat.of().parseHex("fd770000000000000000000000000001");
    static final byte[] SERVER6 = HexFormat.of().parseHex("fd770000000000000000000000000002");
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final long SEQ = 0xfffffff0L;
    static final long ACKNO = 0x12345678L;

    private final RejectBuilder builder = new RejectBuilder();

    // ---- packet making ----

    static byte[] ip(byte[] src, byte[] dst, int proto, int flagsFrag, byte[] l4) {
        boolean v6 = src.length == 16;
        int hl = v6 ? 40 : 20;
        byte[] p = new byte[hl + l4.length];
        if (v6) {
            p[0] = 0x60;
            put16(p, 4, l4.length);
            p[6] = (byte) proto;
            p[7] = 55;
            System.arraycopy(src, 0, p, 8, 16);
            System.arraycopy(dst, 0, p, 24, 16);
        } else {
            p[0] = 0x45;
            put16(p, 2, p.length);
            put16(p, 4, 0x4242);
            put16(p, 6, flagsFrag);
            p[8] = 55;
            p[9] = (byte) proto;
            System.arraycopy(src, 0, p, 12, 4);
            System.arraycopy(dst, 0, p, 16, 4);
            put16(p, 10, Checksum.compute(p, 0, 20));
        }
        System.arraycopy(l4, 0, p, hl, l4.length);
        int field = proto == 6 ? 16 : proto == 17 ? 6 : 2;
        if (flagsFrag == 0 && l4.length >= field + 2) {
            long acc = proto == 1 ? 0 : Checksum.pseudoHeader(p, v6 ? 8 : 12, v6 ? 24 : 16, src.length, proto, l4.length);
            put16(p, hl + field, ~Checksum.fold(Checksum.add(p, hl, l4.length, acc)) & 0xffff);
        }
        return p;
    }

    static byte[] tcp(int sport, int dport, long seq, long ack, int flags, int dataLen) {
        byte[] t = new byte[20 + dataLen];
        put16(t, 0, sport);
        put16(t, 2, dport);
        put32(t, 4, seq);
        put32(t, 8, ack);
        t[12] = 0x50;
        t[13] = (byte) flags;
        put16(t, 14, 501);
        Arrays.fill(t, 20, t.length, (byte) 'x');
        return t;
    }

    static byte[] udp(int sport, int dport, int dataLen) {
        byte[] u = new byte[8 + dataLen];
        put16(u, 0, sport);
        put16(u, 2, dport);
        put16(u, 4, u.length);
        for (int i = 8; i < u.length; i++) {
            u[i] = (byte) i;
        }
        return u;
    }

    static byte[] icmp(int type, int code) {
        byte[] m = new byte[8 + 28];
        m[0] = (byte) type;
        m[1] = (byte) code;
        return m;
    }

    static Packet decode(byte[] bytes) {
        Frame f = new Frame();
        System.arraycopy(bytes, 0, f.data, 0, bytes.length);
        f.length = bytes.length;
        f.wireLength = bytes.length;
        f.linkType = Frame.LINK_RAW;
        Packet p = new Packet();
        p.reset(f, 1);
        new Decoder(DecodeOptions.DEFAULT).decode(p);
        return p;
    }

    /** Decodes the first {@code len} bytes the builder made, asserting it made some and they decode cleanly. */
    private Packet built(int len) {
        assertTrue(len > 0, "an answer was built");
        Packet p = decode(Arrays.copyOf(builder.buffer(), len));
        assertEquals(0, p.events, "no decode events (checksums verify)");
        assertFalse(p.ipChecksumBad);
        assertFalse(p.l4ChecksumBad);
        assertEquals(len, p.ipTotalLength);
        assertEquals(RejectBuilder.TTL, p.ttl);
        return p;
    }

    static byte[] addr(Packet p, boolean src) {
        int n = p.ipVersion == 6 ? 16 : 4;
        int off = src ? p.srcAddrOffset : p.dstAddrOffset;
        return Arrays.copyOfRange(p.frame.data, off, off + n);
    }

    static void put16(byte[] d, int off, int v) {
        d[off] = (byte) (v >>> 8);
        d[off + 1] = (byte) v;
    }

    static void put32(byte[] d, int off, long v) {
        put16(d, off, (int) (v >>> 16));
        put16(d, off + 2, (int) v);
    }

    // ---- TCP resets ----

    private void resetToSourceOfDataSegment(byte[] client, byte[] server) {
        Packet in = decode(ip(client, server, 6, 0, tcp(40_000, 8080, SEQ, ACKNO, PSH | ACK, 37)));
        assertEquals(37, in.payloadLength);
        Packet rst = built(builder.tcpReset(in, true));
        assertArrayEquals(server, addr(rst, true), "from the destination");
        assertArrayEquals(client, addr(rst, false), "to the source");
        assertTrue(rst.isTcp());
        assertEquals(8080, rst.srcPort);
        assertEquals(40_000, rst.dstPort);
        assertEquals(RST | ACK, rst.tcpFlags);
        assertEquals(ACKNO, rst.tcpSeq, "seq = the ack the source sent");
        assertEquals((SEQ + 37) & 0xffffffffL, rst.tcpAck, "ack = seq + data, wrapping at 2^32");
        assertEquals(0, rst.payloadLength);
        assertEquals(20, rst.l4HeaderLength);
    }

    @Test
    void resetsTheSourceOfAnIpv4DataSegment() {
        resetToSourceOfDataSegment(CLIENT4, SERVER4);
    }

    @Test
    void resetsTheSourceOfAnIpv6DataSegment() {
        resetToSourceOfDataSegment(CLIENT6, SERVER6);
    }

    private void resetToDestination(byte[] client, byte[] server) {
        Packet in = decode(ip(client, server, 6, 0, tcp(40_000, 8080, SEQ, ACKNO, PSH | ACK, 37)));
        Packet rst = built(builder.tcpReset(in, false));
        assertArrayEquals(client, addr(rst, true), "spoofs the source");
        assertArrayEquals(server, addr(rst, false), "to the destination");
        assertEquals(40_000, rst.srcPort);
        assertEquals(8080, rst.dstPort);
        assertEquals(RST | ACK, rst.tcpFlags);
        assertEquals(SEQ, rst.tcpSeq, "the dropped segment's seq: what the destination expects next");
        assertEquals(ACKNO, rst.tcpAck);
    }

    @Test
    void resetsTheDestinationOfAnIpv4Segment() {
        resetToDestination(CLIENT4, SERVER4);
    }

    @Test
    void resetsTheDestinationOfAnIpv6Segment() {
        resetToDestination(CLIENT6, SERVER6);
    }

    @Test
    void aSynWithoutAckGetsSeqZeroAndItsSynAcknowledged() {
        for (byte[][] a : new byte[][][] {{CLIENT4, SERVER4}, {CLIENT6, SERVER6}}) {
            Packet in = decode(ip(a[0], a[1], 6, 0, tcp(40_001, 22, 1000, 0, SYN, 0)));
            Packet rst = built(builder.tcpReset(in, true));
            assertEquals(RST | ACK, rst.tcpFlags);
            assertEquals(0, rst.tcpSeq);
            assertEquals(1001, rst.tcpAck, "the SYN takes one sequence number");
            // Toward the listener, a reset without ACK (there is nothing to acknowledge).
            Packet toDst = built(builder.tcpReset(in, false));
            assertEquals(RST, toDst.tcpFlags);
            assertEquals(1000, toDst.tcpSeq);
        }
    }

    @Test
    void aFinCountsOneBeyondItsData() {
        Packet in = decode(ip(CLIENT4, SERVER4, 6, 0, tcp(40_002, 80, 5000, 9000, FIN | ACK, 5)));
        Packet rst = built(builder.tcpReset(in, true));
        assertEquals(9000, rst.tcpSeq);
        assertEquals(5006, rst.tcpAck);
    }

    @Test
    void aResetIsNeverAnsweredWithAReset() {
        Packet in = decode(ip(CLIENT4, SERVER4, 6, 0, tcp(40_003, 80, 5000, 9000, RST | ACK, 0)));
        assertEquals(0, builder.tcpReset(in, true));
        assertEquals(0, builder.tcpReset(in, false));
    }

    @Test
    void nonTcpGetsNoReset() {
        assertEquals(0, builder.tcpReset(decode(ip(CLIENT4, SERVER4, 17, 0, udp(1, 2, 3))), true));
    }

    // ---- ICMP unreachables ----

    @Test
    void udpOverIpv4GetsHostProhibitedQuotingThePacket() {
        byte[] orig = ip(CLIENT4, SERVER4, 17, 0, udp(40_000, 9090, 30));
        Packet icmp = built(builder.icmpUnreachable(decode(orig), true));
        assertArrayEquals(SERVER4, addr(icmp, true));
        assertArrayEquals(CLIENT4, addr(icmp, false));
        assertEquals(1, icmp.ipProto);
        assertEquals(3, icmp.icmpType);
        assertEquals(10, icmp.icmpCode);
        assertEquals(orig.length, icmp.payloadLength, "the whole (short) packet is quoted");
        assertArrayEquals(orig, Arrays.copyOfRange(icmp.frame.data, icmp.payloadOffset, icmp.payloadOffset + orig.length));
        // The checksum over the message verifies on its own too (odd quote length included).
        assertTrue(Checksum.verifies(Checksum.add(icmp.frame.data, icmp.l4Offset, icmp.ipTotalLength - 20, 0)));
    }

    @Test
    void udpOverIpv6GetsAdminProhibitedQuotingThePacket() {
        byte[] orig = ip(CLIENT6, SERVER6, 17, 0, udp(40_000, 9090, 31));
        Packet icmp = built(builder.icmpUnreachable(decode(orig), true));
        assertArrayEquals(SERVER6, addr(icmp, true));
        assertArrayEquals(CLIENT6, addr(icmp, false));
        assertEquals(58, icmp.ipProto);
        assertEquals(1, icmp.icmpType);
        assertEquals(1, icmp.icmpCode);
        assertEquals(orig.length, icmp.payloadLength);
        assertArrayEquals(orig, Arrays.copyOfRange(icmp.frame.data, icmp.payloadOffset, icmp.payloadOffset + orig.length));
    }

    @Test
    void theQuoteStopsAt576BytesForIpv4And1280ForIpv6() {
        byte[] big4 = ip(CLIENT4, SERVER4, 17, 0, udp(1, 2, 1400));
        int len4 = builder.icmpUnreachable(decode(big4), true);
        assertEquals(576, len4);
        Packet icmp4 = built(len4);
        assertArrayEquals(Arrays.copyOf(big4, 576 - 28),
                Arrays.copyOfRange(icmp4.frame.data, icmp4.payloadOffset, icmp4.payloadOffset + 576 - 28));
        int len6 = builder.icmpUnreachable(decode(ip(CLIENT6, SERVER6, 17, 0, udp(1, 2, 3000))), true);
        assertEquals(1280, len6);
        built(len6);
    }

    @Test
    void anEchoRequestGetsAnUnreachableButAnIcmpErrorNever() {
        assertTrue(builder.icmpUnreachable(decode(ip(CLIENT4, SERVER4, 1, 0, icmp(8, 0))), true) > 0);
        for (int type : new int[] {3, 4, 5, 11, 12}) {
            assertEquals(0, builder.icmpUnreachable(decode(ip(CLIENT4, SERVER4, 1, 0, icmp(type, 0))), true), "type " + type);
        }
        assertTrue(builder.icmpUnreachable(decode(ip(CLIENT6, SERVER6, 58, 0, icmp(128, 0))), true) > 0);
        for (int type : new int[] {1, 2, 3, 4, 100}) {
            assertEquals(0, builder.icmpUnreachable(decode(ip(CLIENT6, SERVER6, 58, 0, icmp(type, 0))), true), "type " + type);
        }
    }

    @Test
    void multicastBroadcastAndUnspecifiedAddressesGetNoIcmpError() {
        byte[][] bad4 = {{(byte) 224, 0, 0, (byte) 251}, {(byte) 255, (byte) 255, (byte) 255, (byte) 255}, {0, 0, 0, 0}};
        for (byte[] a : bad4) {
            assertEquals(0, builder.icmpUnreachable(decode(ip(CLIENT4, a, 17, 0, udp(1, 2, 3))), true));
            assertEquals(0, builder.icmpUnreachable(decode(ip(a, SERVER4, 17, 0, udp(1, 2, 3))), true));
        }
        byte[] allNodes = HexFormat.of().parseHex("ff020000000000000000000000000001");
        assertEquals(0, builder.icmpUnreachable(decode(ip(CLIENT6, allNodes, 17, 0, udp(1, 2, 3))), true));
        assertEquals(0, builder.icmpUnreachable(decode(ip(new byte[16], SERVER6, 17, 0, udp(1, 2, 3))), true));
    }

    @Test
    void onlyTheFirstFragmentGetsAnAnswer() {
        // MF set, offset 0: the first fragment, whose UDP header is there.
        Packet first = decode(ip(CLIENT4, SERVER4, 17, 0x2000, udp(1, 2, 16)));
        assertTrue(first.fragment);
        assertTrue(builder.icmpUnreachable(first, true) > 0);
        Packet later = decode(ip(CLIENT4, SERVER4, 17, 0x0003, new byte[24]));
        assertTrue(later.fragment);
        assertEquals(0, builder.icmpUnreachable(later, true));
        Packet laterTcp = decode(ip(CLIENT4, SERVER4, 6, 0x0003, new byte[24]));
        assertEquals(0, builder.tcpReset(laterTcp, true));
        assertEquals(0, builder.icmpUnreachable(laterTcp, true));
    }

    @Test
    void anUndecodedPacketGetsNothing() {
        Packet junk = decode(new byte[] {0x45, 0, 0});
        assertEquals(0, builder.tcpReset(junk, true));
        assertEquals(0, builder.icmpUnreachable(junk, true));
    }
}
