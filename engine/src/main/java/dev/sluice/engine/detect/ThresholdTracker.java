package dev.sluice.engine.detect;

import dev.sluice.engine.decode.Packet;
import dev.sluice.signatures.Action;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.ThresholdSpec;
import dev.sluice.signatures.threshold.RuleThresholds;
import dev.sluice.signatures.threshold.ThresholdConfig;
import dev.sluice.signatures.threshold.ThresholdEntry;

import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Decides whether a matching rule alerts, and which action its match takes, under the rule's own
 * threshold or detection_filter and threshold.config ({@link Plan}), with Suricata's meanings of
 * limit, threshold, both, backoff, detection_filter, suppress and rate_filter. Counters are kept per
 * rule and tracked key (source, destination, the address pair, the rule, or the flow) in capture
 * time. A threshold only decides the alert: the rule's action applies to every match. A rate filter
 * never stops the alert; once active it changes the action. Owned by one worker; lookups allocate
 * nothing, only the first match of a new key does.
 */
public final class ThresholdTracker {
    /** Entries kept at most; the oldest windows are pruned past it. */
    private static final int MAX_ENTRIES = 100_000;
    /** Rate filter state: not active. */
    private static final long INACTIVE = Long.MIN_VALUE;

    /**
     * What threshold.config makes of each rule of an engine, worked out once at start-up and shared
     * by every worker. Rules it does not hold use only their own threshold keyword. Immutable.
     */
    public static final class Plan {
        public static final Plan NONE = new Plan(new IdentityHashMap<>());

        private final IdentityHashMap<Rule, Compiled> byRule;

        private Plan(IdentityHashMap<Rule, Compiled> byRule) {
            this.byRule = byRule;
        }

        /** The plan for {@code rules} (those the detect engine runs) under {@code config}. */
        public static Plan of(ThresholdConfig config, Rule[] rules) {
            if (config.isEmpty()) {
                return NONE;
            }
            IdentityHashMap<Rule, Compiled> m = new IdentityHashMap<>();
            for (Rule r : rules) {
                RuleThresholds t = config.forRule(r);
                if (!t.isOwnOnly(r.threshold)) {
                    m.put(r, new Compiled(t));
                }
            }
            return new Plan(m);
        }

        /** Rules the file changes. */
        public int size() {
            return byRule.size();
        }

        /**
         * True when {@code r}'s threshold, detection_filter or rate filter (its own or this plan's)
         * counts by source, by destination or by rule: counts that span address pairs, so workers
         * that each see only some pairs each keep a part of them.
         */
        public boolean countsBeyondAddressPair(Rule r) {
            Compiled c = byRule.get(r);
            ThresholdSpec t = c != null ? c.threshold : r.threshold;
            return spansPairs(t == null ? null : t.trackBy()) || (c != null && c.rate != null && spansPairs(c.rate.track()));
        }

        private static boolean spansPairs(ThresholdSpec.Track t) {
            return t == ThresholdSpec.Track.BY_SRC || t == ThresholdSpec.Track.BY_DST || t == ThresholdSpec.Track.BY_RULE;
        }
    }

    /** {@link RuleThresholds} with its suppressions in an array, for iteration without allocation. */
    private static final class Compiled {
        final ThresholdSpec threshold;
        final ThresholdEntry.RateFilter rate;
        final boolean suppressed;
        final ThresholdEntry.Suppress[] suppress;

        Compiled(RuleThresholds t) {
            threshold = t.threshold();
            rate = t.rateFilter();
            suppressed = t.suppressed();
            suppress = t.suppressions().toArray(new ThresholdEntry.Suppress[0]);
        }
    }

    private static final class State {
        long windowStartMicros;
        long count;
        long nextBackoff;
        long lastSeenMicros;
        /** When the rate filter last became active, or {@link #INACTIVE}. */
        long rateSinceMicros = INACTIVE;
    }

    /**
     * Rule and tracked value: up to two addresses (by_both holds the lower first, so both
     * directions count together) or the flow. The tracker fills one probe key per lookup; only keys
     * stored in the map are copies, and those are never changed.
     */
    private static final class Key {
        long sid;
        int gid;
        final byte[] addrs;
        int len;
        Object flow;
        int hash;

        Key(int capacity) {
            addrs = new byte[capacity];
        }

        void set(Rule r, ThresholdSpec.Track track, Packet p, Object flowRef) {
            sid = r.sid;
            gid = r.gid;
            flow = null;
            len = 0;
            byte[] d = p.frame.data;
            int alen = p.ipVersion == 6 ? 16 : 4;
            switch (track) {
                case BY_SRC -> put(d, p.srcAddrOffset, alen);
                case BY_DST -> put(d, p.dstAddrOffset, alen);
                case BY_BOTH -> {
                    int s = p.srcAddrOffset;
                    int t = p.dstAddrOffset;
                    if (Arrays.compareUnsigned(d, s, s + alen, d, t, t + alen) <= 0) {
                        put(d, s, alen);
                        put(d, t, alen);
                    } else {
                        put(d, t, alen);
                        put(d, s, alen);
                    }
                }
                case BY_FLOW -> flow = flowRef;
                case BY_RULE -> { }
            }
            int h = Long.hashCode(sid) * 31 + gid;
            for (int i = 0; i < len; i++) {
                h = h * 31 + addrs[i];
            }
            hash = h * 31 + System.identityHashCode(flow);
        }

        private void put(byte[] d, int off, int n) {
            System.arraycopy(d, off, addrs, len, n);
            len += n;
        }

