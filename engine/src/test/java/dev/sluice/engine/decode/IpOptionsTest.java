package dev.sluice.engine.decode;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class IpOptionsTest {
    @Test
    void mapsSuricataNamesToFixedBits() {
        String[] names = {"eol", "nop", "rr", "ts", "sec", "esec", "lsrr", "ssrr", "satid"};
        for (int i = 0; i < names.length; i++) {
            assertEquals(1L << i, IpOptions.bitFor(names[i]), names[i]);
        }
        assertEquals(0x3ffL, IpOptions.bitFor("any"));
        assertEquals(IpOptions.RR, IpOptions.bitFor(" RR "));
        assertEquals(0, IpOptions.bitFor("bogus"));
        assertEquals(0, IpOptions.bitFor(null));
    }

    @Test
    void mapsOptionTypesToTheSameBits() {
        int[] types = {0, 1, 7, 68, 130, 133, 131, 137, 136};
        for (int i = 0; i < types.length; i++) {
            assertEquals(1L << i, IpOptions.bitForType(types[i]), "type " + types[i]);
        }
        assertEquals(IpOptions.OTHER, IpOptions.bitForType(148));
    }
}
