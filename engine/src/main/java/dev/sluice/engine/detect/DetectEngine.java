package dev.sluice.engine.detect;

import dev.sluice.signatures.FastPattern;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.header.AddressMatcher;
import dev.sluice.signatures.header.AddressRelations;
import dev.sluice.signatures.header.PortMatcher;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.mpm.MpmBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The detection engine of one rule load: active rules in evaluation order, grouped by IP protocol,
 * each group with prefilters per packet class (flow direction, and whether each address is in
 * HOME_NET), so that a packet is scanned only for the patterns of rules that can apply to it.
 * Immutable and shared by every worker; a reload builds a new one beside it.
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
    /** Every distinct prefilter of every group, by {@link Prefilter#id}. */
    private final List<Prefilter> prefilters = new ArrayList<>();
    /** HOME_NET, which splits packet classes by address; null: classes by direction only. */
    private final AddressMatcher home;
    /** False only for {@link #buildUnsplit}: one prefilter per group, every pattern searched everywhere. */
    private final boolean split;
    private final int flowbitCount;
    private final String mpmAlgorithm;
    /** Rules on application-layer transactions, kept out of the packet groups. */
    private final TxRules txRules;

    private DetectEngine(Rule[] rules, int flowbitCount, String mpmAlgo, AddressMatcher home, boolean split) {
        this.rules = rules;
        this.split = split;
        this.flowbitCount = flowbitCount;
        this.home = home == AddressMatcher.ANY ? null : home;
        String used = null;
        // The classes' rule lists first, one list per distinct set (classes with the same rules share
        // a prefilter); then the matchers, compiled in parallel: they are independent.
        Map<List<Integer>, Integer> distinct = new java.util.LinkedHashMap<>();
        int[][] classIds = new int[GROUPS][];
        int[][] always = new int[GROUPS][];
        int[][] ipOnly = new int[GROUPS][];
        for (int g = 0; g < GROUPS; g++) {
            classIds[g] = classLists(g, distinct, always, ipOnly);
        }
        List<List<Integer>> lists = new ArrayList<>(distinct.keySet());
        Prefilter[] built = new Prefilter[lists.size()];
        try {
            java.util.stream.IntStream.range(0, lists.size()).parallel()
                    .forEach(id -> built[id] = buildPrefilter(id, lists.get(id), mpmAlgo));
        } catch (RuntimeException | Error e) {
            // one compile failed: give back the native databases of the others before failing
            for (Prefilter pf : built) {
                if (pf != null) {
                    pf.close();
                }
            }
            throw e;
        }
        prefilters.addAll(Arrays.asList(built));
        for (int g = 0; g < GROUPS; g++) {
            Prefilter[] byClass = new Prefilter[RuleGroup.CLASSES];
            for (int k = 0; k < RuleGroup.CLASSES; k++) {
                byClass[k] = built[classIds[g][k]];
            }
            groups[g] = new RuleGroup(always[g], ipOnly[g], byClass);
        }
        for (Prefilter pf : prefilters) {
            used = pf.anywhere != null ? pf.anywhere.algorithm() : pf.prefix != null ? pf.prefix.algorithm() : used;
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
        return build(loaded, flowbitCount, mpmAlgo, actionOrder, null);
    }

    /**
     * Builds the engine from loaded rules with the given action order; {@code home} (HOME_NET, see
     * {@code LoadContext#homeNet}) splits each group's prefilter by whether a packet's addresses are
     * in it, null splits by flow direction only. Inactive rules are left out.
     *
     * @param mpmAlgo "auto", "hyperscan" or "java"
     */
    public static DetectEngine build(List<Rule> loaded, int flowbitCount, String mpmAlgo, ActionOrder actionOrder,
                                     AddressMatcher home) {
        return new DetectEngine(sorted(loaded, actionOrder), flowbitCount, mpmAlgo, home, true);
    }

    /**
     * The same engine without packet classes or prefix patterns: each group has one prefilter that
     * searches every pattern in the whole buffer. Tests compare the split engine's alerts with it.
     */
    static DetectEngine buildUnsplit(List<Rule> loaded, int flowbitCount, String mpmAlgo, ActionOrder actionOrder) {
        return new DetectEngine(sorted(loaded, actionOrder), flowbitCount, mpmAlgo, null, false);
    }

    private static Rule[] sorted(List<Rule> loaded, ActionOrder actionOrder) {
        List<Rule> active = new ArrayList<>();
        for (Rule r : loaded) {
            if (r.active()) {
                active.add(r);
            }
        }
        Rule[] ordered = active.toArray(new Rule[0]);
        // Stable sort keeps file order among equals.
        Arrays.sort(ordered, order(actionOrder));
        return ordered;
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

    /**
     * Sorts group {@code g}'s rules into always, IP-only and prefiltered ones, and returns for each
     * packet class the index of its rule list in {@code distinct} (added when new).
     */
    private int[] classLists(int g, Map<List<Integer>, Integer> distinct, int[][] alwaysOut, int[][] ipOnlyOut) {
        int proto = GROUP_PROTO[g];
        List<Integer> always = new ArrayList<>();
        List<Integer> ipOnly = new ArrayList<>();
        List<Integer> prefiltered = new ArrayList<>();
        for (int i = 0; i < rules.length; i++) {
            Rule r = rules[i];
            if (!appliesToGroup(r, proto) || TxRules.isTxRule(r)) {
                continue; // transaction rules are evaluated per transaction (TxRules)
            }
            if (r.fastPattern == null) {
                (isIpOnly(r) ? ipOnly : always).add(i);
            } else {
                prefiltered.add(i);
            }
        }
        int[] ids = new int[RuleGroup.CLASSES];
        for (int k = 0; k < RuleGroup.CLASSES; k++) {
            List<Integer> members = new ArrayList<>();
            for (int i : prefiltered) {
                if (!split || admits(rules[i], k)) {
                    members.add(i);
                }
            }
            ids[k] = distinct.computeIfAbsent(members, m -> distinct.size());
        }
        alwaysOut[g] = always.stream().mapToInt(Integer::intValue).toArray();
        ipOnlyOut[g] = ipOnly.stream().mapToInt(Integer::intValue).toArray();
        return ids;
    }

    /**
     * Whether rule {@code r} can match a packet of class {@code k}: its flow direction allows the
     * packet's, and (with HOME_NET known, for a one-way header) its source and destination
     * expressions hold some address on the packet's side of HOME_NET. Never false for a rule that can match.
     */
    private boolean admits(Rule r, int k) {
        boolean toServer = k < 4;
        if (r.flowDirection != 0 && (r.flowDirection == 1) != toServer) {
            return false;
        }
        if (home == null || r.header.bidirectional()) {
            return true;
        }
        return side(r.header.src(), (k & 2) != 0) && side(r.header.dst(), (k & 1) != 0);
    }

    private boolean side(AddressMatcher m, boolean inHome) {
        return inHome ? AddressRelations.overlaps(m, home) : AddressRelations.overlapsOutside(m, home);
    }

    private Prefilter buildPrefilter(int id, List<Integer> members, String mpmAlgo) {
        Map<PatternKey, Integer> anyIds = new HashMap<>();
        Map<PatternKey, Integer> prefixIds = new HashMap<>();
        List<List<Integer>> anyRules = new ArrayList<>();
        List<List<Integer>> prefixRules = new ArrayList<>();
        MpmBuilder any = new MpmBuilder();
        MpmBuilder prefix = new MpmBuilder();
        int prefixLength = 0;
        for (int i : members) {
            FastPattern fp = rules[i].fastPattern;
            int end = fp.buffer() == Buffer.PAYLOAD ? fp.end() : -1;
            boolean bound = split && end > 0 && end <= Prefilter.MAX_PREFIX;
            if (bound) {
                prefixLength = Math.max(prefixLength, end);
            }
            addPattern(bound ? prefix : any, bound ? prefixIds : anyIds, bound ? prefixRules : anyRules, fp, i);
        }
        return new Prefilter(id,
                anyRules.isEmpty() ? null : any.build(mpmAlgo), toArrays(anyRules),
                prefixRules.isEmpty() ? null : prefix.build(mpmAlgo), toArrays(prefixRules), prefixLength,
                members.size());
    }

    private static void addPattern(MpmBuilder mpm, Map<PatternKey, Integer> ids, List<List<Integer>> byPattern,
                                   FastPattern fp, int rule) {
        PatternKey key = new PatternKey(fp.bytes(), fp.nocase());
        Integer id = ids.get(key);
        if (id == null) {
            id = byPattern.size();
            ids.put(key, id);
            byPattern.add(new ArrayList<>());
            mpm.add(id, fp.bytes(), fp.nocase());
        }
        byPattern.get(id).add(rule);
    }

    private static int[][] toArrays(List<List<Integer>> byPattern) {
        int[][] out = new int[byPattern.size()][];
        for (int p = 0; p < out.length; p++) {
            out[p] = byPattern.get(p).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
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

    /** Every distinct prefilter, by id. */
    List<Prefilter> prefilters() {
        return prefilters;
    }

    /** HOME_NET as the packet classes use it, or null. */
    AddressMatcher home() {
        return home;
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
        for (Prefilter pf : prefilters) {
            pf.close();
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
