package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.transform.BufferTransform;
import dev.sluice.signatures.transform.FromBase64;
import dev.sluice.signatures.transform.TransformUnavailable;

/**
 * A transform keyword after a sticky buffer (dotprefix, to_lowercase, url_decode, xor, pcrexform,
 * ...): parses its value into a {@link BufferTransform} and adds it to the buffer's chain. A
 * transform Sluice cannot apply yet (domain, luaxform, ...) loads but parks the rule with its reason.
 */
public final class Transform extends BaseKeyword {
    /** Parses the keyword value (null when none) into the transform. */
    @FunctionalInterface
    public interface Parser {
        BufferTransform parse(String value) throws RuleException;
    }

    private final Parser parser;
    private final String parkReason;

    private Transform(String name, Value value, Parser parser, String parkReason, String summary) {
        super(name, summary, value);
        this.parser = parser;
        this.parkReason = parkReason;
    }

    /** A transform that is applied. */
    public static Transform of(String name, Value value, String what, Parser parser) {
        return new Transform(name, value, parser, null, name + ": buffer transform, " + what + ".");
    }

    /** A transform that loads but parks the rule. */
    public static Transform parked(String name, Value value, String reason) {
        return new Transform(name, value, null, reason, name + ": buffer transform (parks the rule: " + reason + ").");
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        if (value() == Value.NONE && value != null && !value.isBlank()) {
            throw new RuleException(name() + " takes no value");
        }
        if (value() == Value.REQUIRED && (value == null || value.isBlank())) {
            throw new RuleException(name() + " needs a value");
        }
        if (parser == null) {
            rule.markInactive("transform " + name() + " not implemented: " + parkReason);
            return;
        }
        BufferTransform t;
        try {
            t = parser.parse(value);
        } catch (FromBase64.VariableValue | TransformUnavailable e) {
            rule.markInactive(e.getMessage());
            return;
        }
        rule.addTransform(t);
    }
}
