package dev.sluice.signatures;

import dev.sluice.signatures.classify.ClassificationConfig;
import dev.sluice.signatures.classify.ReferenceConfig;
import dev.sluice.signatures.keyword.Keyword;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.vars.Variables;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The rule language front end over real rule sets (skipped where the shared corpus is absent):
 * every header, variable, classtype and option split of ET Open and of the suricata-verify rules
 * must load. Keywords other than the basic ones are stand-ins that accept any value.
 */
class RuleLoaderCorpusTest {
    private static final Path ET_OPEN = Path.of("/work/shared/corpus/et-open");
    private static final Path VERIFY = Path.of("/work/shared/corpus/suricata-verify/tests");

    private static List<Path> ruleFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".rules")).sorted().toList();
        }
    }

    /** Active rules of a file with continuation lines joined, as the loader sees them. */
    private static List<String> rules(Path f) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String l : Files.readAllLines(f)) {
            String t = l.stripTrailing();
            if (t.endsWith("\\")) {
                cur.append(t, 0, t.length() - 1);
                continue;
            }
            cur.append(t);
            String r = cur.toString().trim();
            cur.setLength(0);
            if (!r.isEmpty() && !r.startsWith("#") && r.endsWith(")") && r.indexOf('(') > 0) {
                out.add(r);
            }
        }
        return out;
    }

    private static String body(String rule) {
        return rule.substring(rule.indexOf('(') + 1, rule.length() - 1);
    }

    /** The basic keywords plus an accept-anything stand-in for every other option name in the files. */
    private static KeywordTable permissiveTable(List<Path> files) throws Exception {
        KeywordTable t = RuleParserTest.TestKeywords.basic();
        for (Path f : files) {
            for (String r : rules(f)) {
                for (RuleOption o : RuleParser.splitOptions(body(r))) {
                    if (t.get(o.name()) == null && t.get(o.name().toLowerCase()) == null) {
                        t.register(RuleParserTest.TestKeywords.of(o.name(), Keyword.Value.OPTIONAL, (v, b) -> { }));
                    }
                }
            }
        }
        return t;
    }

    private static LoadContext context() {
        return new LoadContext(Variables.defaults(), ClassificationConfig.defaults(), ReferenceConfig.defaults());
    }

    @Test
    void everyEtOpenRuleLoadsQuickly() throws Exception {
        assumeTrue(Files.isDirectory(ET_OPEN), "ET Open corpus not present");
        List<Path> files = ruleFiles(ET_OPEN);
        KeywordTable table = permissiveTable(files);
        long t0 = System.nanoTime();
        RuleLoader loader = new RuleLoader(context(), table);
        LoadResult all = LoadResult.empty();
        for (Path f : files) {
            all = all.merge(loader.loadFile(f));
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(List.of(), all.failures().stream().limit(20).map(RuleFailure::toString).toList());
        assertTrue(all.loaded() > 20_000, all.toString());
        assertTrue(all.disabled() > 5_000, all.toString());
        // generous bound for a shared CI machine; it takes well under a second when warm
        assertTrue(ms < 20_000, "took " + ms + " ms");
    }

    @Test
    void optionSplitAgreesWithSuricataOnEtOpen() throws Exception {
        assumeTrue(Files.isDirectory(ET_OPEN), "ET Open corpus not present");
        int checked = 0;
        for (Path f : ruleFiles(ET_OPEN)) {
            for (String r : rules(f)) {
                String body = body(r);
                // Suricata: an option ends at the first unescaped ';'
                List<String> expected = new ArrayList<>();
                int start = 0;
                for (int i = 0; i < body.length(); i++) {
                    char c = body.charAt(i);
                    if (c == '\\') {
                        i++;
                    } else if (c == ';') {
                        String opt = body.substring(start, i).trim();
                        int colon = opt.indexOf(':');
                        expected.add(colon < 0 ? opt : opt.substring(0, colon).trim() + ":" + opt.substring(colon + 1).trim());
                        start = i + 1;
                    }
                }
                List<String> got = new ArrayList<>();
                for (RuleOption o : RuleParser.splitOptions(body)) {
                    got.add(o.value() == null ? o.name() : o.name() + ":" + o.value());
                }
                assertEquals(expected, got, r);
                checked++;
            }
        }
        assertTrue(checked > 20_000);
    }

    @Test
    void everySuricataVerifyRuleHeaderLoads() throws Exception {
        assumeTrue(Files.isDirectory(VERIFY), "suricata-verify corpus not present");
        List<Path> files = ruleFiles(VERIFY);
        KeywordTable table = permissiveTable(files);
        LoadResult all = LoadResult.empty();
        for (Path f : files) {
            // each test's rules are a load of their own; sids repeat between tests
            all = all.merge(new RuleLoader(context(), table).loadFile(f));
        }
        assertEquals(List.of(), all.failures().stream().map(RuleFailure::toString).toList());
        assertTrue(all.loaded() > 300, all.toString());
    }
}
