package dev.sluice.engine.verdict;

import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.SluiceConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BypassMarkTest {
    @Test
    void setsTheMaskedBitsAndKeepsTheOthers() {
        BypassMark m = BypassMark.parse("0x20/0xf0");
        assertEquals(0x125, m.apply(0x105));
        assertEquals(0x125, m.apply(0x1f5));
        assertEquals(0x20, m.apply(0));
        assertTrue(m.carries(0x125));
        assertFalse(m.carries(0x115));
        assertEquals("0x20/0xf0", m.describe());
    }

    @Test
    void aMarkAloneIsItsOwnMask() {
        assertEquals(new BypassMark(2, 2), BypassMark.parse("2"));
        assertEquals(new BypassMark(0x80000000, 0x80000000), BypassMark.parse("0x80000000"));
    }

    @Test
    void refusesMarksThatCannotWork() {
        for (String bad : new String[] {"0", "3/0x6", "0x1/0", "0x100000000", "x", "-1", "1/"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BypassMark.parse(bad), bad);
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void readsNfqKeysAndNamesTheLineOfABadOne() throws Exception {
        SluiceConfig ok = SluiceConfig.parse("nfq:\n  bypass-mark: 0x4\n  bypass-mask: 0xc\n", "s.yaml", Path.of("."));
        assertEquals(new BypassMark(4, 0xc), BypassMark.fromConfig(ok));
        assertEquals(BypassMark.NONE, BypassMark.fromConfig(SluiceConfig.parse("nfq:\n  mode: accept\n", "s.yaml", Path.of("."))));
        SluiceConfig bad = SluiceConfig.parse("stream:\n  bypass: yes\nnfq:\n  mode: accept\n  bypass-mark: lots\n", "s.yaml",
                Path.of("."));
        ConfigException e = assertThrows(ConfigException.class, () -> BypassMark.fromConfig(bad));
        assertTrue(e.getMessage().startsWith("s.yaml:5: nfq.bypass-mark: "), e.getMessage());
        SluiceConfig outside = SluiceConfig.parse("nfq:\n  bypass-mark: 3\n  bypass-mask: 6\n", "s.yaml", Path.of("."));
        e = assertThrows(ConfigException.class, () -> BypassMark.fromConfig(outside));
        assertTrue(e.getMessage().startsWith("s.yaml:2: nfq.bypass-mark: bypass mark 0x3 has bits outside"), e.getMessage());
    }
}
