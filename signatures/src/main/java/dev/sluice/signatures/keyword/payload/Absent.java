package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;

/** absent[:or_else]: the current application-layer buffer is missing. Only for such buffers. */
public final class Absent extends BaseKeyword {
    public Absent() {
        super("absent", "absent[:or_else]: the current application-layer buffer is missing.", Value.OPTIONAL);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        if (value != null && !value.isBlank() && !value.trim().equals("or_else")) {
            throw new RuleException("absent: unknown option '" + value.trim() + "'");
        }
        if (!rule.currentBuffer().appLayer()) {
            throw new RuleException("absent needs an application-layer sticky buffer, not " + rule.currentBuffer().keyword);
        }
        rule.markInactive("absent not implemented yet");
    }
}
