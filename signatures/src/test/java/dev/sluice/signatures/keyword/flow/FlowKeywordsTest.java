package dev.sluice.signatures.keyword.flow;

import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.ThresholdSpec;
import dev.sluice.signatures.header.Protocol;
import dev.sluice.signatures.match.DetectContext;
import dev.sluice.signatures.match.FakeFlow;
import dev.sluice.signatures.match.FakePacket;
import dev.sluice.signatures.match.RuleEval;
import org.junit.jupiter.api.Test;

import static dev.sluice.signatures.match.TestRules.load;
import static dev.sluice.signatures.match.TestRules.matches;
import static dev.sluice.signatures.match.TestRules.refusal;
import static dev.sluice.signatures.match.TestRules.rule;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowKeywordsTest {
    private static FakeFlow flow(boolean established, boolean toServer) {
        FakeFlow f = new FakeFlow();
        f.established = established;
        f.toServer = toServer;
        return f;
    }

    @Test
    void flowStateAndDirection() throws Exception {
        Rule r = rule("flow:established,to_server;");
        FakePacket p = FakePacket.tcp("x");
        assertTrue(matches(r, p, flow(true, true)));
        assertFalse(matches(r, p, flow(false, true)));
        assertFalse(matches(r, p, flow(true, false)));
        assertFalse(matches(r, p, null));
        assertTrue(matches(rule("flow:from_server;"), p, flow(false, false)));
        assertTrue(matches(rule("flow:not_established;"), p, flow(false, true)));
        assertTrue(matches(rule("flow:stateless;"), p, null));
        assertTrue(matches(rule("flow: to_client , established , no_stream;"), p, flow(true, false)));
    }

    @Test
    void flowFragOptions() throws Exception {
        FakePacket p = FakePacket.tcp("x");
        assertFalse(matches(rule("flow:only_frag;"), p));
        p.defragmented = true;
        assertTrue(matches(rule("flow:only_frag;"), p));
        assertFalse(matches(rule("flow:no_frag;"), p));
    }

    @Test
    void refusesConflictingFlowOptions() {
        assertEquals("flow: 'to_server' conflicts with 'to_client'", refusal("flow:to_client,to_server;"));
        assertTrue(refusal("flow:established,stateless;").contains("conflicts"));
        assertTrue(refusal("flow:only_stream,no_stream;").contains("conflicts"));
        assertTrue(refusal("flow:sideways;").contains("unknown option"));
    }

    @Test
    void flowbitsSetIssetUnsetToggle() throws Exception {
        LoadContext load = load();
        Rule set = rule(load, Protocol.TCP, "flowbits:set,a&b;");
        Rule unset = rule(load, Protocol.TCP, "flowbits:unset,a;");
        Rule toggle = rule(load, Protocol.TCP, "flowbits:toggle,b;");
        Rule isset = rule(load, Protocol.TCP, "flowbits:isset,a;");
        Rule anyOf = rule(load, Protocol.TCP, "flowbits:isset,x|b;");
        Rule allOf = rule(load, Protocol.TCP, "flowbits:isset,a&b;");
        Rule notset = rule(load, Protocol.TCP, "flowbits:isnotset,a;");
        FakeFlow f = new FakeFlow();
        DetectContext ctx = new DetectContext();
        ctx.reset(FakePacket.tcp("x"), f);
        assertFalse(RuleEval.matches(isset, ctx));
        assertTrue(RuleEval.matches(notset, ctx));
        RuleEval.afterMatch(set, ctx);
        assertTrue(RuleEval.matches(isset, ctx));
        assertTrue(RuleEval.matches(allOf, ctx));
        assertTrue(RuleEval.matches(anyOf, ctx));
        RuleEval.afterMatch(unset, ctx);
        assertFalse(RuleEval.matches(isset, ctx));
        assertFalse(RuleEval.matches(allOf, ctx));
        assertTrue(RuleEval.matches(anyOf, ctx));
        RuleEval.afterMatch(toggle, ctx);
        assertFalse(RuleEval.matches(anyOf, ctx));
        RuleEval.afterMatch(toggle, ctx);
        assertTrue(RuleEval.matches(anyOf, ctx));
        assertArrayEquals(new int[] {0, 1}, set.flowbitsWritten);
        assertArrayEquals(new int[] {load.flowbits.idOf("x"), 1}, anyOf.flowbitsRead);
    }

    @Test
    void flowbitsWithoutAFlow() throws Exception {
        assertFalse(matches(rule("flowbits:isset,a;"), FakePacket.tcp("x"), null));
        assertTrue(matches(rule("flowbits:isnotset,a;"), FakePacket.tcp("x"), null));
    }

    @Test
    void flowbitsNoalert() throws Exception {
        assertTrue(rule("flowbits:noalert;").noalert);
    }

    @Test
    void refusesBadFlowbits() {
        assertTrue(refusal("flowbits:set;").contains("needs a flowbit name"));
        assertTrue(refusal("flowbits:flip,a;").contains("unknown command"));
        assertTrue(refusal("flowbits:isset,a|b&c;").contains("can't mix"));
        assertTrue(refusal("flowbits:set,a|b;").contains("| list"));
        assertTrue(refusal("flowbits:noalert,a;").contains("no name"));
    }

    @Test
    void streamSize() throws Exception {
        FakeFlow f = new FakeFlow();
        f.serverBytes = 1000;
        f.clientBytes = 50;
        FakePacket p = FakePacket.tcp("x");
        assertTrue(matches(rule("stream_size:server,<,1111;"), p, f));
        assertTrue(matches(rule("stream_size:client, >,10;"), p, f));
        assertFalse(matches(rule("stream_size:both,>,100;"), p, f));
        assertTrue(matches(rule("stream_size:either,>,100;"), p, f));
        assertTrue(matches(rule("stream_size:client,!=,51;"), p, f));
        assertFalse(matches(rule("stream_size:server,<,1111;"), p, null));
        assertTrue(refusal("stream_size:middle,<,5;").contains("side"));
        assertTrue(refusal("stream_size:server,~,5;").contains("operator"));
    }

    @Test
    void thresholdAndDetectionFilter() throws Exception {
        assertEquals(new ThresholdSpec(ThresholdSpec.Kind.LIMIT, ThresholdSpec.Track.BY_SRC, 1, 60),
                rule("threshold: type limit, track by_src, seconds 60, count 1;").threshold);
        assertEquals(new ThresholdSpec(ThresholdSpec.Kind.BOTH, ThresholdSpec.Track.BY_FLOW, 3, 3600),
                rule("threshold:type both,track by_flow,count 3,seconds 3600;").threshold);
        assertEquals(new ThresholdSpec(ThresholdSpec.Kind.BACKOFF, ThresholdSpec.Track.BY_FLOW, 1, 0, 2),
                rule("threshold:type backoff, track by_flow, count 1, multiplier 2;").threshold);
        assertEquals(new ThresholdSpec(ThresholdSpec.Kind.DETECTION_FILTER, ThresholdSpec.Track.BY_DST, 4, 20),
                rule("detection_filter:track by_dst, count 4, seconds 20;").threshold);
    }

    @Test
    void refusesBadThresholds() {
        assertEquals("threshold is missing 'seconds'", refusal("threshold:type limit, track by_src, count 1;"));
        assertEquals("threshold is missing 'type'", refusal("threshold:track by_src, count 1, seconds 5;"));
        assertTrue(refusal("threshold:type sometimes, track by_src, count 1, seconds 5;").contains("unknown type"));
        assertTrue(refusal("threshold:type limit, track by_moon, count 1, seconds 5;").contains("unknown track"));
        assertTrue(refusal("threshold:type limit, track by_src, count x, seconds 5;").contains("not a number"));
        assertTrue(refusal("threshold:type backoff, track by_flow, count 1;").contains("multiplier"));
        assertTrue(refusal("detection_filter:type limit, track by_src, count 1, seconds 5;").contains("no 'type'"));
        assertTrue(refusal("threshold:type limit, track by_src, count 1, seconds 5; detection_filter:track by_src, count 1, seconds 5;")
                .contains("already"));
    }
}
