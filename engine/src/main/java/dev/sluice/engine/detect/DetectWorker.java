package dev.sluice.engine.detect;

import dev.sluice.engine.decode.Packet;
import dev.sluice.signatures.Action;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.header.RuleHeader;
import dev.sluice.signatures.match.DetectContext;
import dev.sluice.signatures.match.FlowState;
import dev.sluice.signatures.match.PacketCondition;
import dev.sluice.signatures.match.PostMatchAction;
import dev.sluice.signatures.match.RuleEval;
import dev.sluice.signatures.mpm.Scanner;

/**
 * Evaluates the rules of a {@link DetectEngine} on one packet at a time. Owned by one worker
 * thread: its prefilter scanners, candidate set and result arrays are reused for every packet, so
 * evaluation allocates nothing.
 */
public final class DetectWorker implements AutoCloseable {
    /** Suricata's default cap on alerts kept per packet. */
    public static final int MAX_ALERTS = 15;

    private final DetectEngine engine;
    private final Rule[] rules;
    private final Scanner[] scanners = new Scanner[DetectEngine.GROUPS];
    private final DetectContext ctx = new DetectContext();
    private final long[] candidates;
    private final int[] touchedWords;
    private int touchedCount;

    private final int[] matched = new int[MAX_ALERTS];
    private int matchedCount;
    private boolean pass;
    private int blockingRule = -1;

    /** Prefilter and evaluation counters, for stats. */
    public long packetsInspected;
    public long rulesEvaluated;
    public long prefilterHits;

    DetectWorker(DetectEngine engine) {
        this.engine = engine;
        this.rules = engine.rules();
        for (int g = 0; g < DetectEngine.GROUPS; g++) {
            RuleGroup group = engine.group(g);
            scanners[g] = group.mpm == null ? null : group.mpm.newScanner();
        }
        int words = (rules.length >>> 6) + 1;
        this.candidates = new long[words];
        this.touchedWords = new int[words];
    }

    public DetectEngine engine() {
        return engine;
    }

    /**
     * Runs every rule that may apply to the packet. Afterwards {@link #matchedCount()} rules matched
     * (in evaluation order, those that alert), {@link #blockingRule()} names the first matching
     * drop/reject rule and {@link #passed()} tells whether a pass rule matched.
     *
     * @param flow the packet's flow, or null
     */
    public void inspect(Packet p, FlowState flow) {
        matchedCount = 0;
        pass = false;
        blockingRule = -1;
        if (p.ipVersion == 0) {
            return;
        }
        packetsInspected++;
        ctx.reset(p, flow);
        int g = DetectEngine.groupOf(p.ipProto);
        RuleGroup group = engine.group(g);

        touchedCount = 0;
        for (int idx : group.always) {
            mark(idx);
        }
        Scanner scanner = scanners[g];
        if (scanner != null && p.payloadLength > 0) {
            int n = scanner.scan(p.frame.data, p.payloadOffset, p.payloadLength);
            int[] hits = scanner.hits();
            prefilterHits += n;
            for (int i = 0; i < n; i++) {
                for (int idx : group.rulesByPattern[hits[i]]) {
                    mark(idx);
                }
            }
        }
        evaluateCandidates(p);
    }

    private void mark(int idx) {
        int w = idx >>> 6;
        if (candidates[w] == 0) {
            touchedWords[touchedCount++] = w;
        }
        candidates[w] |= 1L << idx;
    }

    private void evaluateCandidates(Packet p) {
        // Words are visited in ascending order so rules run in evaluation order.
        java.util.Arrays.sort(touchedWords, 0, touchedCount);
        boolean stop = false;
        for (int t = 0; t < touchedCount; t++) {
            int w = touchedWords[t];
            long bits = candidates[w];
            candidates[w] = 0;
            while (bits != 0 && !stop) {
                int idx = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (evaluate(rules[idx], p)) {
                    stop = onMatch(idx);
                }
            }
            if (stop) {
                // Clear the remaining candidate words without evaluating them.
                for (int u = t + 1; u < touchedCount; u++) {
                    candidates[touchedWords[u]] = 0;
                }
                break;
            }
        }
    }

    /** Records a full match; returns true when evaluation of this packet should stop (pass). */
    private boolean onMatch(int idx) {
        Rule r = rules[idx];
        for (PostMatchAction a : r.postMatch) {
            a.apply(ctx);
        }
        if (r.action == Action.PASS) {
            pass = true;
            return true;
        }
        if (r.action.blocks() && blockingRule < 0) {
            blockingRule = idx;
        }
        if (!r.noalert && matchedCount < MAX_ALERTS) {
            matched[matchedCount++] = idx;
        }
        return false;
    }

    private boolean evaluate(Rule r, Packet p) {
        rulesEvaluated++;
        if (!headerMatches(r.header, p)) {
            return false;
        }
        for (PacketCondition c : r.conditions) {
            if (!c.matches(ctx)) {
                return false;
            }
        }
        return RuleEval.payloadMatches(r, ctx);
    }

    static boolean headerMatches(RuleHeader h, Packet p) {
        if (!h.protocol().acceptsIpProto(p.ipProto)) {
            return false;
        }
        if (oneWay(h, p, p.srcAddrOffset, p.srcPort, p.dstAddrOffset, p.dstPort)) {
            return true;
        }
        return h.bidirectional() && oneWay(h, p, p.dstAddrOffset, p.dstPort, p.srcAddrOffset, p.srcPort);
    }

    private static boolean oneWay(RuleHeader h, Packet p, int srcOff, int srcPort, int dstOff, int dstPort) {
        byte[] d = p.frame.data;
        int v = p.ipVersion;
        boolean ports = p.ipProto == 6 || p.ipProto == 17 || p.ipProto == 132;
        return h.src().matches(d, srcOff, v)
                && h.dst().matches(d, dstOff, v)
                && (!ports || (h.srcPorts().matches(srcPort) && h.dstPorts().matches(dstPort)));
    }

    public int matchedCount() {
        return matchedCount;
    }

    /** The rule of the {@code i}-th alert of the last packet. */
    public Rule matched(int i) {
        return rules[matched[i]];
    }

    /** The first matching drop/reject rule of the last packet, or null. */
    public Rule blockingRule() {
        return blockingRule < 0 ? null : rules[blockingRule];
    }

    public boolean passed() {
        return pass;
    }

    @Override
    public void close() {
        for (Scanner s : scanners) {
            if (s != null) {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // Native scratch release failing leaves nothing to recover.
                }
            }
        }
    }
}
