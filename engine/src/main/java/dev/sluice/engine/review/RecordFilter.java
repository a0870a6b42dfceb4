package dev.sluice.engine.review;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which records a review or report keeps: every given criterion must hold; a criterion given
 * several times (sids, addresses, actions) holds when any of its values does.
 *
 * @param sids       signature ids, empty: any
 * @param sources    source ranges, empty: any
 * @param dests      destination ranges, empty: any
 * @param actions    action words, empty: any
 * @param fromMicros first time kept (inclusive), {@code Long.MIN_VALUE}: no bound
 * @param toMicros   last time kept (inclusive), {@code Long.MAX_VALUE}: no bound
 */
public record RecordFilter(Set<Long> sids, List<AddressRange> sources, List<AddressRange> dests,
                           Set<Action> actions, long fromMicros, long toMicros) implements Predicate<LogRecord> {

    /** Keeps everything. */
    public static final RecordFilter ALL = new RecordFilter(Set.of(), List.of(), List.of(), Set.of(),
            Long.MIN_VALUE, Long.MAX_VALUE);

    /**
     * {@code --action} values. {@code alert}: alert records (every fast.log line); {@code drop}:
     * records of drop rules (eve drop records and blocked alerts, fast.log [Drop] and [wDrop]);
     * {@code blocked}: the packet was stopped (eve "blocked", fast.log [Drop]); {@code allowed}:
     * it went on.
     */
    public enum Action {
        ALERT, DROP, BLOCKED, ALLOWED;

        /** The action named {@code s} (any case). */
        public static Action parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--action: '" + s + "' is not one of alert, drop, blocked, allowed");
            }
        }

        boolean holds(LogRecord r) {
            return switch (this) {
                case ALERT -> r.type() == LogRecord.Type.ALERT;
                case DROP -> r.dropRule();
                case BLOCKED -> r.blocked();
                case ALLOWED -> !r.blocked();
            };
        }
    }

    public RecordFilter {
        sids = Set.copyOf(sids);
        sources = List.copyOf(sources);
        dests = List.copyOf(dests);
        actions = Set.copyOf(actions);
    }

    @Override
    public boolean test(LogRecord r) {
        if (r.micros() < fromMicros || r.micros() > toMicros) {
            return false;
        }
        if (!sids.isEmpty() && !(r.hasRule() && sids.contains(r.sid()))) {
            return false;
        }
        if (!actions.isEmpty() && actions.stream().noneMatch(a -> a.holds(r))) {
            return false;
        }
        if (!sources.isEmpty() && sources.stream().noneMatch(a -> a.contains(r.srcIp()))) {
            return false;
        }
        return dests.isEmpty() || dests.stream().anyMatch(a -> a.contains(r.dstIp()));
    }

    /** True when the filter keeps everything. */
    public boolean keepsAll() {
        return sids.isEmpty() && sources.isEmpty() && dests.isEmpty() && actions.isEmpty()
                && fromMicros == Long.MIN_VALUE && toMicros == Long.MAX_VALUE;
    }
}
