package dev.sluice.engine.decode;

import static dev.sluice.engine.decode.Pkt.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.capture.Frame;
import org.junit.jupiter.api.Test;

class UdpDecoderTest {
    @Test
    void decodesPortsAndPayload() {
        Packet p = decode(Frame.LINK_IPV4, ipv4(17, udp(5353, 53, ascii("query"))));
        assertEquals(0, p.events);
        assertTrue(p.isUdp());
        assertEquals(5353, p.srcPort);
        assertEquals(53, p.dstPort);
        assertEquals(8, p.l4HeaderLength);
        assertEquals("query", payload(p));
    }

    @Test
    void truncatedHeaderLeavesNoTransport() {
        byte[] ip = ipv4(17, hex("0035 0035 00"));
        Packet p = decode(Frame.LINK_IPV4, ip);
        assertTrue(p.hasEvent(DecodeEvent.UDP_TRUNCATED));
        assertFalse(p.isUdp());
    }

    @Test
    void lengthFieldShorterThanIpPayloadBoundsThePayload() {
        byte[] dgram = udp(1, 2, ascii("abcdef"));
        put16(dgram, 4, 8 + 3);
        // The builder's checksum covers all 14 bytes, not the 11 the length field claims.
        Packet p = decode(Frame.LINK_IPV4, ipv4(17, dgram), DecodeOptions.DEFAULT.withChecksums(false));
        assertEquals("abc", payload(p));
        assertEquals(0, p.events);
    }

    @Test
    void lengthFieldLongerThanIpPayloadIsFlaggedAndClipped() {
        byte[] dgram = udp(1, 2, ascii("abc"));
        put16(dgram, 4, 100);
        Packet p = decode(Frame.LINK_IPV4, ipv4(17, dgram));
        assertTrue(p.hasEvent(DecodeEvent.UDP_BAD_LENGTH));
        assertTrue(p.isUdp());
        assertEquals("abc", payload(p));
    }

    @Test
    void lengthFieldBelowHeaderIsFlagged() {
        byte[] dgram = udp(1, 2, ascii("abc"));
        put16(dgram, 4, 4);
        Packet p = decode(Frame.LINK_IPV4, ipv4(17, dgram));
        assertTrue(p.hasEvent(DecodeEvent.UDP_BAD_LENGTH));
        assertEquals("abc", payload(p));
    }

    @Test
    void zeroChecksumMeansNoneOverIpv4Only() {
        byte[] ip4 = ipv4(17, udp(1, 2, ascii("a")));
        put16(ip4, 26, 0);
        assertFalse(decode(Frame.LINK_IPV4, ip4).l4ChecksumBad);
        byte[] ip6 = ipv6(17, udp(1, 2, ascii("a")));
        put16(ip6, 46, 0);
        assertTrue(decode(Frame.LINK_IPV6, ip6).hasEvent(DecodeEvent.UDP_BAD_CHECKSUM));
    }

    @Test
    void badChecksumIsFlaggedButDecoded() {
        byte[] ip = ipv4(17, udp(1, 2, ascii("data")));
        ip[ip.length - 1] ^= 1;
        Packet p = decode(Frame.LINK_IPV4, ip);
        assertTrue(p.l4ChecksumBad);
        assertTrue(p.hasEvent(DecodeEvent.UDP_BAD_CHECKSUM));
        assertEquals(4, p.payloadLength);
    }
}
