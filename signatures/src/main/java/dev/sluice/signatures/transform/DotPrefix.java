package dev.sluice.signatures.transform;

/** dotprefix: prepends a '.', so that content:".example.com" matches example.com and its subdomains only. */
public final class DotPrefix implements BufferTransform {
    public static final DotPrefix INSTANCE = new DotPrefix();

    private DotPrefix() {
    }

    @Override
    public int maxOutput(int len) {
        return len + 1;
    }

    @Override
    public int apply(byte[] in, int off, int len, byte[] out, TransformScratch scratch) {
        out[0] = '.';
        System.arraycopy(in, off, out, 1, len);
        return len + 1;
    }

    @Override
    public Prefilter prefilter() {
        return Prefilter.STRIP_LEADING_DOT;
    }

    @Override
    public String toString() {
        return "dotprefix";
    }
}
