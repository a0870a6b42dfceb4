package dev.sluice.signatures.threshold;

import dev.sluice.signatures.ThresholdSpec;

import java.util.List;

/**
 * What thresholding applies to one rule once the rule's own keywords and threshold.config are put
 * together. A rule has at most one counter: a threshold (the file's for its sid, else its own
 * {@code threshold}/{@code detection_filter}, else a wildcard from the file) or a rate filter.
 * Suppressions are checked before either and do not count. Immutable.
 *
 * @param threshold    the threshold that decides whether a match alerts, or null
 * @param rateFilter   the rate filter that may change the rule's action, or null
 * @param suppressed   true when every alert of the rule is suppressed
 * @param suppressions the by-address suppressions, in file order
 */
public record RuleThresholds(ThresholdSpec threshold, ThresholdEntry.RateFilter rateFilter, boolean suppressed,
                             List<ThresholdEntry.Suppress> suppressions) {
    public RuleThresholds {
        suppressions = List.copyOf(suppressions);
    }

    /** A rule the file says nothing about: only its own threshold keyword, if any. */
    public static RuleThresholds ownOnly(ThresholdSpec own) {
        return new RuleThresholds(own, null, false, List.of());
    }

    /** True when the file changes nothing for a rule whose own threshold is {@code own}. */
    public boolean isOwnOnly(ThresholdSpec own) {
        return threshold == own && rateFilter == null && !suppressed && suppressions.isEmpty();
    }
}
