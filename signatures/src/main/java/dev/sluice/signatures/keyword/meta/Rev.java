package dev.sluice.signatures.keyword.meta;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;

/** rev: the rule revision. */
public final class Rev extends BaseKeyword {
    public Rev() {
        super("rev", "rev: the rule revision.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        rule.rev = Args.parseInt(name(), "rev", Args.unquote(Args.required(name(), value)), 0, Integer.MAX_VALUE);
    }
}
