package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.match.Content;

/** offset: the last content starts at or after this byte of the buffer (a number or a variable). */
public final class Offset extends ContentModifier {
    public Offset() {
        super("offset", "offset: N|var, the last content starts at or after byte N.", Value.REQUIRED);
    }

    @Override
    void edit(String value, Content.Spec s, RuleBuilder.PatternCandidate cand, RuleBuilder rule) throws RuleException {
        if (s.startsWith) {
            throw new RuleException("can't use offset with startswith on the same content");
        }
        if (s.hasOffset) {
            throw new RuleException("can't use offset twice on the same content");
        }
        noRelative(name(), s);
        int[] v = numberOrVar(name(), value, rule, 0, 65535);
        s.hasOffset = true;
        s.offset = v[0];
        s.offsetVar = v[1] == 1;
    }
}
