package dev.sluice.engine.detect;

import dev.sluice.engine.decode.Packet;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.ThresholdSpec;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Decides whether a matching rule with threshold or detection_filter may alert, with Suricata's
 * meanings of limit, threshold, both, backoff and detection_filter. Counters are kept per rule and
 * tracked key (source, destination, both, the rule, or the flow) in capture time. Owned by one
 * worker; only rules that carry a threshold reach it, so its allocation is off the common path.
 */
public final class ThresholdTracker {
    /** Entries kept at most; the oldest windows are pruned past it. */
    private static final int MAX_ENTRIES = 100_000;

    private final Map<Key, State> states = new HashMap<>();

    private static final class State {
        long windowStartMicros;
        long count;
        long nextBackoff;
        long lastSeenMicros;
    }

    private record Key(long sid, int gid, byte[] addrs, Object flow) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.sid == sid && k.gid == gid && k.flow == flow && Arrays.equals(k.addrs, addrs);
        }

        @Override
        public int hashCode() {
            return (Long.hashCode(sid) * 31 + gid) * 31 + Arrays.hashCode(addrs) + System.identityHashCode(flow);
        }
    }

    /**
     * Counts this match and says whether it alerts.
     *
     * @param flow the packet's flow (by_flow tracking), may be null
     */
    public boolean allows(Rule r, Packet p, Object flow, long nowMicros) {
        ThresholdSpec t = r.threshold;
        if (t == null) {
            return true;
        }
        Key key = keyOf(r, t, p, flow);
        State s = states.get(key);
        long window = t.seconds() * 1_000_000L;
        if (s == null) {
            if (states.size() >= MAX_ENTRIES) {
                prune(nowMicros);
            }
            s = new State();
            s.windowStartMicros = nowMicros;
            states.put(key, s);
        } else if (t.kind() != ThresholdSpec.Kind.BACKOFF && nowMicros - s.windowStartMicros >= window) {
            s.windowStartMicros = nowMicros;
            s.count = 0;
        }
        s.lastSeenMicros = nowMicros;
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

    private static Key keyOf(Rule r, ThresholdSpec t, Packet p, Object flow) {
        byte[] d = p.frame.data;
        int alen = p.ipVersion == 6 ? 16 : 4;
        return switch (t.trackBy()) {
            case BY_SRC -> new Key(r.sid, r.gid, Arrays.copyOfRange(d, p.srcAddrOffset, p.srcAddrOffset + alen), null);
            case BY_DST -> new Key(r.sid, r.gid, Arrays.copyOfRange(d, p.dstAddrOffset, p.dstAddrOffset + alen), null);
            case BY_BOTH -> {
                byte[] a = new byte[alen * 2];
                System.arraycopy(d, p.srcAddrOffset, a, 0, alen);
                System.arraycopy(d, p.dstAddrOffset, a, alen, alen);
                yield new Key(r.sid, r.gid, a, null);
            }
            case BY_RULE -> new Key(r.sid, r.gid, new byte[0], null);
            case BY_FLOW -> new Key(r.sid, r.gid, new byte[0], flow);
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
