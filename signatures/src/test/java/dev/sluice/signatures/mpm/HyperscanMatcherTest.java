package dev.sluice.signatures.mpm;

import static dev.sluice.signatures.mpm.MpmTestSupport.b;
import static dev.sluice.signatures.mpm.MpmTestSupport.found;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.gliwka.hyperscan.jni.hyperscan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hyperscan-specific behaviour: availability, compile errors, native lifetime. */
class HyperscanMatcherTest {

    @Test
    void isAvailableOnThisMachine() {
        assertTrue(Hyperscan.available(), () -> "Hyperscan unavailable: " + Hyperscan.unavailableReason());
        assertNull(Hyperscan.unavailableReason());
        assertNotNull(Hyperscan.version());
        assertTrue(Hyperscan.version().startsWith("5."), Hyperscan.version());
    }

    @Test
    void autoPicksHyperscanWhenItRuns() {
        try (MultiPatternMatcher m = new MpmBuilder().add(0, b("x"), false).build()) {
            assertEquals("hyperscan", m.algorithm());
        }
    }

    @Test
    void compileErrorNamesThePatternId() {
        MpmBuilder builder = new MpmBuilder().add(17, b("abc"), false).add(4, b("def"), false);
        // The literal API does not take HS_FLAG_UTF8, so Hyperscan rejects the first literal.
        MpmCompileException e = assertThrows(MpmCompileException.class,
                () -> builder.buildHyperscan(hyperscan.HS_FLAG_UTF8));
        assertEquals(17, e.patternId());
        assertTrue(e.getMessage().contains("pattern id 17"), e.getMessage());
    }

    @Test
    void freesNativeMemoryWhenMatcherAndLastScannerAreClosed() {
        HyperscanMatcher m = (HyperscanMatcher) new MpmBuilder().add(0, b("abc"), false).build("hyperscan");
        Scanner a = m.newScanner();
        Scanner c = m.newScanner();
        m.close();
        assertFalse(m.nativeFreed(), "open scanners still use the database");
        a.close();
        assertFalse(m.nativeFreed());
        assertArrayEquals(new int[] {0}, found(c, b("xabcx")));
        c.close();
        assertTrue(m.nativeFreed());
        m.close();
        c.close();
        assertTrue(m.nativeFreed());
    }

    @Test
    void freesAtOnceWhenNoScannerIsOpen() {
        HyperscanMatcher m = (HyperscanMatcher) new MpmBuilder().add(0, b("abc"), false).build("hyperscan");
        m.newScanner().close();
        assertFalse(m.nativeFreed());
        m.close();
        assertTrue(m.nativeFreed());
    }

    @Test
    void manyOpenScannersAllReportMatches() {
        // JavaCPP gives each callback object one of 256 native thunks and silently drops matches for
        // the rest; scanners share one callback, so any number of them can be open at once.
        try (MultiPatternMatcher m = new MpmBuilder().add(5, b("hit"), true).build("hyperscan")) {
            List<Scanner> scanners = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                scanners.add(m.newScanner());
            }
            for (Scanner s : scanners) {
                assertArrayEquals(new int[] {5}, found(s, b("a HIT b")));
            }
            scanners.forEach(Scanner::close);
        }
    }
}
