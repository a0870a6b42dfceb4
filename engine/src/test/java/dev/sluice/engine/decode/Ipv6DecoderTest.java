package dev.sluice.engine.decode;

import static dev.sluice.engine.decode.Pkt.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.capture.Frame;
import org.junit.jupiter.api.Test;

class Ipv6DecoderTest {
    @Test
    void decodesFixedHeader() {
        byte[] ip = ipv6(6, tcp(40000, 443, ascii("data")));
        Packet p = decodeEth(eth(0x86DD, ip));
        assertEquals(0, p.events);
        assertEquals(6, p.ipVersion);
        assertEquals(40, p.ipHeaderLength);
        assertEquals(ip.length, p.ipTotalLength);
        assertEquals("2001:0db8:0000:0000:0000:0000:0000:0001", src(p));
        assertEquals("2001:0db8:0000:0000:0000:0000:0000:00ff", dst(p));
        assertEquals(64, p.ttl);
        assertEquals(6, p.ipProto);
        assertTrue(p.isTcp());
        assertEquals("data", payload(p));
    }

    @Test
    void truncatedAndBadVersionStop() {
        byte[] ip = ipv6(17, udp(1, 2, new byte[0]));
        Packet p = decode(Frame.LINK_IPV6, java.util.Arrays.copyOf(ip, 39));
        assertTrue(p.hasEvent(DecodeEvent.IPV6_TRUNCATED));
        assertEquals(0, p.ipVersion);
        byte[] v4 = ip.clone();
        v4[0] = 0x40;
        assertTrue(decode(Frame.LINK_IPV6, v4).hasEvent(DecodeEvent.IPV6_BAD_VERSION));
    }

    @Test
    void payloadLengthBeyondCaptureIsClipped() {
        byte[] ip = ipv6(17, udp(1, 2, ascii("0123456789")));
        byte[] cut = java.util.Arrays.copyOf(ip, ip.length - 3);
        Packet p = decode(Frame.LINK_IPV6, cut);
        assertTrue(p.hasEvent(DecodeEvent.IPV6_TRUNC_PKT));
        assertEquals(cut.length, p.ipTotalLength);
        assertTrue(p.isUdp());
        assertFalse(p.hasEvent(DecodeEvent.UDP_BAD_LENGTH), "a cut datagram is not a bad length");
    }

    @Test
    void trailingLinkPaddingIsIgnored() {
        byte[] ip = ipv6(17, udp(1, 2, ascii("ab")));
        Packet p = decodeEth(cat(eth(0x86DD, ip), new byte[6]));
        assertEquals(2, p.payloadLength);
        assertEquals(0, p.events);
    }

    @Test
    void walksExtensionHeaders() {
        byte[] hbh = hex("3c00 0104 00000000"); // next 60, 8 bytes, PadN
        byte[] dst = hex("2b00 0104 00000000"); // next 43
        byte[] rt = hex("3300 0000 00000000"); // routing, next 51 (AH)
        byte[] ah = hex("0602 0000 00000001 00000002 00000000"); // next TCP, (2+2)*4 = 16 bytes
        byte[] seg = tcp(1, 2, ascii("p"));
        byte[] rest = cat(hbh, dst, rt, ah, seg);
        Packet p = decode(Frame.LINK_IPV6, ipv6(0, rest, 6, rest.length - seg.length));
        assertEquals(0, p.events);
        assertEquals(40 + 8 + 8 + 8 + 16, p.ipHeaderLength);
        assertEquals(6, p.ipProto);
        assertTrue(p.isTcp());
        assertEquals("p", payload(p));
    }

    @Test
    void truncatedExtensionHeaderRaisesEvent() {
        byte[] hbh = hex("0603 0104 00000000"); // claims 32 bytes, has 8
        Packet p = decode(Frame.LINK_IPV6, ipv6(0, hbh));
        assertTrue(p.hasEvent(DecodeEvent.IPV6_EXTHDR_TRUNCATED));
        assertEquals(0, p.l4HeaderLength);
    }

