package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.match.Content;

import java.util.List;

/**
 * fast_pattern: the last content is the rule's prefilter pattern; {@code only} (accepted, as the
 * plain form) or {@code offset,length} to use a slice of it. One per rule.
 */
public final class FastPatternKeyword extends ContentModifier {
    public FastPatternKeyword() {
        super("fast_pattern", "fast_pattern[:only|offset,length]: the last content is the prefilter pattern.", Value.OPTIONAL);
    }

    @Override
    void edit(String value, Content.Spec s, RuleBuilder.PatternCandidate cand, RuleBuilder rule) throws RuleException {
        for (RuleBuilder.PatternCandidate c : rule.candidates()) {
            if (c.explicit) {
                throw new RuleException("fast_pattern can be used on only one content in a rule");
            }
        }
        boolean only = value != null && value.trim().equals("only");
        if (s.negated && (s.hasDistance || s.hasWithin)) {
            throw new RuleException("can't use fast_pattern on a negated relative content");
        }
        if (s.negated && only) {
            throw new RuleException("can't use fast_pattern:only on a negated content");
        }
        if (value != null && !value.isBlank() && !only) {
            List<String> a = Args.commaList(value);
            if (a.size() != 2) {
                throw new RuleException("fast_pattern: expected 'only' or 'offset,length', got '" + value.trim() + "'");
            }
            int o = Args.parseInt(name(), "offset", a.get(0), 0, 65535);
            int l = Args.parseInt(name(), "length", a.get(1), 1, 65535);
            if (o + l > s.pattern.length) {
                throw new RuleException("fast_pattern offset+length (" + (o + l) + ") exceeds content length " + s.pattern.length);
            }
        }
    }

    @Override
    void after(String value, RuleBuilder.PatternCandidate cand, Content.Spec s) throws RuleException {
        cand.explicit = true;
        if (value != null && !value.isBlank() && !value.trim().equals("only")) {
            List<String> a = Args.commaList(value);
            cand.sliceOffset = Integer.parseInt(a.get(0));
            cand.sliceLength = Integer.parseInt(a.get(1));
        }
    }
}
