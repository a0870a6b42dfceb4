package dev.sluice.engine.defrag;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverlapPolicyTest {
    /**
     * Old fragment [8, 24) against a new one; columns: new offset, new end, then whether the new
     * data wins under first, last, bsd, bsd-right, linux, windows, solaris.
     */
    @ParameterizedTest(name = "new [{0},{1})")
    @CsvSource({
        // starts before, ends inside
        "0, 16, F, T, T, F, T, F, F",
        // starts before, ends at the same place
        "0, 24, F, T, T, F, T, F, T",
        // starts before, ends after
        "0, 32, F, T, T, F, T, T, T",
        // same start, shorter / same / longer
        "8, 16, F, T, F, T, T, F, F",
        "8, 24, F, T, F, T, T, F, F",
        "8, 32, F, T, F, T, T, F, F",
        // starts inside
        "16, 24, F, T, F, T, F, F, F",
        "16, 32, F, T, F, T, F, F, F",
    })
    void newDataWinsAsTheTableSays(int newOff, int newEnd, char first, char last, char bsd, char bsdRight,
            char linux, char windows, char solaris) {
        char[] want = {first, last, bsd, bsdRight, linux, windows, solaris};
        OverlapPolicy[] ps = {OverlapPolicy.FIRST, OverlapPolicy.LAST, OverlapPolicy.BSD, OverlapPolicy.BSD_RIGHT,
            OverlapPolicy.LINUX, OverlapPolicy.WINDOWS, OverlapPolicy.SOLARIS};
        for (int i = 0; i < ps.length; i++) {
            assertEquals(want[i] == 'T', ps[i].newWins(8, 24, newOff, newEnd), ps[i].configName());
        }
    }

    @ParameterizedTest
    @CsvSource({"first,FIRST", "LAST,LAST", "bsd,BSD", "bsd-right,BSD_RIGHT", "bsd_right,BSD_RIGHT",
        "Linux,LINUX", "windows,WINDOWS", "solaris,SOLARIS"})
    void parsesConfigNames(String name, OverlapPolicy want) {
        assertEquals(want, OverlapPolicy.byName(name));
    }

    @ParameterizedTest
    @CsvSource({"vista", "''", "bsdright"})
    void unknownNameIsNull(String name) {
        assertNull(OverlapPolicy.byName(name));
    }
}
