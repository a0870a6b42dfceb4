package dev.sluice.signatures.keyword.meta;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;

/** reference: an external reference (system,id), kept as written. */
public final class Reference extends BaseKeyword {
    public Reference() {
        super("reference", "reference: an external reference (system,id), kept as written.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        rule.references.add(Args.unquote(Args.required(name(), value)));
    }
}
