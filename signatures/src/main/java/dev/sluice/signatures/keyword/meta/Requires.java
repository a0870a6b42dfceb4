package dev.sluice.signatures.keyword.meta;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;

/**
 * requires: features or a version the rule needs ({@code feature X, version >= 7.0}). Accepted: the
 * rule loads and is judged by its own keywords, which refuse or park what is missing.
 */
public final class Requires extends BaseKeyword {
    public Requires() {
        super("requires", "requires: needed features/version (accepted; unsupported keywords speak for themselves).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        Args.required(name(), value);
    }
}
