package dev.sluice.signatures.keyword.meta;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;

/** priority: alert priority, 1 highest; overrides the classtype's. */
public final class Priority extends BaseKeyword {
    public Priority() {
        super("priority", "priority: alert priority, 1 highest; overrides the classtype's.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        rule.priority = Args.parseInt(name(), "priority", Args.unquote(Args.required(name(), value)), 1, 255);
        rule.priorityExplicit = true;
    }
}
