package dev.sluice.engine.stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverlapPolicyTest {

    @Test
    void parsesConfigNamesAndAliases() {
        for (OverlapPolicy p : OverlapPolicy.values()) {
            assertEquals(p, OverlapPolicy.parse(p.configName()));
            assertEquals(p, OverlapPolicy.parse(p.name()));
        }
        assertEquals(OverlapPolicy.OLD_LINUX, OverlapPolicy.parse("old_linux"));
        assertEquals(OverlapPolicy.WINDOWS2K3, OverlapPolicy.parse("windows2003"));
        assertEquals(OverlapPolicy.HPUX11, OverlapPolicy.parse("HPUX"));
        assertEquals(OverlapPolicy.BSD_RIGHT, OverlapPolicy.parse("bsd-right"));
        assertThrows(IllegalArgumentException.class, () -> OverlapPolicy.parse("plan9"));
    }

    @Test
    void firstAndLastNeverDependOnGeometry() {
        for (long[] c : new long[][] {{0, 4, 2, 6}, {2, 6, 2, 6}, {3, 4, 2, 6}, {0, 9, 2, 6}}) {
            assertFalse(OverlapPolicy.FIRST.newWins(c[0], c[1], c[2], c[3]));
            assertTrue(OverlapPolicy.LAST.newWins(c[0], c[1], c[2], c[3]));
        }
    }

    @Test
    void bsdAndWindowsFavourTheSegmentThatStartsFirst() {
        for (OverlapPolicy p : new OverlapPolicy[] {OverlapPolicy.BSD, OverlapPolicy.WINDOWS}) {
            assertTrue(p.newWins(1, 5, 2, 6), p.toString());
            assertTrue(p.newWins(1, 9, 2, 6), p.toString());
            assertFalse(p.newWins(2, 9, 2, 6), p.toString());
            assertFalse(p.newWins(3, 9, 2, 6), p.toString());
        }
    }

    @Test
    void linuxAlsoTakesALongerSegmentAtTheSameStart() {
        assertTrue(OverlapPolicy.LINUX.newWins(2, 9, 2, 6));
        assertFalse(OverlapPolicy.LINUX.newWins(2, 6, 2, 6));
        assertTrue(OverlapPolicy.OLD_LINUX.newWins(2, 6, 2, 6));
        assertFalse(OverlapPolicy.LINUX.newWins(3, 9, 2, 6));
    }
}
