package dev.sluice.engine.detect;

import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.RuleLoader;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.vars.SluiceConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Suricata's threshold types, counted on a stream of matches in capture time. */
class ThresholdTrackerTest {
    private final ThresholdTracker tracker = new ThresholdTracker();
    private final Object flow = new Object();

    private static Rule rule(String threshold) throws Exception {
        LoadResult r = new RuleLoader(SluiceConfig.defaults().newLoadContext(), KeywordTable.standard())
                .loadString("alert tcp any any -> any any (msg:\"t\"; " + threshold + " sid:7;)", "t.rules");
        assertEquals(List.of(), r.failures());
        return r.rules().get(0);
    }

    private static Packet packet(String src) {
        Frame f = DetectWorkerTest.frame(6, src, 1000, "10.9.9.9", 80, "x");
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
}
