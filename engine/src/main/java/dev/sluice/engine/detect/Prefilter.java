package dev.sluice.engine.detect;

import dev.sluice.signatures.mpm.MultiPatternMatcher;

/**
 * The prefilter of one class of packets (see {@link RuleGroup#byClass}): the fast patterns of the
 * rules that can apply to that class, in two matchers. Patterns that may be anywhere are searched
 * in the whole buffer; patterns of absolute contents (depth, startswith) only in the buffer's first
 * {@link #prefixLength} bytes, which is what lets the whole-buffer matcher of a large payload stay
 * small. Immutable; classes with the same rules share one.
 */
final class Prefilter {
    /** Contents whose bound (offset plus depth) is larger go to the whole-buffer matcher. */
    static final int MAX_PREFIX = 1024;

    /** Index among the engine's prefilters: where a worker keeps its scanners for this one. */
    final int id;
    /** Null when no pattern may be anywhere. */
    final MultiPatternMatcher anywhere;
    /** For each pattern id of {@link #anywhere}, the rules (ascending) whose fast pattern it is. */
    final int[][] anywhereRules;
    /** Null when no pattern is bound to the start of the buffer. */
    final MultiPatternMatcher prefix;
    final int[][] prefixRules;
    /** The largest bound of the prefix patterns: how much of a buffer {@link #prefix} searches. */
    final int prefixLength;
    /** Rules with a fast pattern in this prefilter, for stats and tests. */
    final int ruleCount;

    Prefilter(int id, MultiPatternMatcher anywhere, int[][] anywhereRules,
              MultiPatternMatcher prefix, int[][] prefixRules, int prefixLength, int ruleCount) {
        this.id = id;
        this.anywhere = anywhere;
        this.anywhereRules = anywhereRules;
        this.prefix = prefix;
        this.prefixRules = prefixRules;
        this.prefixLength = prefixLength;
        this.ruleCount = ruleCount;
    }

    void close() {
        if (anywhere != null) {
            anywhere.close();
        }
        if (prefix != null) {
            prefix.close();
        }
    }
}
