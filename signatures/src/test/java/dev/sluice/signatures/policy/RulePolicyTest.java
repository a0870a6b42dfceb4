package dev.sluice.signatures.policy;

import dev.sluice.signatures.Action;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.RuleLoader;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.SluiceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The policy files' syntax and their effect on loading, on small rules and on ET Open files. */
class RulePolicyTest {
    private static final Path ET_OPEN = Path.of("/work/shared/corpus/et-open");

    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    private static RuleText rule(String text) {
        RuleText r = RuleText.of(text);
        assertNotNull(r, text);
        return r;
    }

    private static final RuleText R = rule("alert tcp any any -> any any (msg:\"ET SCAN Heartbleed probe\"; "
            + "content:\"x\"; gid:1; sid:2019401; rev:3; metadata:deployment Perimeter, created_at 2014_04_08;)");

    @Test
    void sidAndGidSidMatchersSelectByIdAndOptionalRev() {
        assertTrue(RuleMatcher.parse("2019401").matches(R, "a.rules"));
        assertTrue(RuleMatcher.parse("1:2019401").matches(R, "a.rules"));
        assertFalse(RuleMatcher.parse("3:2019401").matches(R, "a.rules"));
        assertTrue(RuleMatcher.parse("1:2019401:3").matches(R, "a.rules"));
        assertFalse(RuleMatcher.parse("1:2019401:2").matches(R, "a.rules"));
        assertFalse(RuleMatcher.parse("2019402").matches(R, "a.rules"));
    }

    @Test
    void commaSeparatedSidListSelectsEachListedRule() {
        RuleMatcher m = RuleMatcher.parse("2000001, 1:2019401,2000003");
        assertTrue(m.matches(R, "a.rules"));
        assertFalse(RuleMatcher.parse("2000001,2000003").matches(R, "a.rules"));
    }

    @Test
    void reMatcherSearchesRuleTextIgnoringCase() {
        assertTrue(RuleMatcher.parse("re:heartbleed").matches(R, "a.rules"));
        assertTrue(RuleMatcher.parse("re:MS(0[7-9]|10)-\\d+|SCAN\\s+heart").matches(R, "a.rules"));
        assertFalse(RuleMatcher.parse("re:shellshock").matches(R, "a.rules"));
        assertTrue(RuleMatcher.parse("re:(?P<w>probe)").matches(R, "a.rules"), "Python named groups are accepted");
    }

    @Test
    void groupMatcherComparesFileBaseNameWithShellWildcards() {
        String f = "/var/lib/rules/emerging-icmp.rules";
        assertTrue(RuleMatcher.parse("group:emerging-icmp.rules").matches(R, f));
        assertTrue(RuleMatcher.parse("group:emerging-icmp").matches(R, f), "without the extension");
        assertTrue(RuleMatcher.parse("group:emerging*").matches(R, f));
        assertTrue(RuleMatcher.parse("group:emerging-icm[a-p].rules").matches(R, f));
        assertFalse(RuleMatcher.parse("group:emerging-icm[!p].rules").matches(R, f));
        assertTrue(RuleMatcher.parse("emerging-icmp.rules").matches(R, f), "a bare *.rules name is a group");
        assertTrue(RuleMatcher.parse("group:*deleted.rules").matches(R, "emerging-deleted.rules"));
        assertFalse(RuleMatcher.parse("group:*deleted.rules").matches(R, f));
        assertFalse(RuleMatcher.parse("group:rules").matches(R, f), "the folder is not part of the group");
    }

    @Test
    void filenameMatcherComparesThePath() {
        assertTrue(RuleMatcher.parse("filename:*/rules/emerging-icmp.rules").matches(R, "/var/lib/rules/emerging-icmp.rules"));
        assertFalse(RuleMatcher.parse("filename:emerging-icmp.rules").matches(R, "/var/lib/rules/emerging-icmp.rules"));
        assertTrue(RuleMatcher.parse("filename:emerging-icmp.rules").matches(R, "emerging-icmp.rules"));
    }

