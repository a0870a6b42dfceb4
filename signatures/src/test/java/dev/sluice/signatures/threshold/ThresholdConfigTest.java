package dev.sluice.signatures.threshold;

import dev.sluice.signatures.ThresholdSpec;
import dev.sluice.signatures.ThresholdSpec.Kind;
import dev.sluice.signatures.ThresholdSpec.Track;
import dev.sluice.signatures.threshold.ThresholdEntry.EventFilter;
import dev.sluice.signatures.threshold.ThresholdEntry.NewAction;
import dev.sluice.signatures.threshold.ThresholdEntry.RateFilter;
import dev.sluice.signatures.threshold.ThresholdEntry.Suppress;
import dev.sluice.signatures.threshold.ThresholdEntry.SuppressTrack;
import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.Variables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThresholdConfigTest {
    private static ThresholdConfig parse(String text) throws ConfigException {
        return ThresholdConfig.parse(text, "t.config", Variables.defaults());
    }

    private static ThresholdEntry one(String line) throws ConfigException {
        List<ThresholdEntry> e = parse(line).entries();
        assertEquals(1, e.size(), e.toString());
        return e.get(0);
    }

    private static String error(String text) {
        return assertThrows(ConfigException.class, () -> parse(text)).getMessage();
    }

    private static byte[] v4(String dotted) {
        String[] p = dotted.split("\\.");
        return new byte[] {(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]),
                (byte) Integer.parseInt(p[2]), (byte) Integer.parseInt(p[3])};
    }

    // ---- entries

    @Test
    void parsesThresholdEntry() throws Exception {
        EventFilter t = (EventFilter) one("threshold gen_id 1, sig_id 2002087, type both, track by_src, count 3, seconds 5");
        assertEquals(new EventFilter(1, 2002087, new ThresholdSpec(Kind.BOTH, Track.BY_SRC, 3, 5), 1), t);
    }

    @Test
    void eventFilterIsThresholdUnderItsSnortName() throws Exception {
        EventFilter t = (EventFilter) one("event_filter gen_id 1, sig_id 10, type limit, track by_dst, count 1, seconds 60");
        assertEquals(new ThresholdSpec(Kind.LIMIT, Track.BY_DST, 1, 60), t.spec());
    }

    @Test
    void thresholdTakesEveryTypeAndTrack() throws Exception {
        assertEquals(Kind.THRESHOLD, ((EventFilter) one(
                "threshold gen_id 1, sig_id 1, type threshold, track by_rule, count 10, seconds 60")).spec().kind());
        assertEquals(Track.BY_BOTH, ((EventFilter) one(
                "threshold gen_id 1, sig_id 1, type limit, track by_both, count 1, seconds 60")).spec().trackBy());
        assertEquals(Track.BY_FLOW, ((EventFilter) one(
                "threshold gen_id 1, sig_id 1, type limit, track by_flow, count 1, seconds 60")).spec().trackBy());
    }

    @Test
    void fieldsMayComeInAnyOrderWithAnySpacing() throws Exception {
        EventFilter t = (EventFilter) one("  threshold   sig_id 5 ,gen_id 3,count 2,  seconds 9 , track by_dst,type limit  ");
        assertEquals(new EventFilter(3, 5, new ThresholdSpec(Kind.LIMIT, Track.BY_DST, 2, 9), 1), t);
    }

    @Test
    void parsesSuppressOfAWholeRule() throws Exception {
        Suppress s = (Suppress) one("suppress gen_id 1, sig_id 2002087");
        assertTrue(s.wholeRule());
        assertEquals(2002087, s.sid());
        assertNull(s.addresses());
    }

    @Test
    void parsesSuppressByAddressCidrListAndVariable() throws Exception {
        Suppress src = (Suppress) one("suppress gen_id 1, sig_id 2, track by_src, ip 209.132.180.67");
        assertEquals(SuppressTrack.BY_SRC, src.track());
        assertTrue(src.addresses().matches(v4("209.132.180.67"), 0, 4));
        assertFalse(src.addresses().matches(v4("209.132.180.68"), 0, 4));

        Suppress cidr = (Suppress) one("suppress gen_id 1, sig_id 2, track by_dst, ip 217.110.97.128/25");
        assertEquals(SuppressTrack.BY_DST, cidr.track());
        assertTrue(cidr.addresses().matches(v4("217.110.97.200"), 0, 4));
        assertFalse(cidr.addresses().matches(v4("217.110.97.1"), 0, 4));

        Suppress list = (Suppress) one("suppress gen_id 1, sig_id 2, track by_either, ip [192.168.0.0/16, 10.0.0.0/8,172.16.0.0/12]");
        assertEquals(SuppressTrack.BY_EITHER, list.track());
        assertEquals("[192.168.0.0/16, 10.0.0.0/8,172.16.0.0/12]", list.addressText());
        assertTrue(list.addresses().matches(v4("10.1.2.3"), 0, 4));
        assertFalse(list.addresses().matches(v4("11.1.2.3"), 0, 4));

        Suppress bare = (Suppress) one("suppress gen_id 1, sig_id 2, track by_src, ip 10.0.0.1,10.0.0.2");
        assertTrue(bare.addresses().matches(v4("10.0.0.2"), 0, 4), "an unbracketed list is still one ip value");

        Suppress var = (Suppress) one("suppress gen_id 1, sig_id 2, track by_src, ip $HOME_NET");
        assertTrue(var.addresses().matches(v4("192.168.7.7"), 0, 4));
        assertFalse(var.addresses().matches(v4("8.8.8.8"), 0, 4));

        Suppress v6 = (Suppress) one("suppress gen_id 1, sig_id 2, track by_src, ip fe80::/10");
        byte[] a = new byte[16];
        a[0] = (byte) 0xfe;
        a[1] = (byte) 0x80;
        assertTrue(v6.addresses().matches(a, 0, 6));
    }

    @Test
    void parsesRateFilter() throws Exception {
        RateFilter f = (RateFilter) one("rate_filter gen_id 1, sig_id 888, track by_src, count 10, seconds 60, new_action drop, timeout 300");
        assertEquals(new RateFilter(1, 888, Track.BY_SRC, 10, 60, NewAction.DROP, 300, 1), f);
        assertEquals(dev.sluice.signatures.Action.DROP, f.newAction().action);
    }

    @Test
    void rateFilterTakesEveryNewAction() throws Exception {
        for (String a : new String[] {"alert", "drop", "reject", "pass", "log", "sdrop"}) {
            RateFilter f = (RateFilter) one("rate_filter gen_id 1, sig_id 1, track by_rule, count 1, seconds 1, new_action "
                    + a + ", timeout 0");
            assertEquals(a, f.newAction().name().toLowerCase(java.util.Locale.ROOT));
        }
        assertNull(NewAction.LOG.action, "log is parsed but leaves the action alone, as in Suricata");
        assertNull(NewAction.SDROP.action);
    }

    @Test
    void skipsCommentsAndBlankLinesAndJoinsContinuations() throws Exception {
        ThresholdConfig c = parse("""
                # global thresholds
                
                   # indented comment
                rate_filter gen_id 1, sig_id 1000, track by_rule, count 100, seconds 60, \\
                    new_action alert, timeout 30
                threshold gen_id 1, \\
                sig_id 100, type both\\
                , track by_dst, count 10, \\
                 seconds 60
                suppress gen_id 1, sig_id 7
                """);
        assertEquals(3, c.entries().size());
        assertEquals(4, c.entries().get(0).line(), "an entry is numbered by its first line");
        assertEquals(new RateFilter(1, 1000, Track.BY_RULE, 100, 60, NewAction.ALERT, 30, 4), c.entries().get(0));
        assertEquals(new EventFilter(1, 100, new ThresholdSpec(Kind.BOTH, Track.BY_DST, 10, 60), 6), c.entries().get(1));
        assertEquals(10, c.entries().get(2).line());
    }

    @Test
    void emptyFileHasNoEntries() throws Exception {
        assertTrue(parse("").isEmpty());
        assertTrue(parse("# nothing\n\n").isEmpty());
        assertTrue(ThresholdConfig.empty().isEmpty());
    }

    @Test
    void loadsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("threshold.config");
        Files.writeString(f, "suppress gen_id 1, sig_id 1\n");
        assertEquals(1, ThresholdConfig.load(f, Variables.defaults()).entries().size());
        Files.writeString(f, "# ok\nsuppress gen_id 1\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ThresholdConfig.load(f, Variables.defaults()));
        assertEquals(f + ":2: suppress is missing 'sig_id'", e.getMessage());
        assertThrows(NoSuchFileException.class, () -> ThresholdConfig.load(dir.resolve("missing"), Variables.defaults()));
    }

    // ---- errors: one line each, file:line: reason

    @Test
    void refusesUnknownEntryKind() {
        assertEquals("t.config:2: unknown entry 'thresold': expected threshold, event_filter, suppress or rate_filter",
                error("# c\nthresold gen_id 1, sig_id 1, type limit, track by_src, count 1, seconds 1\n"));
    }

    @Test
    void refusesMissingFields() {
        assertEquals("t.config:1: threshold is missing 'type'",
                error("threshold gen_id 1, sig_id 1, track by_src, count 1, seconds 1"));
        assertEquals("t.config:1: threshold is missing 'seconds'",
                error("threshold gen_id 1, sig_id 1, type limit, track by_src, count 1"));
        assertEquals("t.config:1: event_filter is missing 'gen_id'",
                error("event_filter sig_id 1, type limit, track by_src, count 1, seconds 1"));
        assertEquals("t.config:1: rate_filter is missing 'timeout'",
                error("rate_filter gen_id 1, sig_id 1, track by_src, count 1, seconds 1, new_action drop"));
        assertEquals("t.config:1: rate_filter is missing 'new_action'",
                error("rate_filter gen_id 1, sig_id 1, track by_src, count 1, seconds 1, timeout 5"));
        assertEquals("t.config:1: suppress is missing 'gen_id'", error("suppress"));
    }

    @Test
    void refusesFieldsTheKindDoesNotTake() {
        assertEquals("t.config:1: suppress has no field 'count' (it takes gen_id, sig_id, track, ip)",
                error("suppress gen_id 1, sig_id 1, count 1"));
        assertEquals("t.config:1: threshold has no field 'new_action' (it takes gen_id, sig_id, type, track, count, seconds)",
                error("threshold gen_id 1, sig_id 1, type limit, track by_src, count 1, seconds 1, new_action drop"));
        assertEquals("t.config:1: rate_filter has no field 'type' (it takes gen_id, sig_id, track, count, seconds, new_action, timeout)",
                error("rate_filter gen_id 1, sig_id 1, type limit, track by_src, count 1, seconds 1, new_action drop, timeout 1"));
    }

    @Test
    void refusesRepeatedField() {
        assertEquals("t.config:1: 'sig_id' given twice", error("suppress gen_id 1, sig_id 1, sig_id 2"));
    }

    @Test
    void refusesFieldWithoutValueAndMissingComma() {
        assertEquals("t.config:1: 'count' needs a value",
                error("threshold gen_id 1, sig_id 1, type limit, track by_src, count , seconds 1"));
        assertEquals("t.config:1: 'type' takes one value, got 'limit track by_src' (missing ','?)",
                error("threshold gen_id 1, sig_id 1, type limit track by_src, count 1, seconds 1"));
        assertEquals("t.config:1: 'ip' needs a value", error("suppress gen_id 1, sig_id 1, track by_src, ip"));
    }

    @Test
    void refusesStrayCommasAndText() {
        assertEquals("t.config:1: a ',' at the end of the entry with no field after it", error("suppress gen_id 1, sig_id 1,"));
        assertEquals("t.config:1: expected a field name, got ', gen_id 1, sig_id 1'", error("suppress, gen_id 1, sig_id 1"));
        assertEquals("t.config:1: expected a field name, got '# trailing comment'", error("suppress gen_id 1, sig_id 1, # trailing comment"));
    }

    @Test
    void refusesBadNumbers() {
        assertEquals("t.config:1: bad sig_id 'x1': expected a number from 0 to 4294967295", error("suppress gen_id 1, sig_id x1"));
        assertEquals("t.config:1: bad gen_id '-1': expected a number from 0 to 4294967295", error("suppress gen_id -1, sig_id 1"));
        assertEquals("t.config:1: bad sig_id '4294967296': expected a number from 0 to 4294967295",
                error("suppress gen_id 1, sig_id 4294967296"));
        assertEquals("t.config:1: bad count '0': expected a number from 1 to 2147483647",
                error("threshold gen_id 1, sig_id 1, type limit, track by_src, count 0, seconds 1"));
        assertEquals("t.config:1: bad seconds '0': expected a number from 1 to 2147483647",
                error("rate_filter gen_id 1, sig_id 1, track by_src, count 1, seconds 0, new_action drop, timeout 1"));
        assertEquals("t.config:1: bad timeout '1.5': expected a number from 0 to 2147483647",
                error("rate_filter gen_id 1, sig_id 1, track by_src, count 1, seconds 1, new_action drop, timeout 1.5"));
    }

    @Test
    void refusesGenIdZeroWithASigId() {
        assertEquals("t.config:1: gen_id 0 with sig_id 5 names no rule: use the rule's gid (normally 1), or sig_id 0 for every rule",
                error("suppress gen_id 0, sig_id 5"));
    }

    @Test
    void refusesUnknownTypeTrackAndAction() {
        assertEquals("t.config:1: unknown type 'backoff': expected limit, threshold or both",
                error("threshold gen_id 1, sig_id 1, type backoff, track by_src, count 1, seconds 1"));
        assertEquals("t.config:1: unknown track 'by_either': expected by_src, by_dst, by_rule, by_both or by_flow",
                error("threshold gen_id 1, sig_id 1, type limit, track by_either, count 1, seconds 1"));
        assertEquals("t.config:1: unknown suppress track 'by_rule': expected by_src, by_dst or by_either",
                error("suppress gen_id 1, sig_id 1, track by_rule, ip 1.2.3.4"));
        assertEquals("t.config:1: unknown new_action 'block': expected alert, drop, reject or pass",
                error("rate_filter gen_id 1, sig_id 1, track by_src, count 1, seconds 1, new_action block, timeout 1"));
    }

    @Test
    void refusesSuppressTrackWithoutIpAndIpWithoutTrack() {
        assertEquals("t.config:1: suppress with 'track' needs 'ip' (an address, a CIDR, a [list] or a $variable)",
                error("suppress gen_id 1, sig_id 1, track by_src"));
        assertEquals("t.config:1: suppress with 'ip' needs 'track by_src', 'track by_dst' or 'track by_either'",
                error("suppress gen_id 1, sig_id 1, ip 1.2.3.4"));
    }

    @Test
    void refusesBadSuppressAddressWithTheAddressParsersReason() {
        String e = error("suppress gen_id 1, sig_id 1, track by_src, ip 300.1.1.1");
        assertTrue(e.startsWith("t.config:1: suppress ip '300.1.1.1': "), e);
        String v = error("suppress gen_id 1, sig_id 1, track by_src, ip $NO_SUCH_NET");
        assertTrue(v.startsWith("t.config:1: suppress ip '$NO_SUCH_NET': "), v);
        assertTrue(v.contains("NO_SUCH_NET"), v);
    }

    @Test
    void refusesContinuationAtEndOfFile() {
        assertEquals("t.config:2: the entry ends with '\\' but the file ends there",
                error("\nsuppress gen_id 1, \\"));
    }

    @Test
    void reportsTheFirstBadEntryOnly() {
        assertEquals("t.config:2: suppress is missing 'sig_id'",
                error("suppress gen_id 1, sig_id 1\nsuppress gen_id 1\nsuppress gen_id 2\n"));
    }

    // ---- how entries combine with a rule's own threshold

    private static final ThresholdSpec OWN = new ThresholdSpec(Kind.THRESHOLD, Track.BY_SRC, 10, 60);

    @Test
    void ruleTheFileDoesNotNameKeepsItsOwnThreshold() throws Exception {
        ThresholdConfig c = parse("suppress gen_id 1, sig_id 99\n");
        RuleThresholds t = c.forRule(1, 5, OWN);
        assertTrue(t.isOwnOnly(OWN));
        assertSame(OWN, t.threshold());
    }

    @Test
    void thresholdForASidReplacesTheRulesOwn() throws Exception {
        ThresholdConfig c = parse("threshold gen_id 1, sig_id 5, type limit, track by_dst, count 1, seconds 15\n");
        assertEquals(new ThresholdSpec(Kind.LIMIT, Track.BY_DST, 1, 15), c.forRule(1, 5, OWN).threshold());
        assertEquals(new ThresholdSpec(Kind.LIMIT, Track.BY_DST, 1, 15), c.forRule(1, 5, null).threshold());
        assertSame(OWN, c.forRule(2, 5, OWN).threshold(), "gid must match too");
        ThresholdSpec df = new ThresholdSpec(Kind.DETECTION_FILTER, Track.BY_SRC, 5, 60);
        assertEquals(Kind.LIMIT, c.forRule(1, 5, df).threshold().kind(), "a detection_filter is replaced as well");
    }

    @Test
    void lastThresholdForASidWins() throws Exception {
        ThresholdConfig c = parse("""
                threshold gen_id 1, sig_id 5, type limit, track by_dst, count 1, seconds 15
                threshold gen_id 1, sig_id 5, type both, track by_src, count 3, seconds 5
                """);
        assertEquals(new ThresholdSpec(Kind.BOTH, Track.BY_SRC, 3, 5), c.forRule(1, 5, null).threshold());
    }

    @Test
    void wildcardThresholdAppliesOnlyToRulesWithoutOne() throws Exception {
        ThresholdConfig c = parse("threshold gen_id 0, sig_id 0, type limit, track by_src, count 1, seconds 60\n");
        assertEquals(new ThresholdSpec(Kind.LIMIT, Track.BY_SRC, 1, 60), c.forRule(1, 5, null).threshold());
        assertEquals(new ThresholdSpec(Kind.LIMIT, Track.BY_SRC, 1, 60), c.forRule(3, 7, null).threshold());
        assertSame(OWN, c.forRule(1, 5, OWN).threshold(), "the rule's own threshold is kept");
    }

    @Test
    void gidWildcardNamesOnlyThatGid() throws Exception {
        ThresholdConfig c = parse("""
                threshold gen_id 3, sig_id 0, type limit, track by_src, count 1, seconds 60
                suppress gen_id 3, sig_id 0
                """);
        assertEquals(Kind.LIMIT, c.forRule(3, 5, null).threshold().kind());
        assertTrue(c.forRule(3, 5, null).suppressed());
        assertTrue(c.forRule(1, 5, null).isOwnOnly(null));
    }

    @Test
    void firstWildcardWinsAndASidEntryBeatsWildcardsWhereverItStands() throws Exception {
        ThresholdConfig c = parse("""
                threshold gen_id 1, sig_id 0, type limit, track by_src, count 1, seconds 60
                threshold gen_id 0, sig_id 0, type limit, track by_src, count 2, seconds 60
                threshold gen_id 1, sig_id 9, type both, track by_dst, count 4, seconds 60
                """);
        assertEquals(1, c.forRule(1, 5, null).threshold().count());
        assertEquals(2, c.forRule(2, 5, null).threshold().count());
        assertEquals(Kind.BOTH, c.forRule(1, 9, null).threshold().kind());
    }

    @Test
    void rateFilterAppliesOnlyToRulesWithoutThreshold() throws Exception {
        ThresholdConfig c = parse("""
                rate_filter gen_id 1, sig_id 5, track by_src, count 3, seconds 60, new_action drop, timeout 30
                rate_filter gen_id 0, sig_id 0, track by_rule, count 9, seconds 60, new_action alert, timeout 30
                """);
        RuleThresholds plain = c.forRule(1, 5, null);
        assertNull(plain.threshold());
        assertEquals(NewAction.DROP, plain.rateFilter().newAction());
        RuleThresholds own = c.forRule(1, 5, OWN);
        assertSame(OWN, own.threshold(), "a rule's own threshold takes precedence over a rate_filter");
        assertNull(own.rateFilter());
        assertEquals(NewAction.ALERT, c.forRule(1, 6, null).rateFilter().newAction(), "the wildcard reaches other rules");
    }

    @Test
    void thresholdForASidReplacesAnEarlierRateFilter() throws Exception {
        ThresholdConfig c = parse("""
                rate_filter gen_id 1, sig_id 5, track by_src, count 3, seconds 60, new_action drop, timeout 30
                threshold gen_id 1, sig_id 5, type limit, track by_src, count 1, seconds 60
                """);
        RuleThresholds t = c.forRule(1, 5, null);
        assertNull(t.rateFilter());
        assertEquals(Kind.LIMIT, t.threshold().kind());
    }

    @Test
    void suppressionsAddUpAndKeepTheThreshold() throws Exception {
        ThresholdConfig c = parse("""
                suppress gen_id 1, sig_id 5, track by_src, ip 10.0.0.1
                suppress gen_id 0, sig_id 0, track by_dst, ip 10.0.0.2
                suppress gen_id 1, sig_id 6
                """);
        RuleThresholds t = c.forRule(1, 5, OWN);
        assertFalse(t.suppressed());
        assertEquals(2, t.suppressions().size());
        assertSame(OWN, t.threshold(), "suppressions combine with a rule's threshold");
        assertTrue(c.forRule(1, 6, null).suppressed());
        assertEquals(1, c.forRule(1, 6, null).suppressions().size());
        assertInstanceOf(Suppress.class, c.entries().get(2));
    }

    @Test
    void listsEntriesNamingRulesThatAreNotLoaded() throws Exception {
        ThresholdConfig c = parse("""
                suppress gen_id 1, sig_id 5
                suppress gen_id 0, sig_id 0, track by_src, ip 1.2.3.4
                threshold gen_id 1, sig_id 9, type limit, track by_src, count 1, seconds 60
                """);
        dev.sluice.signatures.LoadResult r = new dev.sluice.signatures.RuleLoader(
                dev.sluice.signatures.vars.SluiceConfig.defaults().newLoadContext(),
                dev.sluice.signatures.keyword.KeywordTable.standard())
                .loadString("alert ip any any -> any any (msg:\"x\"; sid:5;)", "r.rules");
        assertEquals(List.of("t.config:3: no loaded rule has gid 1 sid 9; the entry does nothing"), c.unmatched(r.rules()));
    }
}