    @Test
    void firstFragmentDecodesTransport() {
        byte[] seg = tcp(5, 6, ascii("12345678"));
        byte[] frag = hex("06 00 0001 deadbeef"); // offset 0, M
        byte[] rest = cat(frag, seg);
        Packet p = decode(Frame.LINK_IPV6, ipv6(44, rest, 6, 8));
        assertTrue(p.fragment);
        assertEquals(0, p.fragOffset);
        assertEquals(0xdeadbeef, p.ipId);
        assertEquals(40, p.fragHeaderOffset);
        assertEquals(48, p.ipHeaderLength);
        assertTrue(p.isTcp());
        assertFalse(p.l4ChecksumBad);
    }

    @Test
    void laterFragmentIsPayloadOnly() {
        byte[] frag = hex("06 00 0018 00000007"); // offset 3 (x8), M clear
        Packet p = decode(Frame.LINK_IPV6, ipv6(44, cat(frag, ascii("rest"))));
        assertTrue(p.fragment);
        assertEquals(3, p.fragOffset);
        assertEquals(7, p.ipId);
        assertEquals(6, p.ipProto);
        assertEquals(0, p.l4HeaderLength);
        assertEquals("rest", payload(p));
    }

    @Test
    void atomicAndDuplicateFragmentHeadersAreFlagged() {
        byte[] fh1 = hex("2c 00 0000 0a00aaaa");
        byte[] fh2 = hex("3a 00 0000 0a00bbbb");
        byte[] echo = icmp(128, 0, 1, 2, ascii("x"));
        byte[] rest = cat(fh1, fh2, echo);
        Packet p = decode(Frame.LINK_IPV6, ipv6(44, rest, 58, 16));
        assertTrue(p.hasEvent(DecodeEvent.IPV6_EXTHDR_USELESS_FH));
        assertTrue(p.hasEvent(DecodeEvent.IPV6_EXTHDR_DUPL_FH));
        assertFalse(p.fragment, "an atomic fragment is a whole packet");
        assertEquals(128, p.icmpType);
    }

    @Test
    void oneByteAfterAnExtensionHeaderIsATruncatedChain() {
        // An atomic fragment header announcing TCP, then a single byte.
        byte[] fh = hex("06 00 0000 facef0e4");
        Packet p = decode(Frame.LINK_IPV6, ipv6(44, cat(fh, hex("00"))));
        assertTrue(p.hasEvent(DecodeEvent.IPV6_EXTHDR_USELESS_FH));
        assertTrue(p.hasEvent(DecodeEvent.IPV6_EXTHDR_TRUNCATED));
        // Two bytes are enough for the chain; the TCP decoder then judges its own header.
        Packet q = decode(Frame.LINK_IPV6, ipv6(44, cat(fh, hex("0000"))));
        assertFalse(q.hasEvent(DecodeEvent.IPV6_EXTHDR_TRUNCATED));
    }

    @Test
    void moreFragmentsWithOddLengthIsFlagged() {
        byte[] frag = hex("11 00 0001 00000001");
        Packet p = decode(Frame.LINK_IPV6, ipv6(44, cat(frag, ascii("12345"))));
        assertTrue(p.hasEvent(DecodeEvent.IPV6_FRAG_INVALID_LENGTH));
    }

    @Test
    void noNextHeaderHasNoTransport() {
        Packet p = decode(Frame.LINK_IPV6, ipv6(59, new byte[0]));
        assertEquals(59, p.ipProto);
        assertEquals(0, p.payloadLength);
        assertEquals(0, p.events);
    }

    @Test
    void jumboPayloadIsFlagged() {
        byte[] hbh = hex("11 00 c2 04 00010000"); // jumbo option
        byte[] dgram = udp(1, 2, ascii("jumbo"));
        byte[] ip = ipv6(0, cat(hbh, dgram));
        put16(ip, 4, 0);
        Packet p = decode(Frame.LINK_IPV6, ip);
        assertTrue(p.hasEvent(DecodeEvent.IPV6_JUMBO));
        assertEquals(ip.length, p.ipTotalLength);
        assertTrue(p.isUdp());
    }
}
