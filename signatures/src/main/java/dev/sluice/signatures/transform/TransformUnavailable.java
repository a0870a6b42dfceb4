package dev.sluice.signatures.transform;

import dev.sluice.signatures.RuleException;

/** A transform that cannot run on this machine (a missing data file): the rule loads but is parked with this reason. */
public final class TransformUnavailable extends RuleException {
    public TransformUnavailable(String reason) {
        super(reason);
    }
}
