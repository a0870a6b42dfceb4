package dev.sluice.engine.decode;

import static dev.sluice.engine.decode.Pkt.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.capture.Frame;
import org.junit.jupiter.api.Test;

class Ipv4DecoderTest {
    @Test
    void decodesHeaderFields() {
        byte[] ip = ipv4(6, tcp(1234, 80, ascii("hello")));
        Packet p = decodeEth(eth(0x0800, ip));
        assertEquals(0, p.events, "no events");
        assertEquals(4, p.ipVersion);
        assertEquals(14, p.ipOffset);
        assertEquals(20, p.ipHeaderLength);
        assertEquals(45, p.ipTotalLength);
        assertEquals("10.0.0.1", src(p));
        assertEquals("192.168.1.2", dst(p));
        assertEquals(6, p.ipProto);
        assertEquals(64, p.ttl);
        assertEquals(0x1234, p.ipId);
        assertEquals(0x10, p.tos);
        assertFalse(p.fragment);
        assertEquals("hello", payload(p));
    }

    @Test
    void payloadLengthComesFromTotalLengthNotFramePadding() {
        // TCP has no length of its own: only the IP total length can exclude the padding.
        byte[] ip = ipv4(6, tcp(53, 53, ascii("ab")));
        Packet p = decodeEth(cat(eth(0x0800, ip), new byte[20]));
        assertEquals(42, p.ipTotalLength);
        assertEquals(2, p.payloadLength);
        assertEquals(0, p.events);
    }

    @Test
    void truncatedHeaderRaisesEventAndStops() {
        byte[] ip = ipv4(6, tcp(1, 2, new byte[0]));
        Packet p = decode(Frame.LINK_RAW, java.util.Arrays.copyOf(ip, 19));
        assertTrue(p.hasEvent(DecodeEvent.IPV4_TRUNCATED));
        assertEquals(0, p.ipVersion);
    }

    @Test
    void refusesBadVersionAndShortIhl() {
        byte[] ip = ipv4(6, tcp(1, 2, new byte[0]));
        byte[] v5 = ip.clone();
        v5[0] = 0x55;
        assertTrue(decode(Frame.LINK_IPV4, v5).hasEvent(DecodeEvent.IPV4_BAD_VERSION));
        byte[] ihl4 = ip.clone();
        ihl4[0] = 0x44;
        Packet p = decode(Frame.LINK_IPV4, ihl4);
        assertTrue(p.hasEvent(DecodeEvent.IPV4_HLEN_TOO_SMALL));
        assertEquals(0, p.ipVersion);
    }

    @Test
    void totalLengthSmallerThanHeaderIsRefused() {
        byte[] ip = ipv4(6, tcp(1, 2, new byte[0]));
        put16(ip, 2, 19);
        Packet p = decode(Frame.LINK_IPV4, ip);
        assertTrue(p.hasEvent(DecodeEvent.IPV4_IPLEN_SMALLER_THAN_HLEN));
        assertEquals(0, p.ipVersion);
    }

    @Test
    void totalLengthBeyondCaptureIsClippedAndFlagged() {
        byte[] ip = ipv4(6, tcp(1, 2, ascii("0123456789")));
        byte[] cut = java.util.Arrays.copyOf(ip, ip.length - 4);
        Packet p = decode(Frame.LINK_IPV4, cut);
        assertTrue(p.hasEvent(DecodeEvent.IPV4_TRUNC_PKT));
        assertEquals(cut.length, p.ipTotalLength);
        assertTrue(p.isTcp());
        assertEquals("012345", payload(p));
        assertFalse(p.l4ChecksumBad, "a cut segment cannot be checked");
    }

    @Test
    void badHeaderChecksumIsFlaggedButDecoded() {
        byte[] ip = ipv4(6, tcp(1, 2, ascii("x")));
        ip[10] ^= 0x01;
        Packet p = decode(Frame.LINK_IPV4, ip);
        assertTrue(p.ipChecksumBad);
        assertTrue(p.hasEvent(DecodeEvent.IPV4_BAD_CHECKSUM));
        assertTrue(p.isTcp());
        assertEquals("x", payload(p));

        Packet q = decode(Frame.LINK_IPV4, ip, DecodeOptions.DEFAULT.withChecksums(false));
        assertFalse(q.ipChecksumBad);
        assertEquals(0, q.events);
    }

    @Test
    void firstFragmentDecodesTransportHeader() {
        byte[] seg = tcp(1000, 80, ascii("ABCDEFGH"));
        byte[] ip = ipv4(6, new byte[0], 0x2000, seg); // MF
        Packet p = decode(Frame.LINK_IPV4, ip);
        assertTrue(p.fragment);
        assertEquals(1, p.ipFlags);
        assertEquals(0, p.fragOffset);
        assertTrue(p.isTcp());
        assertEquals(80, p.dstPort);
        assertFalse(p.l4ChecksumBad);
        assertEquals(0, p.events);
    }

    @Test
    void tinyFirstFragmentCutsTheTransportHeaderQuietly() {
        byte[] seg = java.util.Arrays.copyOf(tcp(1000, 80, new byte[0]), 8);
        Packet p = decode(Frame.LINK_IPV4, ipv4(6, new byte[0], 0x2000, seg));
        assertTrue(p.fragment);
        assertFalse(p.isTcp());
        assertEquals(0, p.events, "a first fragment may end inside the TCP header");
    }

    @Test
    void laterFragmentIsPayloadOnly() {
        byte[] ip = ipv4(6, new byte[0], 0x0003, ascii("tail-of-data")); // offset 3*8
        Packet p = decode(Frame.LINK_IPV4, ip);
        assertTrue(p.fragment);
        assertEquals(3, p.fragOffset);
        assertEquals(0, p.l4HeaderLength);
        assertFalse(p.isTcp());
        assertEquals(20, p.payloadOffset);
        assertEquals("tail-of-data", payload(p));
    }

    @Test
    void recordsOptionsInTheFixedBitLayout() {
        // NOP, RR (len 7), timestamp (len 8), EOL, padding
        byte[] opts = hex("01 07 07 04 00000000 44 08 05 00 00000000 00 000000");
        Packet p = decode(Frame.LINK_IPV4, ipv4(17, opts, 0, udp(1, 2, new byte[0])));
        assertEquals(IpOptions.NOP | IpOptions.RR | IpOptions.TS | IpOptions.EOL, p.ipOptions);
        assertEquals(40, p.ipHeaderLength);
        assertTrue(p.isUdp());
        assertEquals(0, p.events);
    }

    @Test
    void badOptionLengthRaisesEventButKeepsDecoding() {
        byte[] opts = hex("07 09 04 00"); // RR claims 9 bytes in a 4-byte option area
        Packet p = decode(Frame.LINK_IPV4, ipv4(17, opts, 0, udp(1, 2, ascii("z"))));
        assertTrue(p.hasEvent(DecodeEvent.IPV4_OPT_INVALID));
        assertTrue(p.isUdp());
        assertEquals("z", payload(p));
    }

    @Test
    void unknownOptionMapsToOtherBit() {
        byte[] opts = hex("5e 04 0000");
        Packet p = decode(Frame.LINK_IPV4, ipv4(17, opts, 0, udp(1, 2, new byte[0])));
        assertEquals(IpOptions.OTHER, p.ipOptions);
    }

    @Test
    void otherProtocolsExposeTheIpPayload() {
        Packet p = decode(Frame.LINK_IPV4, ipv4(132, ascii("sctp-ish")));
        assertEquals(132, p.ipProto);
        assertEquals("sctp-ish", payload(p));
        assertEquals(0, p.l4HeaderLength);
    }
}
