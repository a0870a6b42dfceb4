package dev.sluice.engine.decode;

import static dev.sluice.engine.decode.Pkt.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.capture.Frame;
import org.junit.jupiter.api.Test;

class TcpDecoderTest {
    private static final byte[] SYN_OPTS =
            hex("020405b4 0402 080a 00000064 000000c8 01 030307"); // MSS 1460, SACKOK, TS, NOP, WS 7

    @Test
    void decodesHeaderAndOptions() {
        Packet p = decode(Frame.LINK_IPV4, ipv4(6, tcp(1025, 22, 0x02, SYN_OPTS, new byte[0])));
        assertEquals(0, p.events);
        assertTrue(p.isTcp());
        assertEquals(1025, p.srcPort);
        assertEquals(22, p.dstPort);
        assertEquals(0xA0000001L, p.tcpSeq);
        assertEquals(0xB0000002L, p.tcpAck);
        assertEquals(0x02, p.tcpFlags);
        assertEquals(29200, p.tcpWindow);
        assertEquals(40, p.l4HeaderLength);
        assertEquals(1460, p.tcpMss);
        assertEquals(7, p.tcpWscale);
        assertTrue(p.tcpSackPermitted);
        assertTrue(p.tcpHasTimestamps);
        assertEquals(100, p.tcpTsVal);
        assertEquals(200, p.tcpTsEcr);
        assertEquals(0, p.payloadLength);
    }

    @Test
    void recordsSackBlocksAndAcceptsEmptySack() {
        byte[] sack = hex("0101 050a 00000010 00000020");
        Packet p = decode(Frame.LINK_IPV4, ipv4(6, tcp(1, 2, 0x10, sack, ascii("d"))));
        assertEquals(1, p.tcpSackBlocks);
        assertEquals(20 + 20 + 4, p.tcpSackOffset);
        Packet empty = decode(Frame.LINK_IPV4, ipv4(6, tcp(1, 2, 0x10, hex("0101 0502"), ascii("d"))));
        assertFalse(empty.hasEvent(DecodeEvent.TCP_OPT_INVALID));
        assertEquals(0, empty.tcpSackBlocks);
    }

    @Test
    void truncatedHeaderLeavesNoTransport() {
        byte[] seg = java.util.Arrays.copyOf(tcp(1, 2, new byte[0]), 19);
        Packet p = decode(Frame.LINK_IPV4, ipv4(6, seg));
        assertTrue(p.hasEvent(DecodeEvent.TCP_TRUNCATED));
        assertFalse(p.isTcp());
        assertEquals(0, p.payloadLength);
    }

    @Test
    void dataOffsetBelowFiveIsRefused() {
        byte[] seg = tcp(1, 2, ascii("abc"));
        seg[12] = 0x40;
        Packet p = decode(Frame.LINK_IPV4, ipv4(6, seg));
        assertTrue(p.hasEvent(DecodeEvent.TCP_HLEN_TOO_SMALL));
        assertEquals(0, p.l4HeaderLength);
        assertEquals(0, p.payloadLength);
    }

    @Test
    void dataOffsetBeyondSegmentIsTruncation() {
        byte[] seg = tcp(1, 2, ascii("abc"));
        seg[12] = (byte) 0xf0; // 60 bytes of header in a 23-byte segment
        Packet p = decode(Frame.LINK_IPV4, ipv4(6, seg));
        assertTrue(p.hasEvent(DecodeEvent.TCP_TRUNCATED));
        assertFalse(p.isTcp());
    }

    @Test
    void badOptionLengthIsFlaggedAndSegmentStillDecoded() {
        byte[] opts = hex("0203 05b4 0000 0000"); // MSS with length 3
        Packet p = decode(Frame.LINK_IPV4, ipv4(6, tcp(1, 2, 0x18, opts, ascii("body"))));
        assertTrue(p.hasEvent(DecodeEvent.TCP_OPT_INVALID));
        assertEquals(-1, p.tcpMss);
        assertTrue(p.isTcp());
        assertEquals("body", payload(p));

        Packet zero = decode(Frame.LINK_IPV4, ipv4(6, tcp(1, 2, 0x18, hex("0800 0000"), ascii("b"))));
        assertTrue(zero.hasEvent(DecodeEvent.TCP_OPT_INVALID));
        assertTrue(zero.isTcp());
    }

    @Test
    void badChecksumIsFlaggedButInspected() {
        byte[] ip = ipv4(6, tcp(1, 2, ascii("evil")));
        ip[ip.length - 1] ^= 0x20;
        Packet p = decode(Frame.LINK_IPV4, ip);
        assertTrue(p.l4ChecksumBad);
        assertTrue(p.hasEvent(DecodeEvent.TCP_BAD_CHECKSUM));
        assertEquals("eviL", payload(p));
        assertFalse(decode(Frame.LINK_IPV4, ip, DecodeOptions.forChecksumMode("none")).l4ChecksumBad);
    }

    @Test
    void verifiesChecksumOverIpv6PseudoHeader() {
        byte[] ip = ipv6(6, tcp(1, 2, ascii("six")));
        assertFalse(decode(Frame.LINK_IPV6, ip).l4ChecksumBad);
        ip[9] ^= 1; // source address changes the pseudo header
        Packet p = decode(Frame.LINK_IPV6, ip);
        assertTrue(p.hasEvent(DecodeEvent.TCP_BAD_CHECKSUM));
        assertTrue(p.isTcp());
    }
}
