package dev.sluice.engine.decode;

import static dev.sluice.engine.decode.Pkt.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.capture.Frame;
import org.junit.jupiter.api.Test;

/** Link layers, VLAN/PPPoE/MPLS and tunnels: the innermost IP layer is what the packet describes. */
class DecoderTest {
    private static final byte[] UDP_IP4 = ipv4(17, udp(1111, 2222, ascii("inner")));
    private static final byte[] TCP_IP6 = ipv6(6, tcp(3333, 80, ascii("six")));

    @Test
    void decodesLinuxCookedV1AndV2() {
        byte[] sll = cat(hex("0000 0001 0006 020000000001 0000 0800"), UDP_IP4);
        Packet p = decode(Frame.LINK_LINUX_SLL, sll);
        assertEquals(16, p.ipOffset);
        assertEquals("inner", payload(p));

        byte[] sll2 = cat(hex("86dd 0000 00000002 0001 00 06 020000000001 0000"), TCP_IP6);
        Packet q = decode(Frame.LINK_LINUX_SLL2, sll2);
        assertEquals(20, q.ipOffset);
        assertEquals(6, q.ipVersion);
        assertEquals("six", payload(q));
    }

    @Test
    void decodesLoopbackFamilyInEitherByteOrder() {
        Packet le = decode(Frame.LINK_NULL, cat(hex("02000000"), UDP_IP4));
        assertEquals(4, le.ipVersion);
        Packet be = decode(Frame.LINK_LOOP, cat(hex("00000002"), UDP_IP4));
        assertEquals(4, be.ipVersion);
        for (String fam : new String[] {"18000000", "1c000000", "1e000000", "0000001e"}) {
            Packet v6 = decode(Frame.LINK_NULL, cat(hex(fam), TCP_IP6));
            assertEquals(6, v6.ipVersion, fam);
            assertTrue(v6.isTcp(), fam);
        }
        assertTrue(decode(Frame.LINK_NULL, cat(hex("07000000"), UDP_IP4)).hasEvent(DecodeEvent.UNSUPPORTED_L3));
        assertTrue(decode(Frame.LINK_NULL, hex("0200")).hasEvent(DecodeEvent.LINK_TRUNCATED));
    }

    @Test
    void decodesRawIpLinkTypes() {
        for (int lt : new int[] {Frame.LINK_RAW, 12, 14}) {
            assertEquals(4, decode(lt, UDP_IP4).ipVersion, "link " + lt);
            assertEquals(6, decode(lt, TCP_IP6).ipVersion, "link " + lt);
        }
        assertEquals(4, decode(Frame.LINK_IPV4, UDP_IP4).ipVersion);
        assertEquals(6, decode(Frame.LINK_IPV6, TCP_IP6).ipVersion);
    }

    @Test
    void unknownLinkTypeIsAnEvent() {
        Packet p = decode(147, UDP_IP4);
        assertTrue(p.hasEvent(DecodeEvent.LINK_UNKNOWN_TYPE));
        assertEquals(0, p.ipVersion);
    }

    @Test
    void truncatedEthernetIsAnEvent() {
        assertTrue(decodeEth(hex("0200000000020200")).hasEvent(DecodeEvent.LINK_TRUNCATED));
    }

    @Test
    void nonIpEthertypeIsQuiet() {
        Packet p = decodeEth(eth(0x0806, new byte[28]));
        assertEquals(0, p.events);
        assertEquals(0, p.ipVersion);
    }

