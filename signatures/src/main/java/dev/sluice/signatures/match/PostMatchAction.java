package dev.sluice.signatures.match;

/** Something a rule does after it matched in full (flowbits:set, ...). */
@FunctionalInterface
public interface PostMatchAction {
    void apply(DetectContext ctx);
}
