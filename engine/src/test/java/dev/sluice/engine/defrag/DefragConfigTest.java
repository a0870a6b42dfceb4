package dev.sluice.engine.defrag;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefragConfigTest {
    @Test
    void defaultsAreSuricatas() {
        DefragConfig c = DefragConfig.DEFAULTS;
        assertEquals(60, c.timeoutSeconds());
        assertEquals(65535, c.maxTrackers());
        assertEquals(32L * 1024 * 1024, c.memcapBytes());
        assertEquals(OverlapPolicy.BSD, c.policy());
    }

    @Test
    void knowsItsKeysOnly() {
        assertTrue(DefragConfig.knows("defrag.timeout"));
        assertTrue(DefragConfig.knows("defrag.trackers"));
        assertTrue(DefragConfig.knows("defrag.memcap"));
        assertTrue(DefragConfig.knows("defrag.policy"));
        assertFalse(DefragConfig.knows("defrag.max-frags"));
        assertFalse(DefragConfig.knows("flow.memcap"));
        assertSame(DefragConfig.DEFAULTS, DefragConfig.DEFAULTS.withSetting("flow.memcap", "1mb"));
    }

    @Test
    void appliesSettings() {
        DefragConfig c = DefragConfig.DEFAULTS
                .withSetting("defrag.timeout", "30")
                .withSetting("defrag.trackers", "1000")
                .withSetting("defrag.memcap", "64mb")
                .withSetting("defrag.policy", "linux");
        assertEquals(new DefragConfig(30, 1000, 64L << 20, OverlapPolicy.LINUX), c);
    }

    @ParameterizedTest
    @CsvSource({"32mb,33554432", "32MB,33554432", "32 mb,33554432", "1gb,1073741824", "64kb,65536", "512,512",
        "100b,100", "1.5kb,1536", "2m,2097152", "1GiB,1073741824"})
    void parsesSizes(String text, long bytes) {
        assertEquals(bytes, DefragConfig.DEFAULTS.withSetting("defrag.memcap", text).memcapBytes());
    }

    @ParameterizedTest
    @CsvSource({
        "defrag.memcap, 32tb",
        "defrag.memcap, lots",
        "defrag.memcap, 0",
        "defrag.memcap, ''",
        "defrag.timeout, 0",
        "defrag.timeout, 86401",
        "defrag.timeout, soon",
        "defrag.trackers, 0",
        "defrag.trackers, -5",
        "defrag.policy, vista",
    })
    void refusesBadValuesWithAOneLineReasonNamingTheKey(String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DefragConfig.DEFAULTS.withSetting(key, value));
        assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
