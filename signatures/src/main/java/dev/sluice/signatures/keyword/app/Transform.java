package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;

/**
 * A transform after a sticky buffer (dotprefix, to_lowercase, url_decode, xor, pcrexform, ...).
 * Transforms are not applied yet: on an application-layer buffer the rule already waits for its
 * parser; on the packet payload or a header buffer the rule is parked with that reason.
 */
public final class Transform extends BaseKeyword {
    public Transform(String name, Value value) {
        super(name, name + ": buffer transform (not applied yet; parks the rule).", value);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        if (value() == Value.NONE && value != null && !value.isBlank()) {
            throw new RuleException(name() + " takes no value");
        }
        if (value() == Value.REQUIRED && (value == null || value.isBlank())) {
            throw new RuleException(name() + " needs a value");
        }
        if (rule.currentBuffer().active()) {
            rule.markInactive("transform " + name() + " not implemented yet");
        }
    }
}
