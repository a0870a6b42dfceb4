package dev.sluice.signatures.mpm;

import static dev.sluice.signatures.mpm.MpmTestSupport.b;
import static dev.sluice.signatures.mpm.MpmTestSupport.found;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MpmBuilderTest {

    @Test
    void refusesEmptyLiteral() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MpmBuilder().add(3, new byte[0], false));
        assertTrue(e.getMessage().contains("pattern id 3"), e.getMessage());
    }

    @Test
    void refusesNegativeOrHugeId() {
        assertThrows(IllegalArgumentException.class, () -> new MpmBuilder().add(-1, b("a"), false));
        assertThrows(IllegalArgumentException.class, () -> new MpmBuilder().add(MpmBuilder.MAX_ID + 1, b("a"), false));
    }

    @Test
    void refusesUnknownAlgorithm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MpmBuilder().build("ac-ks"));
        assertTrue(e.getMessage().contains("ac-ks"), e.getMessage());
    }

    @Test
    void javaAlgorithmBuildsTheJavaMatcher() {
        try (MultiPatternMatcher m = new MpmBuilder().add(0, b("a"), false).build("java")) {
            assertEquals("java", m.algorithm());
        }
    }

    @Test
    void copiesLiteralsSoLaterChangesDoNotLeakIn() {
        byte[] lit = b("abc");
        MpmBuilder builder = new MpmBuilder().add(0, lit, false);
        lit[0] = 'z';
        for (String algo : new String[] {"hyperscan", "java"}) {
            try (MultiPatternMatcher m = builder.build(algo); Scanner s = m.newScanner()) {
                assertArrayEquals(new int[] {0}, found(s, b("abc")), algo);
                assertArrayEquals(new int[] {}, found(s, b("zbc")), algo);
            }
        }
    }

    @Test
    void countsAddedLiterals() {
        MpmBuilder builder = new MpmBuilder();
        for (int i = 0; i < 40; i++) {
            builder.add(i % 7, b("p" + i), i % 2 == 0);
        }
        assertEquals(40, builder.size());
        try (MultiPatternMatcher m = builder.build("java")) {
            assertEquals(40, m.patternCount());
        }
    }
}