    @Test
    void metadataMatcherComparesKeyAndValueIgnoringCase() {
        assertTrue(RuleMatcher.parse("metadata: deployment perimeter").matches(R, "a.rules"));
        assertTrue(RuleMatcher.parse("metadata:Deployment PERIMETER").matches(R, "a.rules"));
        assertFalse(RuleMatcher.parse("metadata: deployment datacenter").matches(R, "a.rules"));
        assertTrue(RuleMatcher.parse("*").matches(R, "a.rules"));
    }

    @Test
    void badMatcherLinesAreRefusedWithFileAndLine() throws Exception {
        Path dis = write("disable.conf", "# comment", "2019401", "not-a-matcher", "");
        ConfigException e = assertThrows(ConfigException.class, () -> RulePolicy.load(null, dis, null, null));
        assertTrue(e.getMessage().startsWith(dis + ":3: 'not-a-matcher' is not a rule specifier"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        Path en = write("enable.conf", "", "re:([a-z]", "");
        e = assertThrows(ConfigException.class, () -> RulePolicy.load(en, null, null, null));
        assertTrue(e.getMessage().startsWith(en + ":2: bad regular expression '([a-z]'"), e.getMessage());

        Path dr = write("drop.conf", "metadata: deployment");
        e = assertThrows(ConfigException.class, () -> RulePolicy.load(null, null, dr, null));
        assertTrue(e.getMessage().startsWith(dr + ":1: metadata: needs a key and a value"), e.getMessage());
    }

    @Test
    void badModifyLinesAreRefusedWithFileAndLine() throws Exception {
        Path m1 = write("m1.conf", "2019401 \"seconds \\d+\"");
        assertEquals(m1 + ":1: expected <specifier> \"<from>\" \"<to>\", found 2 words",
                assertThrows(ConfigException.class, () -> RulePolicy.load(null, null, null, m1)).getMessage());
        Path m2 = write("m2.conf", "#", "2019401 \"(alert)\" \"drop\\\\2\"");
        assertTrue(assertThrows(ConfigException.class, () -> RulePolicy.load(null, null, null, m2)).getMessage()
                .startsWith(m2 + ":2: replacement 'drop\\2' refers to group 2 but the regex has 1"));
        Path m3 = write("m3.conf", "2019401 \"(alert\" \"drop\"");
        assertTrue(assertThrows(ConfigException.class, () -> RulePolicy.load(null, null, null, m3)).getMessage()
                .startsWith(m3 + ":1: bad regular expression '(alert'"));
        Path m4 = write("m4.conf", "2019401 \"alert\" \"drop");
        assertEquals(m4 + ":1: no closing quotation (\")",
                assertThrows(ConfigException.class, () -> RulePolicy.load(null, null, null, m4)).getMessage());
    }

    @Test
    void trailingCommentsAreIgnored() throws Exception {
        Path dr = write("drop.conf", "2019401 # the heartbleed probe", "   # indented comment");
        RulePolicy p = RulePolicy.load(null, null, dr, null);
        assertEquals(1, p.dropLines().size());
        assertEquals("2019401", p.dropLines().get(0).text());
    }

    @Test
    void modifyReplacesWithBackreferencesInEitherSpelling() {
        String text = R.text;
        ModifyFilter a = ModifyFilter.parse("re:heartbleed \"(alert)(.*)\" \"drop\\\\2\"");
        assertEquals("drop" + text.substring(5), a.apply(text));
        ModifyFilter b = ModifyFilter.parse("modifysid * \"^alert(.*)rev:3;(.*)$\" | \"drop${1}rev:4;${2}\"");
        assertEquals("drop" + text.substring(5).replace("rev:3;", "rev:4;"), b.apply(text));
        ModifyFilter c = ModifyFilter.parse("2019401 \"content:\\\"x\\\"\" 'content:\"y\"; nocase'");
        assertTrue(c.apply(text).contains("content:\"y\"; nocase;"), c.apply(text));
    }

    @Test
    void noRulePolicyKeysGiveTheEmptyPolicy() throws Exception {
        assertSame(RulePolicy.NONE, RulePolicy.from(SluiceConfig.parse("vars: {}\n", "s.yaml", dir)));
    }

    @Test
    void relativeNamesResolveAgainstTheConfigFolderAndAMissingDropFileIsEmpty() throws Exception {
        write("disable.conf", "2019401");
        RulePolicy p = RulePolicy.from(SluiceConfig.parse("rule-policy:\n  disable: disable.conf\n  drop: drop.conf\n",
                "s.yaml", dir));
        assertEquals(dir.resolve("drop.conf"), p.dropFile());
        assertTrue(p.dropLines().isEmpty());
        assertNull(p.apply(R.text, false, "a.rules", 1), "disable.conf was read from the config folder");
    }

    @Test
    void aMissingEnableDisableOrModifyFileIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> RulePolicy.from(
                SluiceConfig.parse("rule-policy:\n  modify: nope.conf\n", "s.yaml", dir)));
        assertEquals("s.yaml: rule-policy.modify: " + dir.resolve("nope.conf") + ": no such file", e.getMessage());
    }

