package dev.sluice.engine.detect;

import dev.sluice.signatures.mpm.MultiPatternMatcher;

/**
 * The rules that may apply to packets of one IP protocol. Rules are referred to by their index in
 * {@link DetectEngine#rules()}, which is evaluation order. Immutable after build.
 */
final class RuleGroup {
    /** Rules without a prefilter pattern: evaluated on every packet of the group, ascending. */
    final int[] always;
    /**
     * IP-only rules (addresses and protocol, any ports, no payload, packet condition or flowbit
     * test): evaluated on the first packet of each flow direction, and on every packet without a flow.
     */
    final int[] ipOnly;
    /** For each prefilter pattern id, the rules (ascending) whose fast pattern it is. */
    final int[][] rulesByPattern;
    /** Null when no rule of the group has a fast pattern. */
    final MultiPatternMatcher mpm;

    RuleGroup(int[] always, int[] ipOnly, int[][] rulesByPattern, MultiPatternMatcher mpm) {
        this.always = always;
        this.ipOnly = ipOnly;
        this.rulesByPattern = rulesByPattern;
        this.mpm = mpm;
    }
}
