package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.match.Content;

/**
 * within: the last content ends at most N bytes after the end of the previous match (counted from
 * the distance when there is one); N may be a variable.
 */
public final class Within extends ContentModifier {
    public Within() {
        super("within", "within: N|var, the last content ends within N bytes of the previous match.", Value.REQUIRED);
    }

    @Override
    void edit(String value, Content.Spec s, RuleBuilder.PatternCandidate cand, RuleBuilder rule) throws RuleException {
        if (s.hasWithin) {
            throw new RuleException("can't use within twice on the same content");
        }
        noAbsolute(name(), s);
        noNegatedFastPattern(name(), s, cand);
        int[] v = numberOrVar(name(), value, rule, -1_000_000, 1_000_000);
        if (v[1] == 0 && v[0] < s.pattern.length) {
            throw new RuleException("within " + v[0] + " smaller than content length " + s.pattern.length);
        }
        s.hasWithin = true;
        s.within = v[0];
        s.withinVar = v[1] == 1;
    }
}
