package dev.sluice.engine.decode;

import static dev.sluice.engine.decode.Pkt.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.capture.Frame;
import org.junit.jupiter.api.Test;

class IcmpDecoderTest {
    @Test
    void icmpv4EchoHasIdAndSequence() {
        Packet p = decode(Frame.LINK_IPV4, ipv4(1, icmp(8, 0, 0x4242, 7, ascii("ping"))));
        assertEquals(0, p.events);
        assertEquals(8, p.icmpType);
        assertEquals(0, p.icmpCode);
        assertEquals(0x4242, p.icmpId);
        assertEquals(7, p.icmpSeq);
        assertEquals("ping", payload(p));
    }

    @Test
    void icmpv4ErrorHasNoEchoFields() {
        Packet p = decode(Frame.LINK_IPV4, ipv4(1, icmp(3, 1, 0, 0, new byte[28])));
        assertEquals(3, p.icmpType);
        assertEquals(1, p.icmpCode);
        assertEquals(-1, p.icmpId);
        assertEquals(-1, p.icmpSeq);
    }

    @Test
    void icmpv4TruncatedAndBadChecksum() {
        Packet t = decode(Frame.LINK_IPV4, ipv4(1, hex("0800f7ff")));
        assertTrue(t.hasEvent(DecodeEvent.ICMPV4_TRUNCATED));
        assertEquals(-1, t.icmpType);

        byte[] ip = ipv4(1, icmp(0, 0, 1, 1, ascii("pong")));
        ip[ip.length - 1] ^= 1;
        Packet p = decode(Frame.LINK_IPV4, ip);
        assertTrue(p.hasEvent(DecodeEvent.ICMPV4_BAD_CHECKSUM));
        assertTrue(p.l4ChecksumBad);
        assertEquals(0, p.icmpType);
        assertEquals(1, p.icmpId);
    }

    @Test
    void icmpv6EchoAndPseudoHeaderChecksum() {
        byte[] ip = ipv6(58, icmp(129, 0, 9, 10, ascii("v6")));
        Packet p = decode(Frame.LINK_IPV6, ip);
        assertEquals(0, p.events);
        assertEquals(129, p.icmpType);
        assertEquals(9, p.icmpId);
        assertEquals(10, p.icmpSeq);
        assertEquals("v6", payload(p));

        ip[30] ^= 1; // destination address: only the pseudo header changes
        Packet bad = decode(Frame.LINK_IPV6, ip);
        assertTrue(bad.hasEvent(DecodeEvent.ICMPV6_BAD_CHECKSUM));
        assertEquals(129, bad.icmpType);
    }

    @Test
    void icmpv6TruncatedAndNonEcho() {
        assertTrue(decode(Frame.LINK_IPV6, ipv6(58, hex("8000"))).hasEvent(DecodeEvent.ICMPV6_TRUNCATED));
        Packet p = decode(Frame.LINK_IPV6, ipv6(58, icmp(2, 0, 0, 1280, new byte[40])));
        assertEquals(2, p.icmpType);
        assertEquals(-1, p.icmpId);
    }

    @Test
    void crossVersionIcmpIsFlagged() {
        assertTrue(decode(Frame.LINK_IPV4, ipv4(58, icmp(128, 0, 1, 1, new byte[0])))
                .hasEvent(DecodeEvent.IPV4_WITH_ICMPV6));
        assertTrue(decode(Frame.LINK_IPV6, ipv6(1, icmp(8, 0, 1, 1, new byte[0])))
                .hasEvent(DecodeEvent.IPV6_WITH_ICMPV4));
    }
}
