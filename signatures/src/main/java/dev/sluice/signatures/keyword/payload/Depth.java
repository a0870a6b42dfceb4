package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.match.Content;

/** depth: the last content must lie within this many bytes from its offset (a number or a variable). */
public final class Depth extends ContentModifier {
    public Depth() {
        super("depth", "depth: N|var, the last content ends within N bytes of its offset.", Value.REQUIRED);
    }

    @Override
    void edit(String value, Content.Spec s, RuleBuilder.PatternCandidate cand, RuleBuilder rule) throws RuleException {
        if (s.startsWith) {
            throw new RuleException("can't use depth with startswith on the same content");
        }
        if (s.hasDepth) {
            throw new RuleException("can't use depth twice on the same content");
        }
        noRelative(name(), s);
        int[] v = numberOrVar(name(), value, rule, 0, 65535);
        if (v[1] == 0 && v[0] < s.pattern.length) {
            throw new RuleException("depth " + v[0] + " smaller than content length " + s.pattern.length);
        }
        s.hasDepth = true;
        s.depth = v[0];
        s.depthVar = v[1] == 1;
    }
}
