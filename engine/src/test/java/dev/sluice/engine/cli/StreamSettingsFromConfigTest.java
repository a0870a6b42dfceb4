package dev.sluice.engine.cli;

import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.SluiceConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stream section of sluice.yaml reaches the stream engine; --set overrides it; a bad value names its line. */
class StreamSettingsFromConfigTest {
    private static SluiceConfig yaml(String text) throws ConfigException {
        return SluiceConfig.parse(text, "sluice.yaml", Path.of("."));
    }

    @Test
    void appliesTheFilesStreamKeys() throws Exception {
        SluiceConfig cfg = yaml("stream:\n  bypass: yes\n  reassembly:\n    depth: 64kb\n");
        EngineSetup.Stages s = EngineSetup.stages(cfg, true, true);
        assertTrue(s.stream().bypass());
        assertEquals(64 << 10, s.stream().depth());
    }

    @Test
    void setOverridesTheFile() throws Exception {
        List<String> sets = List.of("stream.bypass=no", "stream.reassembly.depth=2mb");
        SluiceConfig cfg = yaml("stream:\n  bypass: yes\n  reassembly:\n    depth: 64kb\n");
        for (String s : sets) {
            cfg.applySet(s);
        }
        EngineSetup.Stages s = EngineSetup.stages(cfg, false, false);
        assertFalse(s.stream().bypass());
        assertEquals(2 << 20, s.stream().depth());
    }

    @Test
    void aBadValueInTheFileIsReportedAtItsLine() throws Exception {
        SluiceConfig cfg = yaml("# comment\nstream:\n  midstream: true\n  reassembly:\n    depth: 1mb\n  bypass: sometimes\n");
        ConfigException e = assertThrows(ConfigException.class, () -> EngineSetup.stages(cfg, true, true));
        assertEquals("sluice.yaml:6: stream.bypass: expected true or false, got 'sometimes'", e.getMessage());
        SluiceConfig depth = yaml("stream:\n  reassembly:\n    depth: deep\n");
        e = assertThrows(ConfigException.class, () -> EngineSetup.stages(depth, true, true));
        assertTrue(e.getMessage().startsWith("sluice.yaml:3: stream.reassembly.depth: "), e.getMessage());
    }
}
