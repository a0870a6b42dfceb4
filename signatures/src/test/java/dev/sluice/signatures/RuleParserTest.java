package dev.sluice.signatures;

import dev.sluice.signatures.classify.ClassificationConfig;
import dev.sluice.signatures.classify.ReferenceConfig;
import dev.sluice.signatures.header.Protocol;
import dev.sluice.signatures.keyword.Keyword;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.vars.Variables;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RuleParserTest {
    private final LoadContext ctx = new LoadContext(Variables.defaults(), ClassificationConfig.defaults(), ReferenceConfig.defaults());
    private final KeywordTable table = TestKeywords.basic();
    private final TestKeywords.Recording content = new TestKeywords.Recording("content", Keyword.Value.REQUIRED);
    private final TestKeywords.Recording pcre = new TestKeywords.Recording("pcre", Keyword.Value.REQUIRED);
    private final TestKeywords.Recording flow = new TestKeywords.Recording("flow", Keyword.Value.OPTIONAL);

    RuleParserTest() {
        table.register(content);
        table.register(pcre);
        table.register(flow);
        table.register(TestKeywords.of("boom", Keyword.Value.OPTIONAL, (v, r) -> {
            throw new IllegalStateException("bug");
        }));
    }

    private Rule parse(String text) throws RuleException {
        return new RuleParser(ctx, table).parse(text, "t.rules", 7);
    }

    private String refusal(String text) {
        return assertThrows(RuleException.class, () -> parse(text)).getMessage();
    }

    private static List<RuleOption> split(String body) throws RuleException {
        return RuleParser.splitOptions(body);
    }

    @Test
    void parsesHeaderMetadataAndOrigin() throws Exception {
        Rule r = parse("alert tcp $HOME_NET any -> $EXTERNAL_NET 80 (msg:\"hello world\"; sid:42; rev:3;)");
        assertEquals(Action.ALERT, r.action);
        assertEquals(Protocol.TCP, r.header.protocol());
        assertEquals(42, r.sid);
        assertEquals(3, r.rev);
        assertEquals(1, r.gid);
        assertEquals("hello world", r.msg);
        assertEquals(3, r.priority, "no priority and no classtype gives 3");
        assertEquals("t.rules", r.file);
        assertEquals(7, r.line);
    }

    @Test
    void escapedSemicolonAndQuoteStayInsideTheValue() throws Exception {
        List<RuleOption> o = split("content:\"a\\;b\"; msg:\"x\\\"y\";");
        assertEquals(List.of(new RuleOption("content", "\"a\\;b\""), new RuleOption("msg", "\"x\\\"y\"")), o);
    }

    @Test
    void escapedBackslashDoesNotEscapeTheClosingQuote() throws Exception {
        List<RuleOption> o = split("msg:\"a\\\\\"; sid:1;");
        assertEquals(new RuleOption("msg", "\"a\\\\\""), o.get(0));
        assertEquals(new RuleOption("sid", "1"), o.get(1));
    }

    @Test
    void escapedColonIsKept() throws Exception {
        assertEquals(new RuleOption("msg", "\"a\\:b\""), split("msg:\"a\\:b\";").get(0));
    }

    @Test
    void semicolonInsideQuotesDoesNotEndTheValue() throws Exception {
        List<RuleOption> o = split("content:\"a;b\"; sid:1;");
        assertEquals(new RuleOption("content", "\"a;b\""), o.get(0));
        assertEquals(2, o.size());
    }

    @Test
    void loneQuoteInsidePcreStillEndsAtItsSemicolon() throws Exception {
        List<RuleOption> o = split("pcre:\"/^[\"']?post/Ri\"; msg:\"m\"; sid:1;");
        assertEquals(List.of(new RuleOption("pcre", "\"/^[\"']?post/Ri\""), new RuleOption("msg", "\"m\""),
                new RuleOption("sid", "1")), o);
    }

    @Test
    void namesAndValuesAreTrimmed() throws Exception {
        List<RuleOption> o = split("  content: \"500\" ;nocase ; sid : 1;  ");
        assertEquals(List.of(new RuleOption("content", "\"500\""), new RuleOption("nocase", null),
                new RuleOption("sid", "1")), o);
    }

    @Test
    void colonInsideValueIsPartOfIt() throws Exception {
        assertEquals(new RuleOption("flow", "established,to_server"), split("flow:established,to_server;").get(0));
        assertEquals(new RuleOption("reference", "url,http://x/a:b"), split("reference:url,http://x/a:b;").get(0));
    }

    @Test
    void refusesMissingFinalSemicolon() {
        assertEquals("option 'sid' is not terminated by ';'",
                assertThrows(RuleException.class, () -> split("msg:\"x\"; sid:1")).getMessage());
        assertEquals("option 'nocase' is not terminated by ';'",
                assertThrows(RuleException.class, () -> split("nocase")).getMessage());
    }

    @Test
    void refusesEmptyOption() {
        assertEquals("empty option (';;')", assertThrows(RuleException.class, () -> split("sid:1;;")).getMessage());
    }

    @Test
    void keywordsSeeValuesInRuleOrderWithQuotes() throws Exception {
        parse("alert tcp any any -> any any (content:\"a\"; flow:to_server; content:\"b\\;c\"; flow; sid:1;)");
        assertEquals(List.of("\"a\"", "\"b\\;c\""), content.seen);
        assertEquals(java.util.Arrays.asList("to_server", null), flow.seen);
    }

    @Test
    void refusesUnknownKeyword() {
        assertEquals("unknown keyword 'foo'", refusal("alert tcp any any -> any any (foo:bar; sid:1;)"));
    }

    @Test
    void keywordNamesAreCaseInsensitive() throws Exception {
        assertEquals(9, parse("alert tcp any any -> any any (SID:9;)").sid);
    }

    @Test
    void refusesValueForKeywordTakingNone() {
        assertEquals("keyword 'nocase' takes no value", refusal("alert tcp any any -> any any (nocase:1; sid:1;)"));
    }

    @Test
    void refusesMissingValueForKeywordNeedingOne() {
        assertEquals("keyword 'msg' needs a value", refusal("alert tcp any any -> any any (msg; sid:1;)"));
        assertEquals("keyword 'msg' needs a value", refusal("alert tcp any any -> any any (msg: ; sid:1;)"));
    }

    @Test
    void keywordRefusalIsTheReason() {
        assertEquals("unknown classtype 'no-such-class'",
                refusal("alert tcp any any -> any any (classtype:no-such-class; sid:1;)"));
    }

    @Test
    void keywordBugBecomesARefusal() {
        assertEquals("internal error in keyword boom: java.lang.IllegalStateException: bug",
                refusal("alert tcp any any -> any any (boom; sid:1;)"));
    }

    @Test
    void refusesMissingParentheses() {
        assertEquals("rule has no option section: missing '('", refusal("alert tcp any any -> any any"));
        assertEquals("rule does not end with ')'", refusal("alert tcp any any -> any any (sid:1;"));
    }

    @Test
    void refusesRuleWithoutSid() {
        assertEquals("rule has no sid", refusal("alert tcp any any -> any any (msg:\"x\";)"));
    }

    @Test
    void headerErrorsAreTheReason() {
        assertEquals("unknown protocol 'foo'", refusal("alert foo any any -> any any (sid:1;)"));
        assertEquals("undefined variable $NOPE", refusal("alert tcp $NOPE any -> any any (sid:1;)"));
    }

    @Test
    void classtypeGivesItsPriorityWhenNoneIsExplicit() throws Exception {
        Rule r = parse("alert tcp any any -> any any (classtype:trojan-activity; sid:1;)");
        assertEquals(1, r.priority);
        assertEquals("trojan-activity", r.classtype);
        assertEquals("A Network Trojan was detected", r.classDescription);
    }

    @Test
    void explicitPriorityWinsOverClasstypeInEitherOrder() throws Exception {
        assertEquals(4, parse("alert tcp any any -> any any (priority:4; classtype:trojan-activity; sid:1;)").priority);
        assertEquals(4, parse("alert tcp any any -> any any (classtype:trojan-activity; priority:4; sid:1;)").priority);
    }

    @Test
    void ruleWithoutClasstypeHasNoDescription() throws Exception {
        Rule r = parse("alert tcp any any -> any any (sid:1;)");
        assertNull(r.classtype);
        assertNull(r.classDescription);
    }

    @Test
    void acceptsPacketHeaderAndIpVersionProtocols() throws Exception {
        assertEquals(Protocol.PKTHDR, parse("alert pkthdr any any -> any any (sid:1;)").header.protocol());
        assertEquals(Protocol.IPV6, parse("alert ipv6 any any -> any any (sid:1;)").header.protocol());
        assertEquals(Protocol.IPV4, parse("alert ip4 any any -> any any (sid:1;)").header.protocol());
    }

    @Test
    void keepsTheRuleText() throws Exception {
        String text = "alert udp any any -> any 53 (msg:\"x\"; sid:1;)";
        assertEquals(text, parse("  " + text + "  ").text);
    }

    /** Tiny stand-in keywords for parser and loader tests, independent of the real keyword classes. */
    static final class TestKeywords {
        private TestKeywords() {
        }

        /** A keyword that records the values it was given. */
        static final class Recording implements Keyword {
            final String name;
            final Value value;
            final List<String> seen = new ArrayList<>();

            Recording(String name, Value value) {
                this.name = name;
                this.value = value;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String summary() {
                return "test keyword " + name;
            }

            @Override
            public Value value() {
                return value;
            }

            @Override
            public void apply(String v, RuleBuilder rule) {
                seen.add(v);
            }
        }

        static Keyword of(String name, Keyword.Value value, Applier a) {
            return new Keyword() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public String summary() {
                    return "test keyword " + name;
                }

                @Override
                public Value value() {
                    return value;
                }

                @Override
                public void apply(String v, RuleBuilder rule) throws RuleException {
                    a.apply(v, rule);
                }
            };
        }

        interface Applier {
            void apply(String value, RuleBuilder rule) throws RuleException;
        }

        static String unquote(String v) {
            return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
        }

        static long number(String v) throws RuleException {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new RuleException("bad number '" + v + "'");
            }
        }

        /** msg, sid, rev, gid, priority, classtype (against the load's classification table), nocase. */
        static KeywordTable basic() {
            KeywordTable t = new KeywordTable();
            t.register(of("msg", Keyword.Value.REQUIRED, (v, r) -> r.msg = unquote(v)));
            t.register(of("sid", Keyword.Value.REQUIRED, (v, r) -> r.sid = number(v)));
            t.register(of("rev", Keyword.Value.REQUIRED, (v, r) -> r.rev = (int) number(v)));
            t.register(of("gid", Keyword.Value.REQUIRED, (v, r) -> r.gid = (int) number(v)));
            t.register(of("priority", Keyword.Value.REQUIRED, (v, r) -> {
                r.priority = (int) number(v);
                r.priorityExplicit = true;
            }));
            t.register(of("classtype", Keyword.Value.REQUIRED, (v, r) -> {
                var c = r.load.classifications.get(v.trim());
                if (c == null) {
                    throw new RuleException("unknown classtype '" + v + "'");
                }
                r.classtype = c.name();
                r.classDescription = c.description();
            }));
            t.register(of("nocase", Keyword.Value.NONE, (v, r) -> { }));
            return t;
        }
    }
}