        Key copy() {
            Key k = new Key(len);
            k.sid = sid;
            k.gid = gid;
            System.arraycopy(addrs, 0, k.addrs, 0, len);
            k.len = len;
            k.flow = flow;
            k.hash = hash;
            return k;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.sid == sid && k.gid == gid && k.flow == flow
                    && Arrays.equals(k.addrs, 0, k.len, addrs, 0, len);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final Plan plan;
    private final Map<Key, State> states = new HashMap<>();
    private final Key probe = new Key(32);
    private Action action;

    /** A tracker for rules' own threshold keywords only. */
    public ThresholdTracker() {
        this(Plan.NONE);
    }

    public ThresholdTracker(Plan plan) {
        this.plan = plan;
    }

    /**
     * Counts this match and says whether it alerts; afterwards {@link #action()} is the action the
     * match takes (the rule's own unless a rate filter is active).
     *
     * @param flow the packet's flow (by_flow tracking), may be null
     */
    public boolean allows(Rule r, Packet p, Object flow, long nowMicros) {
        action = r.action;
        Compiled c = plan.byRule.isEmpty() ? null : plan.byRule.get(r);
        if (c == null) {
            return r.threshold == null || counts(r, r.threshold, p, flow, nowMicros);
        }
        // Suppressions come first and count nothing.
        if (c.suppressed || suppressedByAddress(c.suppress, p)) {
            return false;
        }
        if (c.rate != null) {
            Action changed = c.rate.newAction().action;
            if (rateActive(r, c.rate, p, flow, nowMicros) && changed != null) {
                action = changed;
            }
            return true;
        }
        return c.threshold == null || counts(r, c.threshold, p, flow, nowMicros);
    }

    /** The action of the match last given to {@link #allows}. */
    public Action action() {
        return action;
    }

    private static boolean suppressedByAddress(ThresholdEntry.Suppress[] list, Packet p) {
        if (list.length == 0 || (p.ipVersion != 4 && p.ipVersion != 6)) {
            return false;
        }
        byte[] d = p.frame.data;
        for (ThresholdEntry.Suppress s : list) {
            boolean hit = switch (s.track()) {
                case BY_SRC -> s.addresses().matches(d, p.srcAddrOffset, p.ipVersion);
                case BY_DST -> s.addresses().matches(d, p.dstAddrOffset, p.ipVersion);
                case BY_EITHER -> s.addresses().matches(d, p.srcAddrOffset, p.ipVersion)
                        || s.addresses().matches(d, p.dstAddrOffset, p.ipVersion);
            };
            if (hit) {
                return true;
            }
        }
        return false;
    }

    /** The state of {@code r} for this packet's tracked value; a new one starts its window now. */
    private State state(Rule r, ThresholdSpec.Track track, Packet p, Object flow, long nowMicros) {
        probe.set(r, track, p, flow);
        State s = states.get(probe);
        if (s == null) {
            if (states.size() >= MAX_ENTRIES) {
                prune(nowMicros);
            }
            s = new State();
            s.windowStartMicros = nowMicros;
            states.put(probe.copy(), s);
        }
        s.lastSeenMicros = nowMicros;
        return s;
    }

    /**
     * A rate filter: true while its new action applies. It turns on at the match that makes more
     * than {@code count} within {@code seconds} of the window's first, and stays on for
     * {@code timeout} seconds; the match that finds it expired is not counted.
     */
    private boolean rateActive(Rule r, ThresholdEntry.RateFilter f, Packet p, Object flow, long nowMicros) {
        State s = state(r, f.track(), p, flow, nowMicros);
        if (s.count == 0) {
            s.count = 1;
            return false;
        }
        if (s.rateSinceMicros != INACTIVE) {
            if (nowMicros - s.rateSinceMicros > f.timeout() * 1_000_000L) {
                s.rateSinceMicros = INACTIVE;
                return false;
            }
            return true;
        }
        if (nowMicros - s.windowStartMicros <= f.seconds() * 1_000_000L) {
            if (++s.count > f.count()) {
                s.rateSinceMicros = nowMicros;
                return true;
            }
            return false;
        }
        s.windowStartMicros = nowMicros;
        s.count = 1;
        return false;
    }

    private boolean counts(Rule r, ThresholdSpec t, Packet p, Object flow, long nowMicros) {
        State s = state(r, t.trackBy(), p, flow, nowMicros);
        long window = t.seconds() * 1_000_000L;
        if (t.kind() != ThresholdSpec.Kind.BACKOFF && nowMicros - s.windowStartMicros >= window) {
            s.windowStartMicros = nowMicros;
            s.count = 0;
        }
        s.count++;
        return switch (t.kind()) {
            case LIMIT -> s.count <= t.count();
            case THRESHOLD -> {
                if (s.count >= t.count()) {
                    // The window keeps running; only the count starts again.
                    s.count = 0;
                    yield true;
                }
                yield false;
            }
            case BOTH -> s.count == t.count();
            case DETECTION_FILTER -> s.count > t.count();
            case BACKOFF -> {
                // Alerts on the count-th match, then each time the matches reach the previous mark times the multiplier.
                if (s.nextBackoff == 0) {
                    s.nextBackoff = Math.max(1, t.count());
                }
                if (s.count == s.nextBackoff) {
                    s.nextBackoff *= Math.max(2, t.multiplier());
                    yield true;
                }
                yield false;
            }
        };
    }

    private void prune(long nowMicros) {
        long oldest = Long.MAX_VALUE;
        for (State s : states.values()) {
            oldest = Math.min(oldest, s.lastSeenMicros);
        }
        long cut = oldest + (nowMicros - oldest) / 2;
        for (Iterator<State> it = states.values().iterator(); it.hasNext(); ) {
            if (it.next().lastSeenMicros <= cut) {
                it.remove();
            }
        }
    }

    public int size() {
        return states.size();
    }
}
