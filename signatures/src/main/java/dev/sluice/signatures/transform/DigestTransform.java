package dev.sluice.signatures.transform;

import java.security.DigestException;
import java.security.MessageDigest;

/** A transform replacing the buffer with the raw (binary, not hex) digest of it. */
abstract class DigestTransform implements BufferTransform {
    private final String algorithm;
    private final int size;
    private final String keyword;

    DigestTransform(String algorithm, int size, String keyword) {
        this.algorithm = algorithm;
        this.size = size;
        this.keyword = keyword;
    }

    @Override
    public int maxOutput(int len) {
        return size;
    }

    @Override
    public int apply(byte[] in, int off, int len, byte[] out, TransformScratch scratch) {
        MessageDigest md = scratch.digest(algorithm);
        md.update(in, off, len);
        try {
            return md.digest(out, 0, size);
        } catch (DigestException e) {
            throw new IllegalStateException(e); // out holds size bytes by the maxOutput contract
        }
    }

    @Override
    public Prefilter prefilter() {
        return Prefilter.NONE;
    }

    @Override
    public String toString() {
        return keyword;
    }
}