    @Test
    void enableWinsOverDisable() throws Exception {
        RulePolicy p = RulePolicy.load(write("e.conf", "re:heartbleed"), write("d.conf", "group:a.rules"), null, null);
        assertEquals(R.text, p.apply(R.text, false, "a.rules", 1));
        assertNull(p.apply(R.text.replace("Heartbleed", "Other"), false, "a.rules", 2));
        assertEquals(1, p.enabled());
        assertEquals(1, p.disabled());
    }

    // ---- on ET Open files ----

    private static LoadResult loadEt(RulePolicy policy, String... files) throws Exception {
        assumeTrue(Files.isDirectory(ET_OPEN), "ET Open corpus not present");
        RuleLoader loader = new RuleLoader(SluiceConfig.empty().newLoadContext(), KeywordTable.standard());
        loader.setPolicy(policy);
        LoadResult total = LoadResult.empty();
        for (String f : files) {
            total = total.merge(loader.loadFile(ET_OPEN.resolve(f)));
        }
        return total;
    }

    private static Rule bySid(LoadResult r, long sid) {
        return r.rules().stream().filter(x -> x.sid == sid).findFirst().orElse(null);
    }

    @Test
    void dropConfGroupTurnsAFilesRulesIntoDropsExceptNoalertFlowbitSetters() throws Exception {
        RulePolicy p = RulePolicy.load(null, null, write("drop.conf", "group:emerging-scan.rules"), null);
        LoadResult r = loadEt(p, "emerging-scan.rules", "emerging-dos.rules");
        List<Rule> scan = r.rules().stream().filter(x -> x.file.endsWith("emerging-scan.rules")).toList();
        assertTrue(scan.size() > 200, "most of emerging-scan.rules loads: " + scan.size());
        Rule setter = bySid(r, 2018754); // flowbits:set,ET.XMLRPC.PHP; flowbits:noalert
        assertNotNull(setter);
        assertEquals(Action.ALERT, setter.action);
        assertTrue(setter.noalert);
        for (Rule x : scan) {
            if (x.sid != 2018754) {
                assertEquals(Action.DROP, x.action, x.toString());
            }
        }
        for (Rule x : r.rules()) {
            if (x.file.endsWith("emerging-dos.rules")) {
                assertEquals(Action.ALERT, x.action, "another file's rule is untouched: " + x);
            }
        }
        assertEquals(scan.size() - 1, p.dropped());
        assertEquals(List.of("sid 2018754: sets flowbits with noalert, kept as alert "
                + "(a drop would cut the flows that later rules inspect)"), p.messages());
        assertEquals(1, p.keptNoalert());
    }

