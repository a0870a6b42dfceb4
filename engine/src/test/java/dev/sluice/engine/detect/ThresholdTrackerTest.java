package dev.sluice.engine.detect;

import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import dev.sluice.signatures.Action;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.RuleLoader;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.threshold.ThresholdConfig;
import dev.sluice.signatures.vars.SluiceConfig;
import dev.sluice.signatures.vars.Variables;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Suricata's threshold types and threshold.config entries, counted on a stream of matches in capture time. */
class ThresholdTrackerTest {
    private ThresholdTracker tracker = new ThresholdTracker();
    private final Object flow = new Object();

    private static Rule rule(String threshold) throws Exception {
        LoadResult r = new RuleLoader(SluiceConfig.defaults().newLoadContext(), KeywordTable.standard())
                .loadString("alert tcp any any -> any any (msg:\"t\"; " + threshold + " sid:7;)", "t.rules");
        assertEquals(List.of(), r.failures());
        return r.rules().get(0);
    }

    private static Packet packet(String src) {
        return packet(src, "10.9.9.9");
    }

    private static Packet packet(String src, String dst) {
        Frame f = DetectWorkerTest.frame(6, src, 1000, dst, 80, "x");
        Packet p = new Packet();
        p.reset(f, 1);
        new Decoder(DecodeOptions.DEFAULT).decode(p);
        return p;
    }

    /** Which of {@code n} matches one second apart alert (1-based). */
    private List<Integer> alerts(Rule r, Packet p, int n, long stepMicros) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            if (tracker.allows(r, p, flow, i * stepMicros)) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void limitAlertsOnTheFirstCountMatchesPerWindow() throws Exception {
        Rule r = rule("threshold:type limit, track by_src, count 2, seconds 10;");
        assertEquals(List.of(1, 2, 11, 12), alerts(r, packet("10.0.0.1"), 12, 1_000_000));
    }

    @Test
    void thresholdAlertsOnEveryCountthMatch() throws Exception {
        Rule r = rule("threshold:type threshold, track by_src, count 3, seconds 60;");
        assertEquals(List.of(3, 6, 9), alerts(r, packet("10.0.0.1"), 10, 1_000_000));
    }

    @Test
    void bothAlertsOncePerWindowAfterCount() throws Exception {
        Rule r = rule("threshold:type both, track by_src, count 2, seconds 5;");
        assertEquals(List.of(2, 7), alerts(r, packet("10.0.0.1"), 10, 1_000_000));
    }

    @Test
    void detectionFilterAlertsAfterCountIsExceeded() throws Exception {
        Rule r = rule("detection_filter:track by_src, count 3, seconds 60;");
        assertEquals(List.of(4, 5, 6), alerts(r, packet("10.0.0.1"), 6, 1_000_000));
    }

    @Test
    void backoffAlertsAtCountThenMultiplies() throws Exception {
        Rule r = rule("threshold:type backoff, track by_flow, count 3, multiplier 2;");
        assertEquals(List.of(3, 6, 12, 24, 48, 96), alerts(r, packet("10.0.0.1"), 100, 1));
    }

    @Test
    void sourcesAreTrackedApart() throws Exception {
        Rule r = rule("threshold:type limit, track by_src, count 1, seconds 60;");
        assertEquals(List.of(1), alerts(r, packet("10.0.0.1"), 3, 1_000_000));
        assertEquals(List.of(1), alerts(r, packet("10.0.0.2"), 3, 1_000_000));
    }

    // ---- threshold.config

    /** Loads {@code rule} and tracks it under {@code file}. */
    private Rule withFile(String rule, String file) throws Exception {
        LoadResult r = new RuleLoader(SluiceConfig.defaults().newLoadContext(), KeywordTable.standard())
                .loadString(rule, "t.rules");
        assertEquals(List.of(), r.failures());
        Rule[] rules = r.rules().toArray(new Rule[0]);
        tracker = new ThresholdTracker(ThresholdTracker.Plan.of(
                ThresholdConfig.parse(file, "threshold.config", Variables.defaults()), rules));
        return rules[0];
    }

    @Test
    void suppressedRuleNeverAlertsButKeepsItsAction() throws Exception {
        Rule r = withFile("drop tcp any any -> any any (msg:\"t\"; sid:7;)", "suppress gen_id 1, sig_id 7");
        assertEquals(List.of(), alerts(r, packet("10.0.0.1"), 3, 1_000_000));
        assertSame(Action.DROP, tracker.action());
    }