    @Test
    void recordsUpToThreeVlanTags() {
        byte[] three = eth(0x88A8, vlan(100, 0x8100, vlan(0x2000 | 200, 0x9100, vlan(300, 0x0800, UDP_IP4))));
        Packet p = decodeEth(three);
        assertEquals(0, p.events);
        assertEquals(3, p.vlanCount);
        assertArrayEquals(new int[] {100, 200, 300}, p.vlanIds);
        assertEquals("inner", payload(p));

        byte[] four = eth(0x8100, vlan(1, 0x8100, vlan(2, 0x8100, vlan(3, 0x8100, vlan(4, 0x0800, UDP_IP4)))));
        Packet q = decodeEth(four);
        assertTrue(q.hasEvent(DecodeEvent.VLAN_TOO_MANY_LAYERS));
        assertEquals(0, q.ipVersion);

        assertTrue(decodeEth(eth(0x8100, hex("0064"))).hasEvent(DecodeEvent.VLAN_TRUNCATED));
    }

    @Test
    void decodesPppoeSession() {
        byte[] ppp = cat(hex("0021"), UDP_IP4);
        byte[] hdr = hex("1100 0001 0000");
        put16(hdr, 4, ppp.length);
        Packet p = decodeEth(eth(0x8864, cat(hdr, ppp)));
        assertEquals("inner", payload(p));
        assertTrue(decodeEth(eth(0x8864, hex("1100 0001 0200 0021"))).hasEvent(DecodeEvent.PPPOE_TRUNCATED));
    }

    @Test
    void decodesMplsLabelStack() {
        byte[] labels = hex("00010040 000211ff"); // second label has bottom-of-stack
        Packet p = decodeEth(eth(0x8847, cat(labels, TCP_IP6)));
        assertEquals(6, p.ipVersion);
        assertEquals("six", payload(p));
        assertTrue(decodeEth(eth(0x8847, hex("00010040"))).hasEvent(DecodeEvent.MPLS_TRUNCATED));
    }

    @Test
    void greCarryingIpv4DescribesTheInnerPacket() {
        byte[] gre = cat(hex("0000 0800"), UDP_IP4);
        byte[] outer = ipv4(47, gre);
        outer[15] = 99; // outer source 10.0.0.99
        put16(outer, 10, 0);
        put16(outer, 10, Checksum.compute(outer, 0, 20));
        Packet p = decodeEth(eth(0x0800, outer));
        assertEquals(0, p.events);
        assertEquals(14 + 20 + 4, p.ipOffset);
        assertEquals("10.0.0.1", src(p));
        assertEquals(17, p.ipProto);
        assertEquals(2222, p.dstPort);
        assertEquals("inner", payload(p));
    }

    @Test
    void greOptionalFieldsAndTransparentEthernet() {
        byte[] gre = cat(hex("b000 6558 00000000 0000002a 00000001"), eth(0x86DD, TCP_IP6)); // C K S
        Packet p = decodeEth(eth(0x0800, ipv4(47, gre)));
        assertEquals(6, p.ipVersion);
        assertEquals("six", payload(p));
    }

    @Test
    void greProblemsAreEvents() {
        Packet t = decodeEth(eth(0x0800, ipv4(47, hex("0000"))));
        assertTrue(t.hasEvent(DecodeEvent.GRE_TRUNCATED));
        assertEquals(4, t.ipVersion, "the outer packet stays decoded");
        assertEquals(47, t.ipProto);
        assertTrue(decodeEth(eth(0x0800, ipv4(47, hex("0003 0800 0000")))).hasEvent(DecodeEvent.GRE_UNSUPPORTED));
        assertTrue(decodeEth(eth(0x0800, ipv4(47, hex("3000 0800 0000")))).hasEvent(DecodeEvent.GRE_TRUNCATED));
    }

    @Test
    void greInnerFailureKeepsOuterPacket() {
        Packet p = decodeEth(eth(0x0800, ipv4(47, cat(hex("0000 0800"), hex("4500")))));
        assertTrue(p.hasEvent(DecodeEvent.IPV4_TRUNCATED));
        assertEquals(4, p.ipVersion);
        assertEquals("10.0.0.1", src(p));
    }

