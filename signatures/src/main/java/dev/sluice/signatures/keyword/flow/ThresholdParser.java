package dev.sluice.signatures.keyword.flow;

import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.ThresholdSpec;
import dev.sluice.signatures.keyword.Args;

/**
 * Parses {@code type T, track X, count N, seconds S} (threshold) and {@code track X, count N,
 * seconds S} (detection_filter), options in any order. A backoff threshold takes
 * {@code multiplier M} instead of seconds.
 */
final class ThresholdParser {
    private ThresholdParser() {
    }

    static ThresholdSpec parse(String keyword, String value, boolean filter) throws RuleException {
        ThresholdSpec.Kind kind = filter ? ThresholdSpec.Kind.DETECTION_FILTER : null;
        ThresholdSpec.Track track = null;
        long count = -1;
        long seconds = -1;
        long multiplier = -1;
        for (String o : Args.commaList(Args.required(keyword, value))) {
            String[] kv = o.trim().split("\\s+", 2);
            if (kv.length != 2) {
                throw new RuleException(keyword + ": expected 'key value', got '" + o + "'");
            }
            String k = kv[0];
            String v = kv[1].trim();
            switch (k) {
                case "type":
                    if (filter) {
                        throw new RuleException(keyword + ": no 'type' option");
                    }
                    if (kind != null) {
                        throw new RuleException(keyword + ": 'type' given twice");
                    }
                    switch (v) {
                        case "limit": kind = ThresholdSpec.Kind.LIMIT; break;
                        case "threshold": kind = ThresholdSpec.Kind.THRESHOLD; break;
                        case "both": kind = ThresholdSpec.Kind.BOTH; break;
                        case "backoff": kind = ThresholdSpec.Kind.BACKOFF; break;
                        default: throw new RuleException(keyword + ": unknown type '" + v + "'");
                    }
                    break;
                case "track":
                    if (track != null) {
                        throw new RuleException(keyword + ": 'track' given twice");
                    }
                    switch (v) {
                        case "by_src": track = ThresholdSpec.Track.BY_SRC; break;
                        case "by_dst": track = ThresholdSpec.Track.BY_DST; break;
                        case "by_rule": track = ThresholdSpec.Track.BY_RULE; break;
                        case "by_both": track = ThresholdSpec.Track.BY_BOTH; break;
                        case "by_flow": track = ThresholdSpec.Track.BY_FLOW; break;
                        default: throw new RuleException(keyword + ": unknown track '" + v + "'");
                    }
                    break;
                case "count":
                    count = Args.parseLong(keyword, "count", v, 1, Integer.MAX_VALUE);
                    break;
                case "seconds":
                    seconds = Args.parseLong(keyword, "seconds", v, 1, Integer.MAX_VALUE);
                    break;
                case "multiplier":
                    multiplier = Args.parseLong(keyword, "multiplier", v, 1, Integer.MAX_VALUE);
                    break;
                default:
                    throw new RuleException(keyword + ": unknown option '" + k + "'");
            }
        }
        if (kind == null) {
            throw new RuleException(keyword + " is missing 'type'");
        }
        if (track == null) {
            throw new RuleException(keyword + " is missing 'track'");
        }
        if (count < 0) {
            throw new RuleException(keyword + " is missing 'count'");
        }
        if (kind == ThresholdSpec.Kind.BACKOFF) {
            if (multiplier < 0) {
                throw new RuleException(keyword + " type backoff is missing 'multiplier'");
            }
            if (seconds >= 0) {
                throw new RuleException(keyword + " type backoff takes no 'seconds'");
            }
            return new ThresholdSpec(kind, track, (int) count, 0, (int) multiplier);
        }
        if (multiplier >= 0) {
            throw new RuleException(keyword + ": 'multiplier' only goes with type backoff");
        }
        if (seconds < 0) {
            throw new RuleException(keyword + " is missing 'seconds'");
        }
        return new ThresholdSpec(kind, track, (int) count, (int) seconds);
    }
}
