package dev.sluice.signatures.threshold;

import dev.sluice.signatures.Action;
import dev.sluice.signatures.ThresholdSpec;
import dev.sluice.signatures.header.AddressMatcher;

/**
 * One line of threshold.config. {@code gid} and {@code sid} name the rule; a sid of 0 means every
 * rule of that gid, and gid 0 with sid 0 every rule. {@code line} is where the entry starts in its
 * file (an entry continued with {@code \} spans several lines). Immutable.
 */
public sealed interface ThresholdEntry {
    long gid();

    long sid();

    int line();

    /** True when this entry names rule {@code gid:sid}, directly or through a wildcard. */
    default boolean appliesTo(long ruleGid, long ruleSid) {
        if (sid() == 0) {
            return gid() == 0 || gid() == ruleGid;
        }
        return gid() == ruleGid && sid() == ruleSid;
    }

    /** True for entries naming one rule (sid not 0). */
    default boolean specific() {
        return sid() != 0;
    }

    /**
     * {@code threshold} or {@code event_filter}: limits how often the rule alerts, as the rule's
     * own {@code threshold} keyword does.
     *
     * @param spec type limit, threshold or both with its track, count and seconds
     */
    record EventFilter(long gid, long sid, ThresholdSpec spec, int line) implements ThresholdEntry { }

    /** Whose address a {@code suppress ... ip} entry looks at. */
    enum SuppressTrack { BY_SRC, BY_DST, BY_EITHER }

    /**
     * {@code suppress}: the rule does not alert, for every packet ({@code track} null) or when the
     * packet's source, destination or either address is in {@code addresses}. The rule's action
     * still applies.
     *
     * @param addressText the address expression as written, for messages
     */
    record Suppress(long gid, long sid, SuppressTrack track, AddressMatcher addresses, String addressText, int line)
            implements ThresholdEntry {
        /** True when the entry suppresses every alert of the rule, whatever the addresses. */
        public boolean wholeRule() {
            return track == null;
        }
    }

    /** What a {@code rate_filter} turns the rule's action into while it is active. */
    enum NewAction {
        ALERT(Action.ALERT), DROP(Action.DROP), REJECT(Action.REJECT), PASS(Action.PASS),
        /** Accepted as Suricata accepts it; changes nothing. */
        LOG(null),
        /** Accepted as Suricata accepts it; changes nothing. */
        SDROP(null);

        /** The rule action it stands for; null when the rule keeps its own. */
        public final Action action;

        NewAction(Action action) {
            this.action = action;
        }
    }

    /**
     * {@code rate_filter}: once the rule has matched more than {@code count} times within
     * {@code seconds} (counted per {@code track}), its matches take {@code newAction} for
     * {@code timeout} seconds.
     */
    record RateFilter(long gid, long sid, ThresholdSpec.Track track, int count, int seconds, NewAction newAction,
                      int timeout, int line) implements ThresholdEntry { }
}