    @Test
    void decodesErspanTypeTwoWithItsVlan() {
        byte[] erspan = hex("1006 0006 00000014");
        byte[] gre = cat(hex("1000 88be 00000004"), erspan, eth(0x0800, UDP_IP4));
        Packet p = decodeEth(eth(0x0800, ipv4(47, gre)));
        assertEquals(1, p.vlanCount);
        assertEquals(6, p.vlanIds[0]);
        assertEquals("inner", payload(p));
        byte[] badVersion = cat(hex("1000 88be 00000004"), hex("3006 0006 00000014"), eth(0x0800, UDP_IP4));
        assertTrue(decodeEth(eth(0x0800, ipv4(47, badVersion))).hasEvent(DecodeEvent.ERSPAN_INVALID));
    }

    @Test
    void decodesErspanTypeOneAndThree() {
        byte[] typeOne = cat(hex("0000 88be"), eth(0x0800, UDP_IP4));
        assertEquals("inner", payload(decodeEth(eth(0x0800, ipv4(47, typeOne)))));
        byte[] typeThree = cat(hex("1000 22eb 00000001"), hex("2000 0000 00000000 0000 0001"), new byte[8],
                eth(0x0800, UDP_IP4));
        assertEquals("inner", payload(decodeEth(eth(0x0800, ipv4(47, typeThree)))));
    }

    @Test
    void decodesIpInIpBothWays() {
        Packet sixInFour = decode(Frame.LINK_IPV4, ipv4(41, TCP_IP6));
        assertEquals(6, sixInFour.ipVersion);
        assertEquals(20, sixInFour.ipOffset);
        assertEquals("six", payload(sixInFour));
        Packet fourInSix = decode(Frame.LINK_IPV6, ipv6(4, UDP_IP4));
        assertEquals(4, fourInSix.ipVersion);
        assertEquals(40, fourInSix.ipOffset);
        assertEquals("inner", payload(fourInSix));
    }

    @Test
    void stopsAfterTooManyEncapsulations() {
        byte[] pkt = UDP_IP4;
        for (int i = 0; i < Decoder.MAX_LAYERS + 2; i++) {
            pkt = ipv4(4, pkt);
        }
        Packet p = decode(Frame.LINK_IPV4, pkt);
        assertTrue(p.hasEvent(DecodeEvent.TOO_MANY_LAYERS));
        assertEquals(4, p.ipVersion);
        assertEquals(0, p.l4HeaderLength);
    }

    @Test
    void decodesTeredoWithAndWithoutOriginIndication() {
        Packet p = decode(Frame.LINK_IPV4, ipv4(17, udp(3544, 50000, TCP_IP6)));
        assertEquals(6, p.ipVersion);
        assertEquals(80, p.dstPort);
        byte[] origin = cat(hex("0000 1234 c0000201"), TCP_IP6);
        assertEquals(6, decode(Frame.LINK_IPV4, ipv4(17, udp(50000, 3544, origin))).ipVersion);
        // A length mismatch is not Teredo: the packet stays UDP.
        Packet q = decode(Frame.LINK_IPV4, ipv4(17, udp(3544, 50000, cat(TCP_IP6, hex("00")))));
        assertEquals(4, q.ipVersion);
        assertTrue(q.isUdp());
        Packet off = decode(Frame.LINK_IPV4, ipv4(17, udp(3544, 50000, TCP_IP6)), new DecodeOptions(true, false));
        assertEquals(4, off.ipVersion);
    }

    @Test
    void decodesVxlanAndGeneve() {
        byte[] vx = cat(hex("08000000 00001000"), eth(0x0800, UDP_IP4));
        Packet p = decode(Frame.LINK_IPV4, ipv4(17, udp(40000, 4789, vx)));
        assertEquals("inner", payload(p));
        assertEquals(1111, p.srcPort);
        byte[] gn = cat(hex("01006558 00000100 01020304"), eth(0x0800, UDP_IP4)); // one 4-byte option
        Packet g = decode(Frame.LINK_IPV4, ipv4(17, udp(40000, 6081, gn)));
        assertEquals("inner", payload(g));
    }
}
