package dev.sluice.signatures.keyword.meta;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;

/** msg: the alert message (quoted; backslash escapes removed). */
public final class Msg extends BaseKeyword {
    public Msg() {
        super("msg", "msg: the alert message (quoted; backslash escapes removed).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        rule.msg = Args.unescape(Args.unquote(Args.required(name(), value)));
    }
}
