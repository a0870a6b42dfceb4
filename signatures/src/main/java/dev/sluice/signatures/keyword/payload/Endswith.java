package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.match.Content;

/** endswith: the last content ends exactly at the end of the buffer. */
public final class Endswith extends ContentModifier {
    public Endswith() {
        super("endswith", "endswith: the last content ends the buffer.", Value.NONE);
    }

    @Override
    void edit(String value, Content.Spec s, RuleBuilder.PatternCandidate cand, RuleBuilder rule) throws RuleException {
        Args.none(name(), value);
        if (s.endsWith) {
            throw new RuleException("can't use endswith twice on the same content");
        }
        s.endsWith = true;
    }
}
