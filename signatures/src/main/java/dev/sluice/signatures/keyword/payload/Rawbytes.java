package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.match.Content;

/** rawbytes: inspect the raw packet bytes; packet contents are raw already, so it changes nothing. */
public final class Rawbytes extends ContentModifier {
    public Rawbytes() {
        super("rawbytes", "rawbytes: the last content inspects raw bytes (always the case here).", Value.NONE);
    }

    @Override
    void edit(String value, Content.Spec s, RuleBuilder.PatternCandidate cand, RuleBuilder rule) throws RuleException {
        Args.none(name(), value);
    }
}
