package dev.sluice.engine.detect;

import dev.sluice.signatures.FastPattern;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.header.PortMatcher;
import dev.sluice.signatures.mpm.MpmBuilder;
import dev.sluice.signatures.mpm.MultiPatternMatcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The detection engine of one rule load: active rules in evaluation order, grouped by IP protocol,
 * each group with its own prefilter database. Immutable and shared by every worker; a reload builds
 * a new one beside it.
 */
public final class DetectEngine implements AutoCloseable {
    /** Group slots by transport protocol. */
    static final int G_TCP = 0;
    static final int G_UDP = 1;
    static final int G_ICMP4 = 2;
    static final int G_ICMP6 = 3;
    static final int G_OTHER = 4;
    static final int GROUPS = 5;
    private static final int[] GROUP_PROTO = {6, 17, 1, 58, -1};

    private final Rule[] rules;
    private final RuleGroup[] groups = new RuleGroup[GROUPS];
    private final int flowbitCount;
    private final String mpmAlgorithm;
    /** Rules on application-layer transactions, kept out of the packet groups. */
    private final TxRules txRules;

    private DetectEngine(Rule[] rules, int flowbitCount, String mpmAlgo) {
        this.rules = rules;
        this.flowbitCount = flowbitCount;
        String used = null;
        for (int g = 0; g < GROUPS; g++) {
            groups[g] = buildGroup(g, mpmAlgo);
            if (groups[g].mpm != null) {
                used = groups[g].mpm.algorithm();
            }
        }
        this.mpmAlgorithm = used == null ? "none" : used;
        this.txRules = new TxRules(rules, mpmAlgo);
    }

    /**
     * Builds the engine from loaded rules; inactive rules are left out.
     *
     * @param mpmAlgo "auto", "hyperscan" or "java"
     */
    public static DetectEngine build(List<Rule> loaded, int flowbitCount, String mpmAlgo) {
        return build(loaded, flowbitCount, mpmAlgo, ActionOrder.DEFAULT);
    }

    /**
     * Builds the engine from loaded rules with the given action order (sluice.yaml's
     * {@code action-order}); inactive rules are left out.
     *
     * @param mpmAlgo "auto", "hyperscan" or "java"
     */
    public static DetectEngine build(List<Rule> loaded, int flowbitCount, String mpmAlgo, ActionOrder actionOrder) {
        List<Rule> active = new ArrayList<>();
        for (Rule r : loaded) {
            if (r.active()) {
                active.add(r);
            }
        }
        Rule[] ordered = active.toArray(new Rule[0]);
        // Stable sort keeps file order among equals.
        Arrays.sort(ordered, order(actionOrder));
        return new DetectEngine(ordered, flowbitCount, mpmAlgo);
    }

    /**
     * Evaluation order: by action (the configured order, by default pass, drop, reject, alert), then
     * flowbit writers before readers, then the same for flowints, host bits and ip-pair bits, then
     * priority (1 first); the sort is stable, so file order decides among equals.
     */
    static Comparator<Rule> order(ActionOrder actionOrder) {
        return Comparator
                .comparingInt((Rule r) -> actionOrder.rank(r.action))
                .thenComparingInt(DetectEngine::flowbitRank)
                .thenComparingInt(r -> r.varRank(Rule.VAR_FLOWINT))
                .thenComparingInt(r -> r.varRank(Rule.VAR_HOSTBITS))
                .thenComparingInt(r -> r.varRank(Rule.VAR_IPPAIRBITS))
                .thenComparingInt(r -> r.priority);
    }

    /** Rules that only set come first, then rules that set and read, then readers, then the rest. */
    static int flowbitRank(Rule r) {
        boolean w = r.flowbitsWritten.length > 0;
        boolean rd = r.flowbitsRead.length > 0;
        if (w && !rd) {
            return 0;
        }
        if (w) {
            return 1;
        }
        if (rd) {
            return 2;
        }
        return 3;
    }