    @Test
    void dropConfWildcardGroupSelectsOnlyMatchingFiles() throws Exception {
        RulePolicy p = RulePolicy.load(null, null, write("drop.conf", "group:*dos.rules", "2001219"), null);
        LoadResult r = loadEt(p, "emerging-scan.rules", "emerging-dos.rules");
        assertEquals(Action.DROP, bySid(r, 2001219).action, "listed by sid in drop.conf");
        assertEquals(Action.ALERT, bySid(r, 2014385).action, "the RDP flowbit setter in emerging-dos keeps alert");
        long dosDrops = r.rules().stream().filter(x -> x.file.endsWith("emerging-dos.rules") && x.action == Action.DROP).count();
        long dos = r.rules().stream().filter(x -> x.file.endsWith("emerging-dos.rules")).count();
        assertEquals(dos - 1, dosDrops);
        assertEquals(dos, p.dropped());
        long scanDrops = r.rules().stream().filter(x -> x.file.endsWith("emerging-scan.rules") && x.action == Action.DROP).count();
        assertEquals(1, scanDrops);
    }

    @Test
    void enableConfTurnsOnACommentedOutEtRule() throws Exception {
        LoadResult before = loadEt(RulePolicy.NONE, "emerging-scan.rules");
        assertNull(bySid(before, 2000537), "sid 2000537 is commented out in emerging-scan.rules");
        RulePolicy p = RulePolicy.load(write("enable.conf", "2000537"), null, null, null);
        LoadResult after = loadEt(p, "emerging-scan.rules");
        Rule nmap = bySid(after, 2000537);
        assertNotNull(nmap);
        assertEquals("ET SCAN NMAP -sS window 2048", nmap.msg);
        assertEquals(before.loaded() + 1, after.loaded());
        assertEquals(before.disabled() - 1, after.disabled());
        assertEquals(1, p.enabled());
    }

    @Test
    void disableConfByMetadataKeepsMatchingEtRulesOut() throws Exception {
        RulePolicy p = RulePolicy.load(null, write("disable.conf", "metadata: deployment datacenter"), null, null);
        LoadResult r = loadEt(p, "emerging-scan.rules");
        assertNull(bySid(r, 2018754), "2018754 has 'deployment Datacenter'");
        assertTrue(p.disabled() > 0);
        for (Rule x : r.rules()) {
            assertFalse(x.metadata.getOrDefault("deployment", List.of()).stream().anyMatch(v -> v.equalsIgnoreCase("datacenter")), x.toString());
        }
    }

    @Test
    void modifyConfChangesAnEtRulesContent() throws Exception {
        RulePolicy p = RulePolicy.load(null, null, null,
                write("modify.conf", "2018754 \"content:\\\"/xmlrpc\\.php\\\"\" \"content:\\\"/xmlrpc2.php\\\"\"",
                        "re:sid:2018754; \"rev:(\\d+)\" \"rev:9${1}\""));
        LoadResult r = loadEt(p, "emerging-scan.rules");
        Rule x = bySid(r, 2018754);
        assertTrue(x.text.contains("content:\"/xmlrpc2.php\""), x.text);
        assertFalse(x.text.contains("\"/xmlrpc.php\""));
        assertEquals(95, x.rev, "rev:5 became rev:95 through ${1}");
        assertEquals(1, p.modified());
        assertTrue(r.failures().stream().noneMatch(f -> f.line() > 0 && f.reason().contains("2018754")));
    }

    @Test
    void watchedRuleOutcomeNamesTheLinesThatTouchedIt() throws Exception {
        Path dr = write("drop.conf", "# x", "group:emerging-scan.rules", "2018754");
        RulePolicy p = RulePolicy.load(null, null, dr, write("modify.conf", "2018754 \"Flowbit Set\" \"flowbit set\""))
                .watching(1, 2018754);
        loadEt(p, "emerging-scan.rules");
        RuleOutcome o = p.outcome();
        assertNotNull(o);
        assertTrue(o.noalertFlowbitSetter());
        assertTrue(o.droppedBy().isEmpty());
        assertEquals(List.of(2, 3), o.dropRefusedBy().stream().map(PolicyLine::line).toList());
        assertTrue(o.dropRefusedBy().get(1).namesOnly(1, 2018754));
        assertFalse(o.dropRefusedBy().get(0).namesOnly(1, 2018754));
        assertEquals(1, o.modifiedBy().size());
        assertTrue(o.text().contains("flowbit set"));
    }
}
