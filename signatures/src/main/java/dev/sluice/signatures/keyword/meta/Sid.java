package dev.sluice.signatures.keyword.meta;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;

/** sid: the rule id, a positive number. */
public final class Sid extends BaseKeyword {
    public Sid() {
        super("sid", "sid: the rule id, a positive number.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        rule.sid = Args.parseLong(name(), "sid", Args.unquote(Args.required(name(), value)), 1, 0xffffffffL);
    }
}
