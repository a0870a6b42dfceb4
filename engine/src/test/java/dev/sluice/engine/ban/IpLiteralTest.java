package dev.sluice.engine.ban;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class IpLiteralTest {
    private static String canon(String s) {
        return IpLiteral.format(IpLiteral.parse(s));
    }

    @Test
    void addressesAreWrittenAsNftPrintsThem() {
        assertEquals("10.0.0.1", canon("10.0.0.1"));
        assertEquals("2001:db8::1", canon("2001:0db8:0000:0000:0000:0000:0000:0001"));
        assertEquals("::1", canon("::1"));
        assertEquals("::", canon("::"));
        assertEquals("fe80::", canon("fe80::"));
        assertEquals("2001:db8::1:0:0:1", canon("2001:db8:0:0:1:0:0:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", canon("2001:db8:0:1:1:1:1:1"));
        assertEquals("::ffff:c000:201", canon("::ffff:192.0.2.1"));
        assertEquals("fd78::1", canon("FD78::1"));
    }

    @Test
    void onlyLiteralsAreAddresses() {
        for (String bad : new String[] {"", "example.org", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1:2:3:4:5:6:7:8:9",
                "1::2::3", "12345::", ":1", "1:", "1.2.3.4/8", "fe80::1%eth0", "::1.2.3"}) {
            assertNull(IpLiteral.parse(bad), bad);
        }
    }
}
