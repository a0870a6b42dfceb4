package dev.sluice.engine.cli;

import dev.sluice.engine.defrag.DefragConfig;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.stream.StreamConfig;
import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.SluiceConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stage limits (flow table, stream and defrag memcaps) come from sluice.yaml and --set; bad ones name their line. */
class StageSettingsTest {

    static SluiceConfig yaml(String text) throws ConfigException {
        return SluiceConfig.parse(text, "sluice.yaml", Path.of("."));
    }

    @Test
    void limitsInTheFileAreApplied() throws Exception {
        SluiceConfig cfg = yaml(String.join("\n",
                "flow:",
                "  max-flows: 1000",
                "stream:",
                "  memcap: 1mb",
                "  reassembly:",
                "    memcap: 2mb",
                "    depth: 0",
                "defrag:",
                "  trackers: 300",
                "  memcap: 4mb",
                ""));
        EngineSetup.Stages s = EngineSetup.stages(cfg, true, false);
        assertEquals(1000, s.flow().maxFlows());
        assertEquals(2 << 20, s.stream().memcap());
        assertEquals((1 << 20) / StreamConfig.SESSION_BYTES, s.stream().maxSessions());
        assertEquals(0, s.stream().depth());
        assertEquals(300, s.defrag().maxTrackers());
        assertEquals(4 << 20, s.defrag().memcapBytes());
        assertTrue(s.stream().inline());
    }

    @Test
    void setWinsOverTheFileAndDefaultsStayOtherwise() throws Exception {
        SluiceConfig cfg = yaml("flow:\n  max-flows: 1000\n");
        cfg.applySet("flow.max-flows=2000");
        EngineSetup.Stages s = EngineSetup.stages(cfg, false, false);
        assertEquals(2000, s.flow().maxFlows());
        assertEquals(DefragConfig.DEFAULTS, s.defrag());
        assertEquals(FlowConfig.DEFAULTS.newTimeout(), s.flow().newTimeout());
    }

    @Test
    void badLimitInTheFileIsReportedWithItsLine() throws Exception {
        SluiceConfig cfg = yaml("vars: {}\nstream:\n  reassembly:\n    memcap: lots\n");
        ConfigException e = assertThrows(ConfigException.class, () -> EngineSetup.stages(cfg, true, false));
        assertEquals("sluice.yaml:4: stream.reassembly.memcap: expected a size like 1mb, got 'lots'", e.getMessage());
        SluiceConfig zero = yaml("flow:\n  max-flows: 0\n");
        e = assertThrows(ConfigException.class, () -> EngineSetup.stages(zero, true, false));
        assertEquals("sluice.yaml:2: flow.max-flows: max flows must be at least 1, got 0", e.getMessage());
    }

    @Test
    void shippedConfigsGiveTheDefaultLimits() throws Exception {
        for (SluiceConfig cfg : new SluiceConfig[] {SluiceConfig.defaults(), SluiceConfig.load(Path.of("..", "sluice.yaml"))}) {
            EngineSetup.Stages s = EngineSetup.stages(cfg, false, false);
            assertEquals(FlowConfig.DEFAULTS, s.flow());
            assertEquals(DefragConfig.DEFAULTS, s.defrag());
            assertEquals(StreamConfig.DEFAULTS, s.stream());
        }
    }
}
