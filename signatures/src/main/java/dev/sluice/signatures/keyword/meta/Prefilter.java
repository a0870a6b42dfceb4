package dev.sluice.signatures.keyword.meta;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;

/** prefilter: prefers this keyword for prefiltering; accepted, the prefilter picks its own pattern. */
public final class Prefilter extends BaseKeyword {
    public Prefilter() {
        super("prefilter", "prefilter: prefers this keyword for prefiltering; accepted, the prefilter picks its own pattern.", Value.NONE);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        Args.none(name(), value);
    }
}