    private RuleGroup buildGroup(int g, String mpmAlgo) {
        int proto = GROUP_PROTO[g];
        List<Integer> always = new ArrayList<>();
        List<Integer> ipOnly = new ArrayList<>();
        Map<PatternKey, Integer> patternIds = new HashMap<>();
        List<List<Integer>> byPattern = new ArrayList<>();
        MpmBuilder mpm = new MpmBuilder();
        for (int i = 0; i < rules.length; i++) {
            Rule r = rules[i];
            if (!appliesToGroup(r, proto) || TxRules.isTxRule(r)) {
                continue; // transaction rules are evaluated per transaction (TxRules)
            }
            FastPattern fp = r.fastPattern;
            if (fp == null) {
                (isIpOnly(r) ? ipOnly : always).add(i);
                continue;
            }
            PatternKey key = new PatternKey(fp.bytes(), fp.nocase());
            Integer id = patternIds.get(key);
            if (id == null) {
                id = byPattern.size();
                patternIds.put(key, id);
                byPattern.add(new ArrayList<>());
                mpm.add(id, fp.bytes(), fp.nocase());
            }
            byPattern.get(id).add(i);
        }
        int[][] rulesByPattern = new int[byPattern.size()][];
        for (int p = 0; p < rulesByPattern.length; p++) {
            rulesByPattern[p] = byPattern.get(p).stream().mapToInt(Integer::intValue).toArray();
        }
        MultiPatternMatcher matcher = byPattern.isEmpty() ? null : mpm.build(mpmAlgo);
        return new RuleGroup(always.stream().mapToInt(Integer::intValue).toArray(),
                ipOnly.stream().mapToInt(Integer::intValue).toArray(), rulesByPattern, matcher);
    }

    /**
     * An IP-only rule looks at addresses and protocol only: any ports, no payload, no packet
     * condition (flow, dsize, flags ...), no flowbit test (setting flowbits is fine). Its verdict
     * cannot change within a flow direction, so it runs once per direction.
     */
    static boolean isIpOnly(Rule r) {
        return r.fastPattern == null && r.programs.isEmpty() && r.conditions.length == 0
                && r.flowbitsRead.length == 0 && !r.requirePacket && !r.requireStream
                && r.varRank(Rule.VAR_FLOWINT) == 3 // a flowint change counts packets, not flow directions
                && r.header.srcPorts() == PortMatcher.ANY && r.header.dstPorts() == PortMatcher.ANY
                && r.header.protocol().app == null; // the application protocol is known only later
    }

    private static boolean appliesToGroup(Rule r, int proto) {
        if (proto < 0) {
            // Other IP protocols: only rules for any IP packet.
            return r.header.protocol().ipProto < 0;
        }
        return r.header.protocol().acceptsIpProto(proto);
    }

    static int groupOf(int ipProto) {
        return switch (ipProto) {
            case 6 -> G_TCP;
            case 17 -> G_UDP;
            case 1 -> G_ICMP4;
            case 58 -> G_ICMP6;
            default -> G_OTHER;
        };
    }

    RuleGroup group(int g) {
        return groups[g];
    }

    TxRules txRules() {
        return txRules;
    }

    /** Active rules in evaluation order. */
    public Rule[] rules() {
        return rules;
    }

    public int flowbitCount() {
        return flowbitCount;
    }

    public String mpmAlgorithm() {
        return mpmAlgorithm;
    }

    /** A new per-worker evaluator. */
    public DetectWorker newWorker() {
        return new DetectWorker(this, null);
    }

    /**
     * A per-worker evaluator that takes over {@code previous}'s xbits / hostbits store (a rule
     * reload: the names keep their indexes, see LoadContext#keepNamesOf). Same thread as previous.
     */
    public DetectWorker newWorker(DetectWorker previous) {
        return new DetectWorker(this, previous);
    }

    @Override
    public void close() {
        for (RuleGroup g : groups) {
            if (g != null && g.mpm != null) {
                g.mpm.close();
            }
        }
        txRules.close();
    }

    private record PatternKey(byte[] bytes, boolean nocase) {
        @Override
        public boolean equals(Object o) {
            return o instanceof PatternKey k && k.nocase == nocase && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes) * 31 + (nocase ? 1 : 0);
        }
    }
}
