package dev.sluice.signatures.keyword.flow;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;

/**
 * threshold: {@code type limit|threshold|both|backoff, track by_src|by_dst|by_rule|by_both|by_flow,
 * count N, seconds S} (backoff: {@code multiplier M} instead of seconds). The engine keeps the counts.
 */
public final class Threshold extends BaseKeyword {
    public Threshold() {
        super("threshold", "threshold: type T,track X,count N,seconds S (alert rate control).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        if (rule.threshold != null) {
            throw new RuleException("threshold: the rule already has a threshold or detection_filter");
        }
        rule.threshold = ThresholdParser.parse(name(), value, false);
    }
}