    @Test
    void suppressByAddressLooksAtTheTrackedSide() throws Exception {
        Rule r = withFile("alert tcp any any -> any any (msg:\"t\"; sid:7;)", """
                suppress gen_id 1, sig_id 7, track by_src, ip 10.0.0.0/24
                suppress gen_id 1, sig_id 7, track by_dst, ip $HOME_NET
                suppress gen_id 1, sig_id 7, track by_either, ip 8.8.8.8
                """);
        assertEquals(List.of(), alerts(r, packet("10.0.0.1", "1.1.1.1"), 1, 1), "source in the by_src set");
        assertEquals(List.of(1), alerts(r, packet("10.0.1.1", "1.1.1.1"), 1, 1), "source outside it");
        assertEquals(List.of(), alerts(r, packet("1.1.1.1", "192.168.1.1"), 1, 1), "destination in $HOME_NET");
        assertEquals(List.of(), alerts(r, packet("8.8.8.8", "1.1.1.1"), 1, 1), "either: source");
        assertEquals(List.of(), alerts(r, packet("1.1.1.1", "8.8.8.8"), 1, 1), "either: destination");
        assertEquals(List.of(1), alerts(r, packet("1.1.1.1", "2.2.2.2"), 1, 1), "neither");
    }

    @Test
    void fileThresholdReplacesTheRulesOwn() throws Exception {
        Rule r = withFile("alert tcp any any -> any any (msg:\"t\"; threshold:type threshold, track by_src, count 3, seconds 60; sid:7;)",
                "threshold gen_id 1, sig_id 7, type limit, track by_src, count 1, seconds 60");
        assertEquals(List.of(1), alerts(r, packet("10.0.0.1"), 6, 1_000_000));
    }

    @Test
    void wildcardThresholdLeavesTheRulesOwnAlone() throws Exception {
        Rule r = withFile("alert tcp any any -> any any (msg:\"t\"; threshold:type threshold, track by_src, count 3, seconds 60; sid:7;)",
                "threshold gen_id 0, sig_id 0, type limit, track by_src, count 1, seconds 60");
        assertEquals(List.of(3, 6), alerts(r, packet("10.0.0.1"), 6, 1_000_000));
    }

    @Test
    void rateFilterChangesTheActionAfterCountForTimeout() throws Exception {
        Rule r = withFile("alert tcp any any -> any any (msg:\"t\"; sid:7;)",
                "rate_filter gen_id 1, sig_id 7, track by_src, count 2, seconds 60, new_action drop, timeout 10");
        Packet p = packet("10.0.0.1");
        List<Action> actions = new ArrayList<>();
        // Matches at seconds 1..4, then 13 (10 s after the filter turned on at 3: still on), then 20.
        for (long sec : new long[] {1, 2, 3, 4, 13, 20}) {
            assertTrue(tracker.allows(r, p, flow, sec * 1_000_000), "a rate filter never stops the alert");
            actions.add(tracker.action());
        }
        assertEquals(List.of(Action.ALERT, Action.ALERT, Action.DROP, Action.DROP, Action.DROP, Action.ALERT), actions);
        assertSame(Action.ALERT, actionAt(r, packet("10.0.0.2"), 21), "another source has its own count");
    }

    private Action actionAt(Rule r, Packet p, long sec) {
        tracker.allows(r, p, flow, sec * 1_000_000);
        return tracker.action();
    }

    @Test
    void rateFilterWindowStartsAgainWhenCountIsNotReachedInTime() throws Exception {
        Rule r = withFile("drop tcp any any -> any any (msg:\"t\"; sid:7;)",
                "rate_filter gen_id 1, sig_id 7, track by_rule, count 1, seconds 5, new_action alert, timeout 60");
        Packet p = packet("10.0.0.1");
        assertSame(Action.DROP, actionAt(r, p, 0));
        assertSame(Action.DROP, actionAt(r, p, 10), "a new window: the count is 1 again");
        assertSame(Action.ALERT, actionAt(r, packet("10.0.0.9"), 12), "by_rule: any source counts");
    }

    @Test
    void byBothCountsBothDirectionsAsOnePair() throws Exception {
        Rule r = rule("threshold:type limit, track by_both, count 2, seconds 60;");
        assertEquals(List.of(1), alerts(r, packet("10.0.0.1", "10.0.0.2"), 1, 1_000_000));
        assertEquals(List.of(1), alerts(r, packet("10.0.0.2", "10.0.0.1"), 1, 1_000_000));
        assertEquals(List.of(), alerts(r, packet("10.0.0.1", "10.0.0.2"), 1, 1_000_000));
        assertEquals(List.of(1), alerts(r, packet("10.0.0.1", "10.0.0.3"), 1, 1_000_000));
    }

    @Test
    void lookupsOfKnownKeysAllocateNothing() throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "no allocation counter");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
        Rule r = withFile("alert tcp any any -> any any (msg:\"t\"; sid:7;)", """
                suppress gen_id 1, sig_id 7, track by_either, ip 192.0.2.0/24
                rate_filter gen_id 1, sig_id 7, track by_both, count 5, seconds 60, new_action drop, timeout 10
                """);
        Packet p = packet("10.0.0.1");
        int rounds = 200_000;
        boolean measured = false;
        for (int attempt = 0; attempt < 5 && !measured; attempt++) {
            long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < rounds; i++) {
                tracker.allows(r, p, flow, i);
            }
            long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            // The first attempt may include the JIT's own allocation; later ones must be clean.
            measured = allocated < rounds / 4;
        }
        assertTrue(measured, "a match of a known key must not allocate");
    }
}
