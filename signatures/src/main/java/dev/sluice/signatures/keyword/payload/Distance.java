package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.match.Content;

/**
 * distance: the last content starts at least N bytes (may be negative) after the end of the
 * previous match; N may be a variable.
 */
public final class Distance extends ContentModifier {
    public Distance() {
        super("distance", "distance: N|var, the last content starts N bytes after the previous match.", Value.REQUIRED);
    }

    @Override
    void edit(String value, Content.Spec s, RuleBuilder.PatternCandidate cand, RuleBuilder rule) throws RuleException {
        if (s.hasDistance) {
            throw new RuleException("can't use distance twice on the same content");
        }
        noAbsolute(name(), s);
        noNegatedFastPattern(name(), s, cand);
        int[] v = numberOrVar(name(), value, rule, -1_000_000, 1_000_000);
        s.hasDistance = true;
        s.distance = v[0];
        s.distanceVar = v[1] == 1;
    }
}
