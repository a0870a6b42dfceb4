package dev.sluice.signatures.keyword.meta;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;

/** noalert: the rule never alerts (it may still set flowbits). */
public final class Noalert extends BaseKeyword {
    public Noalert() {
        super("noalert", "noalert: the rule never alerts (it may still set flowbits).", Value.NONE);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        Args.none(name(), value);
        rule.noalert = true;
    }
}
