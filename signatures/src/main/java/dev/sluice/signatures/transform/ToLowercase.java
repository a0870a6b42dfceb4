package dev.sluice.signatures.transform;

/** to_lowercase: ASCII A-Z become a-z; every other byte is kept. */
public final class ToLowercase implements BufferTransform {
    public static final ToLowercase INSTANCE = new ToLowercase();

    private ToLowercase() {
    }

    @Override
    public int maxOutput(int len) {
        return len;
    }

    @Override
    public int apply(byte[] in, int off, int len, byte[] out, TransformScratch scratch) {
        for (int i = 0; i < len; i++) {
            byte c = in[off + i];
            out[i] = c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
        }
        return len;
    }

    @Override
    public Prefilter prefilter() {
        return Prefilter.NOCASE;
    }

    @Override
    public String toString() {
        return "to_lowercase";
    }
}
