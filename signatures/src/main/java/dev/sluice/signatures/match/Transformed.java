package dev.sluice.signatures.match;

import dev.sluice.signatures.transform.TransformChain;

/**
 * Marks, in a buffer's item list, where the items after it inspect the buffer through a transform
 * chain (an empty chain: the raw buffer again). Split off by {@link PayloadProgram}; never run as
 * an item. Immutable.
 */
public final class Transformed implements PayloadItem {
    public final TransformChain chain;

    public Transformed(TransformChain chain) {
        this.chain = chain;
    }

    @Override
    public boolean relative() {
        return false;
    }

    @Override
    public String toString() {
        return chain.isEmpty() ? "(untransformed)" : chain.toString();
    }
}
