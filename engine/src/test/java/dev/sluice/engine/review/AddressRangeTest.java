package dev.sluice.engine.review;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressRangeTest {
    @Test
    void ipv4BlocksMatchOnTheirPrefix() {
        AddressRange r = AddressRange.parse("--src", "10.1.0.0/15");    // 10.0.0.0 - 10.1.255.255
        assertTrue(r.contains("10.0.0.0"));
        assertTrue(r.contains("10.1.2.3"));
        assertFalse(r.contains("10.2.0.0"));
        assertFalse(r.contains("9.255.255.255"));
        assertTrue(AddressRange.parse("--src", "10.0.0.0/15").contains("10.1.255.255"));
        assertTrue(AddressRange.parse("--src", "0.0.0.0/0").contains("192.0.2.1"));
        assertTrue(AddressRange.parse("--src", "192.0.2.1").contains("192.0.2.1"));
        assertFalse(AddressRange.parse("--src", "192.0.2.1").contains("192.0.2.10"));
    }

    @Test
    void ipv6BlocksMatchWhateverTheSpelling() {
        AddressRange r = AddressRange.parse("--dst", "2001:db8::/32");
        assertTrue(r.contains("2001:db8:1::9"));
        assertTrue(r.contains("2001:0db8:0000:0000:0000:0000:0000:0001"));
        assertFalse(r.contains("2001:db9::1"));
        assertFalse(r.contains("10.0.0.1"));
        assertTrue(AddressRange.parse("--dst", "10.0.0.0/8").contains("::ffff:10.1.2.3"));
    }

    @Test
    void namesAndBadPrefixesAreRefusedNeverLookedUp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("--src", "localhost"));
        assertEquals("--src: 'localhost' is not an IPv4 or IPv6 address or CIDR block", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("--src", "10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("--src", "10.0.0/8"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("--src", "abc:example"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("--src", ".1:2"));
        assertFalse(AddressRange.parse("--src", "0.0.0.0/0").contains("not-an-address"));
    }
}
