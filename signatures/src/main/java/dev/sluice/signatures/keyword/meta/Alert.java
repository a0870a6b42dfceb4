package dev.sluice.signatures.keyword.meta;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;

/** alert: makes a firewall-mode accept rule also alert; rules here alert by their action, so it adds nothing. */
public final class Alert extends BaseKeyword {
    public Alert() {
        super("alert", "alert: also alert (firewall-mode rules); alert rules alert anyway.", Value.NONE);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        Args.none(name(), value);
    }
}
