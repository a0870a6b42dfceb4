package dev.sluice.signatures.keyword.meta;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;

/** target: which side of the alert is the target (src_ip or dest_ip). */
public final class Target extends BaseKeyword {
    public Target() {
        super("target", "target: which side of the alert is the target (src_ip or dest_ip).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = Args.required(name(), value);
        if (!v.equals("src_ip") && !v.equals("dest_ip")) {
            throw new RuleException("target must be src_ip or dest_ip, not '" + v + "'");
        }
    }
}
