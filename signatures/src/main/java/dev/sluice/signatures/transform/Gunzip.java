package dev.sluice.signatures.transform;

import dev.sluice.signatures.RuleException;

/** gunzip[:max-size N]: the buffer becomes the inflated content of the gzip member it holds. */
public final class Gunzip extends Decompress {
    public Gunzip(int maxSize) {
        super(maxSize, "gunzip", true);
    }

    public static Gunzip parse(String value) throws RuleException {
        return new Gunzip(parseMaxSize("gunzip", value));
    }
}
