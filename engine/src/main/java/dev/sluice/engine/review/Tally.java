package dev.sluice.engine.review;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of the records a review or report keeps: by kind, by signature, source, destination and
 * destination port, with the time range seen. Top lists are ordered by count, then by key.
 */
public final class Tally {
    /** One line of a top list: a key, its count and, for signatures, the message. */
    public record Entry(String key, long count, String label) {
    }

    private final Map<String, long[]> signatures = new HashMap<>();
    private final Map<String, String> messages = new HashMap<>();
    private final Map<String, long[]> sources = new HashMap<>();
    private final Map<String, long[]> destinations = new HashMap<>();
    private final Map<String, long[]> dstPorts = new HashMap<>();
    private long total;
    private long alerts;
    private long drops;
    private long blocked;
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    /** Counts {@code r}. */
    public void add(LogRecord r) {
        total++;
        if (r.type() == LogRecord.Type.ALERT) {
            alerts++;
        } else {
            drops++;
        }
        if (r.blocked()) {
            blocked++;
        }
        first = Math.min(first, r.micros());
        last = Math.max(last, r.micros());
        String sig = r.sidLabel();
        bump(signatures, sig);
        // The latest message wins when a rule's text changed between revisions.
        messages.put(sig, r.hasRule() ? r.msg() : "(dropped without a rule)");
        bump(sources, r.srcIp());
        bump(destinations, r.dstIp());
        bump(dstPorts, r.dstPortLabel());
    }

    public long total() {
        return total;
    }

    public long alerts() {
        return alerts;
    }

    public long drops() {
        return drops;
    }

    public long blocked() {
        return blocked;
    }

    public long allowed() {
        return total - blocked;
    }

    /** Time of the earliest record, microseconds; {@code Long.MAX_VALUE} when there is none. */
    public long first() {
        return first;
    }

    /** Time of the latest record, microseconds; {@code Long.MIN_VALUE} when there is none. */
    public long last() {
        return last;
    }

    /** The {@code n} most frequent signatures; the entry's label is the message. */
    public List<Entry> topSignatures(int n) {
        return top(signatures, n, messages);
    }

    public List<Entry> topSources(int n) {
        return top(sources, n, null);
    }

    public List<Entry> topDestinations(int n) {
        return top(destinations, n, null);
    }

    /** Destination ports as {@code TCP/80}; protocols without ports by name. */
    public List<Entry> topDstPorts(int n) {
        return top(dstPorts, n, null);
    }

    private static void bump(Map<String, long[]> m, String key) {
        m.computeIfAbsent(key, k -> new long[1])[0]++;
    }

    private static List<Entry> top(Map<String, long[]> m, int n, Map<String, String> labels) {
        List<Entry> all = new ArrayList<>(m.size());
        for (Map.Entry<String, long[]> e : m.entrySet()) {
            all.add(new Entry(e.getKey(), e.getValue()[0], labels == null ? e.getKey() : labels.get(e.getKey())));
        }
        all.sort(Comparator.comparingLong(Entry::count).reversed().thenComparing(Entry::key));
        return all.size() > n ? new ArrayList<>(all.subList(0, Math.max(n, 0))) : all;
    }
}
