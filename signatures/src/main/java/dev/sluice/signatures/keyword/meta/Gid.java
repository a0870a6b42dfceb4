package dev.sluice.signatures.keyword.meta;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;

/** gid: the generator id (default 1). */
public final class Gid extends BaseKeyword {
    public Gid() {
        super("gid", "gid: the generator id (default 1).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        rule.gid = Args.parseInt(name(), "gid", Args.unquote(Args.required(name(), value)), 0, Integer.MAX_VALUE);
    }
}
