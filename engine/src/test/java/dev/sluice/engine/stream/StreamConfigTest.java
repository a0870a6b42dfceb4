package dev.sluice.engine.stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamConfigTest {

    @Test
    void defaultsMatchTheReferenceEngine() {
        StreamConfig c = StreamConfig.DEFAULTS;
        assertFalse(c.midstream());
        assertFalse(c.inline());
        assertEquals(1L << 20, c.depth());
        assertEquals(64L << 20, c.memcap());
        assertEquals(OverlapPolicy.BSD, c.policy());
        assertEquals(2048, c.lookback());
        assertTrue(c.skipAckedGaps());
    }

    @Test
    void settingsChangeTheirField() {
        StreamConfig c = StreamConfig.DEFAULTS
                .withSetting("stream.midstream", "true")
                .withSetting("stream.inline", "yes")
                .withSetting("stream.reassembly.depth", "512kb")
                .withSetting("stream.reassembly.memcap", "2 GB")
                .withSetting("stream.memcap", "1mb")
                .withSetting("stream.reassembly.policy", "old-linux")
                .withSetting("stream.reassembly.skip-acked-gaps", "no");
        assertTrue(c.midstream());
        assertTrue(c.inline());
        assertEquals(512L << 10, c.depth());
        assertEquals(2L << 30, c.memcap());
        assertEquals((1 << 20) / StreamConfig.SESSION_BYTES, c.maxSessions());
        assertEquals(OverlapPolicy.OLD_LINUX, c.policy());
        assertFalse(c.skipAckedGaps());
        assertEquals(0, c.withSetting("stream.reassembly.depth", "0").depth());
        assertEquals(1234, c.withSetting("stream.reassembly.depth", "1234").depth());
    }

    @Test
    void inlineAutoFollowsTheEngineMode() {
        StreamConfig auto = StreamConfig.DEFAULTS.withSetting("stream.inline", "auto");
        assertTrue(auto.inlineAuto());
        assertTrue(auto.resolveInline(true).inline());
        assertFalse(auto.resolveInline(false).inline());
        assertFalse(auto.resolveInline(true).inlineAuto());
        StreamConfig off = StreamConfig.DEFAULTS.withInline(false);
        assertFalse(off.resolveInline(true).inline(), "a definite setting stays");
    }

    @Test
    void knowsOnlyItsKeys() {
        assertTrue(StreamConfig.knows("stream.reassembly.depth"));
        assertTrue(StreamConfig.knows("stream.reassembly.policy"));
        assertTrue(StreamConfig.knows("stream.memcap"));
        assertFalse(StreamConfig.knows("stream.checksum-validation"));
        assertSame(StreamConfig.DEFAULTS, StreamConfig.DEFAULTS.withSetting("flow.max-flows", "3"));
    }

    @Test
    void bypassIsOffByDefaultAndTakesYesOrNo() {
        assertFalse(StreamConfig.DEFAULTS.bypass());
        assertTrue(StreamConfig.knows("stream.bypass"));
        assertTrue(StreamConfig.DEFAULTS.withSetting("stream.bypass", "yes").bypass());
        assertFalse(StreamConfig.DEFAULTS.withBypass(true).withSetting("stream.bypass", "no").bypass());
        assertTrue(StreamConfig.DEFAULTS.withBypass(true).withDepth(5).withInline(true).bypass(), "kept by the other withers");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StreamConfig.DEFAULTS.withSetting("stream.bypass", "sometimes"));
        assertTrue(e.getMessage().startsWith("stream.bypass: "), e.getMessage());
    }

    @Test
    void refusesBadValuesWithOneLineReasons() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StreamConfig.DEFAULTS.withSetting("stream.reassembly.depth", "lots"));
        assertTrue(e.getMessage().startsWith("stream.reassembly.depth: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertThrows(IllegalArgumentException.class, () -> StreamConfig.DEFAULTS.withSetting("stream.midstream", "maybe"));
        assertThrows(IllegalArgumentException.class, () -> StreamConfig.DEFAULTS.withSetting("stream.reassembly.memcap", "-1mb"));
        assertThrows(IllegalArgumentException.class, () -> StreamConfig.DEFAULTS.withSetting("stream.reassembly.depth", "3tb"));
        e = assertThrows(IllegalArgumentException.class,
                () -> StreamConfig.DEFAULTS.withSetting("stream.reassembly.policy", "beos"));
        assertTrue(e.getMessage().contains("beos"));
        assertThrows(IllegalArgumentException.class, () -> StreamConfig.DEFAULTS.withLookback(-1));
    }

    @Test
    void parsesSizes() {
        assertEquals(10, StreamConfig.parseSize("10"));
        assertEquals(10, StreamConfig.parseSize("10b"));
        assertEquals(3 << 10, StreamConfig.parseSize("3KiB"));
        assertEquals(1L << 20, StreamConfig.parseSize("1mb"));
        assertEquals(1L << 20, StreamConfig.parseSize(" 1 MB "));
        assertEquals(4L << 30, StreamConfig.parseSize("4g"));
        assertThrows(IllegalArgumentException.class, () -> StreamConfig.parseSize(""));
        assertThrows(IllegalArgumentException.class, () -> StreamConfig.parseSize("mb"));
        assertThrows(IllegalArgumentException.class, () -> StreamConfig.parseSize("99999999999999gb"));
    }
}
