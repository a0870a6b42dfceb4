package dev.sluice.signatures;

import dev.sluice.signatures.classify.ClassificationConfig;
import dev.sluice.signatures.classify.ReferenceConfig;
import dev.sluice.signatures.keyword.Keyword;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.vars.Variables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleLoaderTest {
    private final LoadContext ctx = new LoadContext(Variables.defaults(), ClassificationConfig.defaults(), ReferenceConfig.defaults());
    private final KeywordTable table = RuleParserTest.TestKeywords.basic();
    private final List<Path> dirsSeen = new ArrayList<>();

    RuleLoaderTest() {
        table.register(RuleParserTest.TestKeywords.of("content", Keyword.Value.REQUIRED, (v, r) -> { }));
        table.register(RuleParserTest.TestKeywords.of("where", Keyword.Value.NONE, (v, r) -> dirsSeen.add(r.load.ruleDir)));
        table.register(RuleParserTest.TestKeywords.of("npe", Keyword.Value.NONE, (v, r) -> {
            throw new NullPointerException("oops");
        }));
    }

    private LoadResult load(String text) {
        return new RuleLoader(ctx, table).loadString(text, "f.rules");
    }

    @Test
    void countsLoadedFailedAndDisabledRules() {
        LoadResult r = load(String.join("\n",
                "# a comment (with a parenthesis)",
                "",
                "alert tcp any any -> any any (msg:\"one\"; sid:1;)",
                "# alert tcp any any -> any any (msg:\"off\"; sid:2;)",
                "#drop udp any any -> any any (sid:3;)",
                "#    pass ip any any -> any any (sid:4;)",
                "# alert is a word in this comment (not a rule",
                "alert tcp any any -> any any (bogus; sid:5;)",
                "alert smtp any any -> any any (msg:\"waits\"; sid:6;)",
                "   "));
        assertEquals(2, r.loaded());
        assertEquals(1, r.active());
        assertEquals(1, r.inactive(), "an smtp rule waits for the smtp parser");
        assertEquals(1, r.failed());
        assertEquals(3, r.disabled());
        assertEquals("f.rules:8: unknown keyword 'bogus'", r.failures().get(0).toString());
    }

    @Test
    void commentWithoutActionWordIsNotADisabledRule() {
        assertFalse(RuleLoader.isDisabledRule("# see (this)"));
        assertFalse(RuleLoader.isDisabledRule("#alerting (x)"));
        assertFalse(RuleLoader.isDisabledRule("# alert tcp any any -> any any"));
        assertTrue(RuleLoader.isDisabledRule("# rejectboth tcp any any -> any any (sid:1;)"));
    }

    @Test
    void joinsContinuationLinesAndReportsTheFirstLine() {
        LoadResult r = load(String.join("\n",
                "# header",
                "alert dns any any -> any 53 ( \\",
                "msg:\"multi\"; \\   ",
                "    sid:2; rev:1;)",
                "alert tcp any any -> any any (sid:3;)",
                "alert tcp any any -> any any ( \\",
                "  nope; sid:4;)"));
        assertEquals(2, r.loaded());
        Rule multi = r.rules().get(0);
        assertEquals(2, multi.line);
        assertEquals("multi", multi.msg);
        assertEquals(2, multi.sid);
        assertEquals(5, r.rules().get(1).line);
        assertEquals("f.rules:6: unknown keyword 'nope'", r.failures().get(0).toString());
    }

    @Test
    void commentedMultiLineRuleSwallowsItsContinuation() {
        LoadResult r = load("# alert tcp any any -> any any (msg:\"x\"; \\\nsid:1;)\nalert tcp any any -> any any (sid:2;)\n");
        assertEquals(1, r.disabled());
        assertEquals(1, r.loaded());
        assertEquals(3, r.rules().get(0).line);
    }

    @Test
    void toleratesCrlf() {
        LoadResult r = load("alert tcp any any -> any any (msg:\"a\"; \\\r\nsid:1;)\r\n# alert tcp any any -> any any (sid:2;)\r\nalert udp any any -> any any (sid:3;)\r\n");
        assertEquals(2, r.loaded());
        assertEquals(0, r.failed());
        assertEquals(1, r.disabled());
        assertEquals(3, r.rules().get(1).sid);
        assertEquals(4, r.rules().get(1).line);
    }

    @Test
    void refusesDuplicateSidKeepingTheFirst() {
        LoadResult r = load(String.join("\n",
                "alert tcp any any -> any any (msg:\"first\"; sid:123;)",
                "alert tcp any any -> any any (msg:\"second\"; sid:123; rev:9;)"));
        assertEquals(1, r.loaded());
        assertEquals("first", r.rules().get(0).msg);
        assertEquals("f.rules:2: duplicate sid 123 (first at f.rules:1)", r.failures().get(0).toString());
    }

    @Test
    void sameSidWithAnotherGidIsNotADuplicate() {
        LoadResult r = load("alert tcp any any -> any any (sid:5;)\nalert tcp any any -> any any (gid:3; sid:5;)\n"
                + "alert tcp any any -> any any (gid:3; sid:5;)");
        assertEquals(2, r.loaded());
        assertEquals("f.rules:3: duplicate sid 3:5 (first at f.rules:2)", r.failures().get(0).toString());
    }

    @Test
    void duplicatesAreFoundAcrossFilesOfOneLoader(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.rules");
        Path b = dir.resolve("b.rules");
        Files.writeString(a, "alert tcp any any -> any any (sid:7;)\n");
        Files.writeString(b, "\nalert tcp any any -> any any (sid:7;)\n");
        RuleLoader loader = new RuleLoader(ctx, table);
        LoadResult r = loader.loadFile(a).merge(loader.loadFile(b));
        assertEquals(1, r.loaded());
        assertEquals(b + ":2: duplicate sid 7 (first at " + a + ":1)", r.failures().get(0).toString());
    }

    @Test
    void keywordRuntimeExceptionCostsOneRule() {
        LoadResult r = load("alert tcp any any -> any any (npe; sid:1;)\nalert tcp any any -> any any (sid:2;)");
        assertEquals(1, r.loaded());
        assertEquals("f.rules:1: internal error in keyword npe: java.lang.NullPointerException: oops",
                r.failures().get(0).toString());
    }

    @Test
    void setsTheRuleFolderWhileLoadingAFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.rules");
        Files.writeString(f, "alert tcp any any -> any any (where; sid:1;)\n");
        ctx.ruleDir = null;
        new RuleLoader(ctx, table).loadFile(f);
        assertEquals(List.of(dir.toAbsolutePath()), dirsSeen);
        assertNull(ctx.ruleDir, "restored after the load");
    }

    @Test
    void missingFileIsAnIoError(@TempDir Path dir) {
        assertThrows(IOException.class, () -> new RuleLoader(ctx, table).loadFile(dir.resolve("none.rules")));
    }

    @Test
    void mergeConcatenatesRulesAndAddsCounts() {
        LoadResult a = load("alert tcp any any -> any any (sid:1;)\n# alert tcp any any -> any any (sid:9;)");
        LoadResult b = load("alert smtp any any -> any any (sid:2;)\nalert tcp any any -> any any (x; sid:3;)");
        LoadResult m = a.merge(b);
        assertEquals(2, m.loaded());
        assertEquals(1, m.active());
        assertEquals(1, m.inactive());
        assertEquals(1, m.failed());
        assertEquals(1, m.disabled());
        assertEquals(1, m.rules().get(0).sid);
        assertEquals(2, m.rules().get(1).sid);
        assertEquals("2 rules loaded (1 active, 1 inactive), 1 failed, 1 disabled", m.toString());
    }

    @Test
    void lastLineEndingInBackslashIsStillParsed() {
        LoadResult r = load("alert tcp any any -> any any (sid:1;) \\");
        assertEquals(1, r.failed());
        assertEquals("f.rules:1: rule does not end with ')'", r.failures().get(0).toString());
    }
}
