package dev.sluice.engine.detect;

import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.signatures.Action;
import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.RuleLoader;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.SluiceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sluice.yaml's action-order: how it is read and refused, and the evaluation order it gives. */
class ActionOrderTest {
    private static final String RULES = String.join("\n",
            "alert tcp any any -> any any (msg:\"alert\"; content:\"x\"; sid:1;)",
            "pass tcp any any -> any any (msg:\"pass\"; content:\"x\"; sid:2;)",
            "drop tcp any any -> any any (msg:\"drop\"; content:\"x\"; sid:3;)",
            "rejectboth tcp any any -> any any (msg:\"reject\"; content:\"x\"; sid:4;)");

    private static SluiceConfig yaml(String text) throws ConfigException {
        return SluiceConfig.parse(text, "/etc/sluice/sluice.yaml", Path.of("/etc/sluice"));
    }

    private static ActionOrder order(String yaml) throws ConfigException {
        return ActionOrder.from(yaml(yaml));
    }

    /** Sids of the active rules in evaluation order, and what one packet carrying "x" gives. */
    private record Outcome(List<Long> order, List<Long> alerts, boolean passed) { }

    private static Outcome run(ActionOrder actionOrder) throws Exception {
        LoadContext ctx = SluiceConfig.defaults().newLoadContext();
        LoadResult r = new RuleLoader(ctx, KeywordTable.standard()).loadString(RULES, "t.rules");
        assertTrue(r.failures().isEmpty(), r.failures().toString());
        try (DetectEngine engine = DetectEngine.build(r.rules(), ctx.flowbits.size(), "java", actionOrder);
             DetectWorker worker = engine.newWorker()) {
            List<Long> order = new ArrayList<>();
            for (Rule rule : engine.rules()) {
                order.add(rule.sid);
            }
            Frame f = DetectWorkerTest.frame(6, "10.0.0.1", 1234, "10.0.0.2", 80, "x");
            Packet p = new Packet();
            p.reset(f, f.id);
            new Decoder(DecodeOptions.DEFAULT.withChecksums(false)).decode(p);
            worker.inspect(p, new FlowTable(FlowConfig.DEFAULTS.withMidstream(true)).lookup(p));
            List<Long> alerts = new ArrayList<>();
            for (int i = 0; i < worker.matchedCount(); i++) {
                alerts.add(worker.matched(i).sid);
            }
            return new Outcome(order, alerts, worker.passed());
        }
    }

    @Test
    void defaultOrderIsPassDropRejectAlert() throws Exception {
        assertSame(ActionOrder.DEFAULT, order("vars: {}\n"));
        assertEquals("[pass, drop, reject, alert]", ActionOrder.DEFAULT.toString());
        Outcome o = run(ActionOrder.DEFAULT);
        assertEquals(List.of(2L, 3L, 4L, 1L), o.order());
        assertEquals(List.of(), o.alerts(), "the pass rule comes first and stops evaluation");
        assertTrue(o.passed());
    }

    @Test
    void alertBeforePassFiresTheAlertThenStops() throws Exception {
        ActionOrder ao = order("action-order:\n  - alert\n  - pass\n  - drop\n  - reject\n");
        assertEquals("[alert, pass, drop, reject]", ao.toString());
        Outcome o = run(ao);
        assertEquals(List.of(1L, 2L, 3L, 4L), o.order());
        assertEquals(List.of(1L), o.alerts(), "the alert rule fires; the pass rule then stops the drop and reject rules");
        assertTrue(o.passed());
    }

    @Test
    void rejectVariantsSortAsReject() throws Exception {
        ActionOrder ao = order("action-order: [reject, drop, alert, pass]\n");
        for (Action a : new Action[] {Action.REJECT, Action.REJECTSRC, Action.REJECTDST, Action.REJECTBOTH}) {
            assertEquals(0, ao.rank(a), a.word);
        }
        assertEquals(1, ao.rank(Action.DROP));
        assertEquals(2, ao.rank(Action.ALERT));
        assertEquals(3, ao.rank(Action.PASS));
        Outcome o = run(ao);
        assertEquals(List.of(4L, 3L, 1L, 2L), o.order());
        assertEquals(List.of(4L, 3L, 1L), o.alerts(), "pass comes last: every other rule already fired");
        assertTrue(o.passed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alert,pass,drop,reject", "[alert, pass, drop, reject]", " Alert , PASS,drop ,reject"})
    void setTakesACommaSeparatedList(String value) throws Exception {
        SluiceConfig cfg = yaml("action-order: [pass, drop, reject, alert]\n");
        cfg.applySet("action-order=" + value);
        assertEquals("[alert, pass, drop, reject]", ActionOrder.from(cfg).toString());
    }

    @Test
    void refusesUnknownActionNamingTheConfigFile() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> order("action-order:\n  - pass\n  - drop\n  - rejectsrc\n  - alert\n"));
        assertEquals("/etc/sluice/sluice.yaml: action-order: 'rejectsrc' is not an action; "
                + "list pass, drop, reject and alert, each once", e.getMessage());
    }

    @Test
    void refusesAnActionListedTwice() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> order("action-order: [pass, drop, pass, alert]\n"));
        assertTrue(e.getMessage().startsWith("/etc/sluice/sluice.yaml: action-order: 'pass' is listed twice"),
                e.getMessage());
    }

    @Test
    void refusesAListMissingAnAction() {
        ConfigException e = assertThrows(ConfigException.class, () -> order("action-order: [alert, pass]\n"));
        assertTrue(e.getMessage().startsWith("/etc/sluice/sluice.yaml: action-order: missing drop, reject;"),
                e.getMessage());
        ConfigException empty = assertThrows(ConfigException.class, () -> order("action-order: []\n"));
        assertTrue(empty.getMessage().contains("missing pass, drop, reject, alert"), empty.getMessage());
        assertFalse(empty.getMessage().contains("\n"));
    }

    @Test
    void refusesAMappingInsteadOfAList() {
        ConfigException e = assertThrows(ConfigException.class, () -> order("action-order:\n  pass: 1\n"));
        assertTrue(e.getMessage().contains("missing pass, drop, reject, alert"), e.getMessage());
    }
}
