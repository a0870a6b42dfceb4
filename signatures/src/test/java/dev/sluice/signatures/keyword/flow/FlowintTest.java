package dev.sluice.signatures.keyword.flow;

import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.Rule;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowintTest {
    private final LoadContext load = load();
    private final FakeFlow flow = new FakeFlow();
    private final FakePacket packet = FakePacket.tcp("abc");

    private Rule r(String options) throws Exception {
        return rule(load, Protocol.TCP, options);
    }

    private int id(String name) {
        return load.flowints.idOf(name);
    }

    /** Runs the rule as the engine does: body, then its post-match actions when it matched. */
    private boolean fire(Rule rule) {
        DetectContext ctx = new DetectContext();
        ctx.reset(packet, flow);
        if (!RuleEval.matches(rule, ctx)) {
            return false;
        }
        RuleEval.afterMatch(rule, ctx);
        return true;
    }

    @Test
    void parsesEveryOperator() throws Exception {
        for (String op : new String[] {"=", "+", "-", "==", "!=", "<", "<=", ">", ">="}) {
            r("flowint: cnt , " + op + " , 5;");
            r("flowint:cnt," + op + ",other;");
        }
        r("flowint:cnt,isset;");
        r("flowint:cnt,notset;");
        r("flowint:cnt,isnotset;");
        r("flowint: ET.infostealer.dll.download, +, 1;");
        r("flowint:cnt,=,4294967295;");
    }

    @Test
    void refusesBadSyntaxWithOneLineReasons() {
        assertTrue(refusal("flowint:cnt;").contains("expected name,operator"));
        assertTrue(refusal("flowint:cnt,+,1,2;").contains("expected name,operator"));
        assertTrue(refusal("flowint:cnt,*,1;").contains("unknown operator '*'"));
        assertTrue(refusal("flowint:cnt,+;").contains("needs a value"));
        assertTrue(refusal("flowint:cnt,==, ;").contains("needs a value"));
        assertTrue(refusal("flowint:cnt,=,4294967296;").contains("out of range"));
        assertTrue(refusal("flowint:cnt,=,1x;").contains("not a number"));
        assertTrue(refusal("flowint:1cnt,=,1;").contains("bad variable name '1cnt'"));
        assertTrue(refusal("flowint:my var,=,1;").contains("bad variable name"));
        assertTrue(refusal("flowint:,isset;").contains("bad variable name ''"));
        assertTrue(refusal("flowint:cnt,=,-3;").contains("bad variable name '-3'"));
        assertTrue(refusal("flowint;").contains("flowint"));
        assertFalse(refusal("flowint:cnt,*,1;").contains("\n"));
    }

    @Test
    void addOnUnsetStartsFromZeroAndCounts() throws Exception {
        Rule add = r("flowint:cnt,+,1;");
        Rule third = r("flowint:cnt,==,3;");
        assertFalse(fire(third), "unset does not compare");
        fire(add);
        assertEquals(1L, flow.ints.get(id("cnt")));
        assertFalse(fire(third));
        fire(add);
        fire(add);
        assertTrue(fire(third));
        fire(add);
        assertFalse(fire(third));
    }

    @Test
    void modificationsRunOnlyWhenTheRuleMatches() throws Exception {
        Rule add = r("content:\"zzz\"; flowint:cnt,+,1;");
        fire(add);
        assertTrue(flow.ints.isEmpty(), "the payload did not match, so nothing changed");
        Rule gated = r("flowint:cnt,isset; flowint:cnt,+,1;");
        fire(gated);
        assertTrue(flow.ints.isEmpty(), "isset failed, so + did not run");
    }

    @Test
    void subtractOnUnsetDoesNothingAndValuesWrapAt32Bits() throws Exception {
        fire(r("flowint:cnt,-,1;"));
        assertFalse(flow.ints.containsKey(id("cnt")));
        fire(r("flowint:cnt,=,0;"));
        fire(r("flowint:cnt,-,1;"));
        assertEquals(0xFFFFFFFFL, flow.ints.get(id("cnt")));
        fire(r("flowint:cnt,+,2;"));
        assertEquals(1L, flow.ints.get(id("cnt")));
    }

    @Test
    void comparesAgainstNumbers() throws Exception {
        flow.ints.put(id("n"), 10L);
        assertTrue(fire(r("flowint:n,==,10;")));
        assertFalse(fire(r("flowint:n,!=,10;")));
        assertTrue(fire(r("flowint:n,<,11;")));
        assertFalse(fire(r("flowint:n,<,10;")));
        assertTrue(fire(r("flowint:n,<=,10;")));
        assertTrue(fire(r("flowint:n,>,9;")));
        assertFalse(fire(r("flowint:n,>,10;")));
        assertTrue(fire(r("flowint:n,>=,10;")));
        assertFalse(fire(r("flowint:n,>=,11;")));
    }

    @Test
    void comparesAgainstAnotherFlowintReadAsZeroWhileUnset() throws Exception {
        flow.ints.put(id("a"), 5L);
        assertTrue(fire(r("flowint:a,>,b;")), "unset b reads as 0");
        flow.ints.put(id("b"), 5L);
        assertTrue(fire(r("flowint:a,==,b;")));
        fire(r("flowint:c,=,a;"));
        assertEquals(5L, flow.ints.get(id("c")));
        fire(r("flowint:c,+,b;"));
        assertEquals(10L, flow.ints.get(id("c")));
    }

    @Test
    void issetAndNotset() throws Exception {
        Rule isset = r("flowint:x,isset;");
        Rule notset = r("flowint:x,notset;");
        Rule isnotset = r("flowint:x,isnotset;");
        assertFalse(fire(isset));
        assertTrue(fire(notset));
        assertTrue(fire(isnotset));
        flow.ints.put(id("x"), 0L);
        assertTrue(fire(isset));
        assertFalse(fire(notset));
    }

    @Test
    void withoutAFlowNothingMatches() throws Exception {
        assertFalse(matches(r("flowint:x,isset;"), packet, null));
        assertFalse(matches(r("flowint:x,notset;"), packet, null));
        assertFalse(matches(r("flowint:x,<,5;"), packet, null));
        Rule add = r("flowint:x,+,1;");
        DetectContext ctx = new DetectContext();
        ctx.reset(packet, null);
        assertTrue(RuleEval.matches(add, ctx));
        RuleEval.afterMatch(add, ctx); // no flow: nothing to change, and no failure
    }

    @Test
    void writersRankBeforeReaders() throws Exception {
        assertEquals(0, r("flowint:x,+,1;").varRank(Rule.VAR_FLOWINT));
        assertEquals(1, r("flowint:x,isset; flowint:x,+,1;").varRank(Rule.VAR_FLOWINT));
        assertEquals(2, r("flowint:x,>,1;").varRank(Rule.VAR_FLOWINT));
        assertEquals(3, r("content:\"a\";").varRank(Rule.VAR_FLOWINT));
    }
}
