package dev.sluice.signatures.header;

import dev.sluice.signatures.vars.Variables;
import org.junit.jupiter.api.Test;

import static dev.sluice.signatures.header.AddressRelations.overlaps;
import static dev.sluice.signatures.header.AddressRelations.overlapsOutside;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Set overlap of compiled address expressions, as the engine uses it to admit rules to packet classes. */
class AddressRelationsTest {
    private final HeaderParser parser = new HeaderParser(Variables.defaults());

    private AddressMatcher a(String expr) throws Exception {
        return parser.address(expr);
    }

    @Test
    void anyOverlapsEverySetAndLiesOutsideEveryProperSet() throws Exception {
        AddressMatcher home = a("$HOME_NET");
        assertTrue(overlaps(AddressMatcher.ANY, home));
        assertTrue(overlaps(home, AddressMatcher.ANY));
        assertTrue(overlapsOutside(AddressMatcher.ANY, home));
        assertFalse(overlapsOutside(home, AddressMatcher.ANY), "nothing is outside any");
        assertFalse(overlapsOutside(AddressMatcher.ANY, AddressMatcher.ANY));
    }

    @Test
    void homeNetIsInsideItselfOnly() throws Exception {
        AddressMatcher home = a("$HOME_NET");
        assertTrue(overlaps(home, home));
        assertFalse(overlapsOutside(home, home));
        assertTrue(overlaps(a("10.1.2.0/24"), home));
        assertFalse(overlapsOutside(a("10.1.2.0/24"), home));
        assertTrue(overlaps(a("[192.168.1.1,8.8.8.8]"), home), "one of two inside");
        assertTrue(overlapsOutside(a("[192.168.1.1,8.8.8.8]"), home), "one of two outside");
        assertTrue(overlaps(a("0.0.0.0/0"), home));
        assertTrue(overlapsOutside(a("0.0.0.0/0"), home));
    }

    @Test
    void externalNetIsOutsideHomeOnly() throws Exception {
        AddressMatcher home = a("$HOME_NET");
        for (String ext : new String[] {"$EXTERNAL_NET", "!$HOME_NET"}) {
            AddressMatcher x = a(ext);
            assertFalse(overlaps(x, home), ext);
            assertFalse(overlaps(home, x), ext);
            assertTrue(overlapsOutside(x, home), ext);
            assertTrue(overlapsOutside(home, x), ext);
        }
    }

    @Test
    void disjointSetsDoNotOverlap() throws Exception {
        AddressMatcher x = a("[1.2.3.0/24,5.6.7.8]");
        AddressMatcher y = a("[9.9.9.9,1.2.4.0/24]");
        assertFalse(overlaps(x, y));
        assertFalse(overlaps(y, x));
        assertTrue(overlapsOutside(x, y));
        assertFalse(overlaps(a("8.8.8.8"), a("$HOME_NET")));
        assertTrue(overlapsOutside(a("8.8.8.8"), a("$HOME_NET")));
        // adjacent ranges touch at no address
        assertFalse(overlaps(a("10.0.0.0/25"), a("10.0.0.128/25")));
        assertTrue(overlaps(a("10.0.0.127"), a("10.0.0.0/25")));
    }

    @Test
    void ipv6IsSeparateFromIpv4() throws Exception {
        AddressMatcher home = a("$HOME_NET");
        AddressMatcher v6 = a("2001:db8::/32");
        assertFalse(overlaps(v6, home), "an IPv4 HOME_NET holds no IPv6 address");
        assertTrue(overlapsOutside(v6, home));
        AddressMatcher mixed = a("[10.0.0.0/8,2001:db8::/32]");
        assertTrue(overlaps(a("2001:db8:1::1"), mixed));
        assertFalse(overlapsOutside(a("2001:db8:1::/48"), mixed));
        assertTrue(overlapsOutside(a("2001:db9::1"), mixed));
        assertFalse(overlaps(a("2001:db9::1"), mixed));
        assertTrue(overlapsOutside(a("!2001:db8::/32"), mixed), "a negated v6 set holds every IPv4 address outside 10/8");
    }
}
