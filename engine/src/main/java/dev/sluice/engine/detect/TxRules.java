package dev.sluice.engine.detect;

import dev.sluice.engine.applayer.AppProto;
import dev.sluice.signatures.FastPattern;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.PacketCondition;
import dev.sluice.signatures.match.TxCondition;
import dev.sluice.signatures.mpm.MpmBuilder;
import dev.sluice.signatures.mpm.MultiPatternMatcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The transaction rules of a {@link DetectEngine}: rules with a program on an application buffer or
 * a transaction test (dns.query, dns.opcode, ...). They are evaluated on the transactions a packet
 * created or updated, never on bare packets. Per application protocol, the rules without a
 * prefilter pattern in an application buffer run on every transaction; the others are found by one
 * prefilter matcher per buffer, run over that buffer's instances in the transaction. Rules are
 * referred to by their index in {@link DetectEngine#rules()}. Immutable after build.
 */
final class TxRules implements AutoCloseable {
    private static final int[] NONE = new int[0];

    /** Per {@link AppProto} ordinal: rules evaluated on every transaction of the protocol, ascending. */
    final int[][] always = new int[AppProto.values().length][];
    /** Per {@link AppProto} ordinal: the buffers of the protocol that have a prefilter. */
    final Buffer[][] prefiltered = new Buffer[AppProto.values().length][];
    /** Per {@link Buffer} ordinal: the prefilter matcher, null when no rule's pattern is in that buffer. */
    final MultiPatternMatcher[] mpm = new MultiPatternMatcher[Buffer.values().length];
    /** Per {@link Buffer} ordinal and pattern id: the rules (ascending) whose fast pattern it is. */
    final int[][][] rulesByPattern = new int[Buffer.values().length][][];
    /** Number of transaction rules. */
    final int count;

    TxRules(Rule[] rules, String mpmAlgo) {
        List<List<Integer>> alwaysLists = new ArrayList<>();
        for (int a = 0; a < AppProto.values().length; a++) {
            alwaysLists.add(new ArrayList<>());
        }
        Map<Buffer, MpmBuilder> builders = new HashMap<>();
        Map<Buffer, Map<Key, Integer>> ids = new HashMap<>();
        Map<Buffer, List<List<Integer>>> byPattern = new HashMap<>();
        int n = 0;
        for (int i = 0; i < rules.length; i++) {
            Rule r = rules[i];
            if (!isTxRule(r)) {
                continue;
            }
            n++;
            AppProto app = appOf(r);
            if (app == null) {
                continue; // an application Sluice does not parse: never evaluated
            }
            FastPattern fp = r.fastPattern;
            if (fp == null || !fp.buffer().appLayer()) {
                alwaysLists.get(app.ordinal()).add(i);
                continue;
            }
            Buffer b = fp.buffer();
            Key key = new Key(fp.bytes(), fp.nocase());
            Map<Key, Integer> bufIds = ids.computeIfAbsent(b, k -> new HashMap<>());
            List<List<Integer>> lists = byPattern.computeIfAbsent(b, k -> new ArrayList<>());
            Integer id = bufIds.get(key);
            if (id == null) {
                id = lists.size();
                bufIds.put(key, id);
                lists.add(new ArrayList<>());
                builders.computeIfAbsent(b, k -> new MpmBuilder()).add(id, fp.bytes(), fp.nocase());
            }
            lists.get(id).add(i);
        }
        this.count = n;
        for (int a = 0; a < always.length; a++) {
            always[a] = alwaysLists.get(a).stream().mapToInt(Integer::intValue).toArray();
        }
        List<List<Buffer>> pref = new ArrayList<>();
        for (int a = 0; a < prefiltered.length; a++) {
            pref.add(new ArrayList<>());
        }
        for (Buffer b : Buffer.values()) {
            List<List<Integer>> lists = byPattern.get(b);
            if (lists == null) {
                continue;
            }
            int[][] table = new int[lists.size()][];
            for (int p = 0; p < table.length; p++) {
                table[p] = lists.get(p).stream().mapToInt(Integer::intValue).toArray();
            }
            rulesByPattern[b.ordinal()] = table;
            mpm[b.ordinal()] = builders.get(b).build(mpmAlgo);
            AppProto app = appNamed(b.app);
            if (app != null) {
                pref.get(app.ordinal()).add(b);
            }
        }
        for (int a = 0; a < prefiltered.length; a++) {
            prefiltered[a] = pref.get(a).toArray(new Buffer[0]);
        }
    }

    /** True when the rule needs a transaction: an application-buffer program or a transaction test. */
    static boolean isTxRule(Rule r) {
        for (Buffer b : r.programs.keySet()) {
            if (b.appLayer()) {
                return true;
            }
        }
        for (PacketCondition c : r.conditions) {
            if (c instanceof TxCondition) {
                return true;
            }
        }
        return false;
    }

    /** The protocol whose transactions the rule inspects: its header's, else its buffers' or tests'. */
    static AppProto appOf(Rule r) {
        if (r.header.protocol().app != null) {
            return appNamed(r.header.protocol().app);
        }
        for (Buffer b : r.programs.keySet()) {
            if (b.appLayer()) {
                return appNamed(b.app);
            }
        }
        for (PacketCondition c : r.conditions) {
            if (c instanceof TxCondition t) {
                return appNamed(t.app());
            }
        }
        return null;
    }

    static AppProto appNamed(String word) {
        for (AppProto p : AppProto.values()) {
            if (p.word != null && p.word.equals(word)) {
                return p;
            }
        }
        return null;
    }

    int[] always(AppProto p) {
        int[] a = always[p.ordinal()];
        return a == null ? NONE : a;
    }

    @Override
    public void close() {
        for (MultiPatternMatcher m : mpm) {
            if (m != null) {
                m.close();
            }
        }
    }

    private record Key(byte[] bytes, boolean nocase) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.nocase == nocase && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes) * 31 + (nocase ? 1 : 0);
        }
    }
}
