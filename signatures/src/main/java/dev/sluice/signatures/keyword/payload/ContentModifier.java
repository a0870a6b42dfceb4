package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.Content;

/**
 * Base of the modifiers that act on the rule's last content (nocase, depth, offset, distance,
 * within, startswith, endswith, fast_pattern, rawbytes): finds it, lets the subclass edit a copy of
 * its settings, and swaps the rebuilt content in.
 */
abstract class ContentModifier extends BaseKeyword {
    ContentModifier(String name, String summary, Value value) {
        super(name, summary, value);
    }

    @Override
    public final void apply(String value, RuleBuilder rule) throws RuleException {
        RuleBuilder.PatternCandidate cand = rule.lastAddedCandidate();
        if (cand == null || !(cand.item instanceof Content)) {
            throw new RuleException("no content before '" + name() + "'");
        }
        Content old = (Content) cand.item;
        Content.Spec s = old.toSpec();
        edit(value, s, cand, rule);
        Content neu = s.build();
        rule.replaceItem(old, neu);
        after(value, rule.lastAddedCandidate(), s);
    }

    /** Checks and edits the settings; may refuse. */
    abstract void edit(String value, Content.Spec s, RuleBuilder.PatternCandidate cand, RuleBuilder rule) throws RuleException;

    /** Updates the (rebuilt) prefilter candidate, when the modifier affects it. */
    void after(String value, RuleBuilder.PatternCandidate cand, Content.Spec s) throws RuleException {
    }

    /** A number in [min,max], or the slot of a variable; returns {value, isVar ? 1 : 0}. */
    static int[] numberOrVar(String keyword, String value, RuleBuilder rule, int min, int max) throws RuleException {
        String v = Args.unquote(Args.required(keyword, value)).trim();
        if (Args.isVarName(v)) {
            return new int[] {Args.varSlot(rule, keyword, v), 1};
        }
        return new int[] {Args.parseInt(keyword, "value", v, min, max), 0};
    }

    static void noRelative(String keyword, Content.Spec s) throws RuleException {
        if (s.hasDistance || s.hasWithin) {
            throw new RuleException("can't use the absolute '" + keyword + "' with distance/within on the same content");
        }
    }

    static void noAbsolute(String keyword, Content.Spec s) throws RuleException {
        if (s.startsWith) {
            throw new RuleException("can't use '" + keyword + "' with startswith on the same content");
        }
        if (s.hasDepth || s.hasOffset) {
            throw new RuleException("can't use the relative '" + keyword + "' with depth/offset on the same content");
        }
    }

    static void noNegatedFastPattern(String keyword, Content.Spec s, RuleBuilder.PatternCandidate cand) throws RuleException {
        if (s.negated && cand.explicit) {
            throw new RuleException("can't use the relative '" + keyword + "' on a negated fast_pattern content");
        }
    }
}
