package dev.sluice.engine.decode;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class IpAddrTest {
    @Test
    void formatsIpv4AsDottedQuad() {
        byte[] b = Pkt.hex("aa0a000001ffffff");
        assertEquals("10.0.0.1", IpAddr.format(b, 1, 4));
        assertEquals("1.255.255.255", IpAddr.format(b, 4, 4));
    }

    @Test
    void formatsIpv6FullyUncompressedLowerCase() {
        byte[] b = Pkt.hex("0020010DB8000000000000000000000001");
        assertEquals("2001:0db8:0000:0000:0000:0000:0000:0001", IpAddr.format(b, 1, 6));
    }

    @Test
    void outOfRangeGivesEmpty() {
        assertEquals("", IpAddr.format(new byte[3], 0, 4));
        assertEquals("", IpAddr.format(new byte[20], 8, 6));
        assertEquals("", IpAddr.format(new byte[20], 0, 0));
    }
}
