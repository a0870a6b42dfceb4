package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;

/**
 * A keyword Suricata knows whose test needs something Sluice does not have yet (an application
 * parser, a host table, ...): the rule loads but stays out of detection with the reason given,
 * e.g. "waiting for the tls parser (tls.version)".
 */
public final class Parked extends BaseKeyword {
    private final String reason;

    /** A test of the named application parser's state. */
    public static Parked app(String name, String parser, Value value) {
        return new Parked(name, "waiting for the " + parser + " parser (" + name + ")", value);
    }

    /** Anything else not done yet. */
    public static Parked notYet(String name, Value value) {
        return new Parked(name, name + " not implemented yet", value);
    }

    private Parked(String name, String reason, Value value) {
        super(name, name + ": loads, inactive (" + reason + ").", value);
        this.reason = reason;
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        if (value() == Value.NONE && value != null && !value.isBlank()) {
            throw new RuleException(name() + " takes no value");
        }
        if (value() == Value.REQUIRED && (value == null || value.isBlank())) {
            throw new RuleException(name() + " needs a value");
        }
        rule.markInactive(reason);
    }
}
