package dev.sluice.signatures.keyword.flow;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;

/** detection_filter: {@code track by_src|by_dst|..., count N, seconds S}: alert only past N matches in S seconds. */
public final class DetectionFilter extends BaseKeyword {
    public DetectionFilter() {
        super("detection_filter", "detection_filter: track X,count N,seconds S (alert after N matches).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        if (rule.threshold != null) {
            throw new RuleException("detection_filter: the rule already has a threshold or detection_filter");
        }
        rule.threshold = ThresholdParser.parse(name(), value, true);
    }
}
