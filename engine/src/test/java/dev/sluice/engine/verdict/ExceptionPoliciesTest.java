package dev.sluice.engine.verdict;

import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.SluiceConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** sluice.yaml's exception-policy keys: master switch, per-stage keys, auto, and bad values with their line. */
class ExceptionPoliciesTest {

    static SluiceConfig yaml(String text) throws ConfigException {
        return SluiceConfig.parse(text, "sluice.yaml", Path.of("."));
    }

    @Test
    void everyStageFailsOpenWhenNothingIsSet() throws Exception {
        ExceptionPolicies p = ExceptionPolicies.from(yaml("vars: {}\n"), true);
        for (ExceptionStage s : ExceptionStage.values()) {
            assertEquals(ExceptionPolicy.IGNORE, p.of(s), s.key);
        }
    }

    @Test
    void masterSwitchSetsEveryStageAndStageKeysWin() throws Exception {
        ExceptionPolicies p = ExceptionPolicies.from(yaml(String.join("\n",
                "exception-policy: drop-flow",
                "stream:",
                "  memcap-policy: pass-flow",
                "  reassembly:",
                "    memcap: 64mb",
                "    memcap-policy: bypass",
                "app-layer:",
                "  error-policy: ignore",
                "")), true);
        assertEquals(ExceptionPolicy.PASS_FLOW, p.of(ExceptionStage.STREAM_MEMCAP));
        assertEquals(ExceptionPolicy.BYPASS, p.of(ExceptionStage.STREAM_REASSEMBLY_MEMCAP));
        assertEquals(ExceptionPolicy.IGNORE, p.of(ExceptionStage.APP_LAYER_ERROR));
        assertEquals(ExceptionPolicy.DROP_FLOW, p.of(ExceptionStage.PROCESSING_ERROR));
        // no flow at these stages: drop-flow drops the packet
        assertEquals(ExceptionPolicy.DROP_PACKET, p.of(ExceptionStage.FLOW_MEMCAP));
        assertEquals(ExceptionPolicy.DROP_PACKET, p.of(ExceptionStage.DEFRAG_MEMCAP));
    }

    @Test
    void autoIsDropFlowInlineAndIgnoreOtherwise() throws Exception {
        SluiceConfig cfg = yaml("exception-policy: auto\ndefrag:\n  memcap-policy: pass-flow\n");
        ExceptionPolicies inline = ExceptionPolicies.from(cfg, true);
        assertEquals(ExceptionPolicy.DROP_FLOW, inline.of(ExceptionStage.STREAM_REASSEMBLY_MEMCAP));
        assertEquals(ExceptionPolicy.DROP_PACKET, inline.of(ExceptionStage.FLOW_MEMCAP));
        assertEquals(ExceptionPolicy.PASS_PACKET, inline.of(ExceptionStage.DEFRAG_MEMCAP));
        ExceptionPolicies ids = ExceptionPolicies.from(cfg, false);
        assertEquals(ExceptionPolicy.IGNORE, ids.of(ExceptionStage.STREAM_REASSEMBLY_MEMCAP));
        assertEquals(ExceptionPolicy.IGNORE, ids.of(ExceptionStage.FLOW_MEMCAP));
    }

    @Test
    void dropActionsAreIgnoreWhenNotInlineAndSaySo() throws Exception {
        SluiceConfig cfg = yaml("stream:\n  memcap-policy: drop-flow\ndefrag:\n  memcap-policy: reject\n"
                + "flow:\n  memcap-policy: pass-packet\n");
        ExceptionPolicies ids = ExceptionPolicies.from(cfg, false);
        assertEquals(ExceptionPolicy.IGNORE, ids.of(ExceptionStage.STREAM_MEMCAP));
        assertEquals(ExceptionPolicy.IGNORE, ids.of(ExceptionStage.DEFRAG_MEMCAP));
        assertEquals(ExceptionPolicy.PASS_PACKET, ids.of(ExceptionStage.FLOW_MEMCAP), "only drop actions change");
        assertEquals("note: not inline, so these drop policies act as ignore: stream.memcap-policy, defrag.memcap-policy",
                ids.notInlineNote());
        ExceptionPolicies inline = ExceptionPolicies.from(cfg, true);
        assertEquals(ExceptionPolicy.DROP_FLOW, inline.of(ExceptionStage.STREAM_MEMCAP));
        assertEquals(null, inline.notInlineNote());
        assertEquals(ExceptionPolicy.IGNORE, ExceptionPolicies.DEFAULT.with(ExceptionStage.STREAM_MEMCAP,
                ExceptionPolicy.REJECT).forInline(false).of(ExceptionStage.STREAM_MEMCAP));
    }

