package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.match.Content;

/** startswith: the last content is at the very start of the buffer (depth = its length, offset 0). */
public final class Startswith extends ContentModifier {
    public Startswith() {
        super("startswith", "startswith: the last content starts the buffer.", Value.NONE);
    }

    @Override
    void edit(String value, Content.Spec s, RuleBuilder.PatternCandidate cand, RuleBuilder rule) throws RuleException {
        Args.none(name(), value);
        if (s.startsWith || s.hasDepth) {
            throw new RuleException("can't use startswith with depth (or twice) on the same content");
        }
        if (s.hasOffset) {
            throw new RuleException("can't use startswith with offset on the same content");
        }
        if (s.hasDistance || s.hasWithin) {
            throw new RuleException("can't use startswith with distance/within on the same content");
        }
        s.startsWith = true;
        s.hasDepth = true;
        s.depth = s.pattern.length;
    }
}
