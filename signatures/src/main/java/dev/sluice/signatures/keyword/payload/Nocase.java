package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.match.Content;

/** nocase: the last content matches regardless of ASCII case. */
public final class Nocase extends ContentModifier {
    public Nocase() {
        super("nocase", "nocase: the last content ignores ASCII case.", Value.NONE);
    }

    @Override
    void edit(String value, Content.Spec s, RuleBuilder.PatternCandidate cand, RuleBuilder rule) throws RuleException {
        Args.none(name(), value);
        if (s.nocase) {
            throw new RuleException("can't use nocase twice on the same content");
        }
        s.nocase = true;
    }

    @Override
    void after(String value, RuleBuilder.PatternCandidate cand, Content.Spec s) {
        cand.nocase = true;
    }
}