    @Test
    void midstreamPolicyIsRefusedWithItsLine() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ExceptionPolicies.from(yaml("vars: {}\nstream:\n  midstream: false\n  midstream-policy: drop-flow\n"), true));
        assertEquals("sluice.yaml:4: stream.midstream-policy is not supported", e.getMessage());
    }

    @Test
    void everyValueParsesAnyCase() {
        for (ExceptionPolicy p : ExceptionPolicy.values()) {
            assertEquals(p, ExceptionPolicy.parse(" " + p.word.toUpperCase() + " ", true));
        }
        assertEquals(null, ExceptionPolicy.parse("drop", true));
    }

    @Test
    void badValueIsReportedWithFileAndLine() throws Exception {
        SluiceConfig cfg = yaml(String.join("\n",
                "# comment",
                "stream:",
                "  reassembly:",
                "    memcap: 64mb",
                "  memcap: 32mb",
                "  memcap-policy: drop-everything",
                ""));
        ConfigException e = assertThrows(ConfigException.class, () -> ExceptionPolicies.from(cfg, true));
        assertEquals("sluice.yaml:6: stream.memcap-policy: expected one of ignore, pass-packet, pass-flow, bypass,"
                + " drop-packet, drop-flow, reject, auto, got 'drop-everything'", e.getMessage());
    }

    @Test
    void badNestedValueFindsItsOwnLineNotASiblingsChild() throws Exception {
        SluiceConfig cfg = yaml(String.join("\n",
                "stream:",
                "  reassembly:",
                "    memcap-policy: never",
                "  memcap-policy: ignore",
                ""));
        ConfigException e = assertThrows(ConfigException.class, () -> ExceptionPolicies.from(cfg, true));
        assertEquals("sluice.yaml:3: stream.reassembly.memcap-policy: expected one of ignore, pass-packet, pass-flow,"
                + " bypass, drop-packet, drop-flow, reject, auto, got 'never'", e.getMessage());
    }

    @Test
    void badMasterSwitchAndBadSetAreReportedWhereTheyCameFrom() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ExceptionPolicies.from(yaml("vars: {}\nexception-policy: [drop-flow]\n"), true));
        assertEquals("sluice.yaml:2: exception-policy: expected one of ignore, pass-packet, pass-flow, bypass,"
                + " drop-packet, drop-flow, reject, auto, got a list", e.getMessage());
        SluiceConfig cfg = yaml("vars: {}\n");
        cfg.applySet("defrag.memcap-policy=sometimes");
        e = assertThrows(ConfigException.class, () -> ExceptionPolicies.from(cfg, true));
        assertEquals("--set defrag.memcap-policy: defrag.memcap-policy: expected one of ignore, pass-packet, pass-flow,"
                + " bypass, drop-packet, drop-flow, reject, auto, got 'sometimes'", e.getMessage());
    }

    @Test
    void setOverridesTheFile() throws Exception {
        SluiceConfig cfg = yaml("flow:\n  memcap-policy: drop-packet\n");
        cfg.applySet("flow.memcap-policy=pass-packet");
        assertEquals(ExceptionPolicy.PASS_PACKET, ExceptionPolicies.from(cfg, true).of(ExceptionStage.FLOW_MEMCAP));
    }

    @Test
    void shippedConfigsFailOpenAndLeaveEveryStageToTheMasterSwitch() throws Exception {
        SluiceConfig bundled = SluiceConfig.defaults();
        SluiceConfig example = SluiceConfig.load(Path.of("..", "sluice.yaml"));
        for (SluiceConfig cfg : new SluiceConfig[] {bundled, example}) {
            ExceptionPolicies p = ExceptionPolicies.from(cfg, true);
            for (ExceptionStage s : ExceptionStage.values()) {
                assertEquals(ExceptionPolicy.IGNORE, p.of(s), s.key);
            }
            cfg.applySet("exception-policy=auto");
            p = ExceptionPolicies.from(cfg, true);
            assertEquals(ExceptionPolicy.DROP_FLOW, p.of(ExceptionStage.STREAM_REASSEMBLY_MEMCAP));
            assertEquals(ExceptionPolicy.DROP_FLOW, p.of(ExceptionStage.APP_LAYER_ERROR));
            assertEquals(ExceptionPolicy.DROP_PACKET, p.of(ExceptionStage.DEFRAG_MEMCAP));
        }
    }
}
