package dev.sluice.signatures.mpm;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A block scan Hyperscan's literal API fails with HS_UNKNOWN_ERROR is done by the Java automaton instead. */
class HyperscanUnknownErrorTest {
    private static int[] sorted(Scanner s, byte[] data, int len) {
        int n = s.scan(data, 1, len);
        int[] h = Arrays.copyOf(s.hits(), n);
        Arrays.sort(h);
        return h;
    }

    @Test
    void scanHyperscanFailsIsRepeatedByTheJavaAutomaton() {
        // Found in ET Open's bound fast patterns: three zero bytes beside a long case-insensitive
        // literal; Hyperscan 5.4 fails block scans of 4 to 32 zero bytes with HS_UNKNOWN_ERROR
        // (as intel/hyperscan#303, #353 report for other literal sets).
        MpmBuilder b = new MpmBuilder()
                .add(0, new byte[3], false)
                .add(1, java.util.HexFormat.of().parseHex("7476717161616d6161616165616161612f2f3861616c6761616161616161616171"
                        + "61616161616161616161616161616161616161616161616161616161616161616161616161616161616161"), true);
        try (MultiPatternMatcher hs = b.build("hyperscan"); MultiPatternMatcher java = b.build("java");
             Scanner h = hs.newScanner(); Scanner j = java.newScanner()) {
            for (int len : new int[] {1, 3, 4, 8, 16, 32, 64, 100}) {
                byte[] data = new byte[len + 2];
                data[0] = 'x';
                assertArrayEquals(sorted(j, data, len), sorted(h, data, len), "length " + len);
            }
            assertArrayEquals(new int[] {0}, sorted(h, new byte[10], 8));
            assertTrue(((HyperscanMatcher.HsScanner) h).fallbackScans() > 0, "Hyperscan failed some of these scans");
        }
    }
}
