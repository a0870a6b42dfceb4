package dev.sluice.signatures;

/**
 * threshold / detection_filter options of a rule. Immutable; the counters live in the engine.
 *
 * @param kind       limit, threshold, both, backoff, or detection_filter
 * @param trackBy    by_src, by_dst, by_rule, by_both, by_flow
 * @param count      the count
 * @param seconds    the window (unused by backoff)
 * @param multiplier backoff's growth factor (0 for the other kinds)
 */
public record ThresholdSpec(Kind kind, Track trackBy, int count, int seconds, int multiplier) {
    public enum Kind { LIMIT, THRESHOLD, BOTH, DETECTION_FILTER, BACKOFF }

    public enum Track { BY_SRC, BY_DST, BY_RULE, BY_BOTH, BY_FLOW }

    public ThresholdSpec(Kind kind, Track trackBy, int count, int seconds) {
        this(kind, trackBy, count, seconds, 0);
    }
}
