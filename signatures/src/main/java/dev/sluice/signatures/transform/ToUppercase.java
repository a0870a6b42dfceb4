package dev.sluice.signatures.transform;

/** to_uppercase: ASCII a-z become A-Z; every other byte is kept. */
public final class ToUppercase implements BufferTransform {
    public static final ToUppercase INSTANCE = new ToUppercase();

    private ToUppercase() {
    }

    @Override
    public int maxOutput(int len) {
        return len;
    }

    @Override
    public int apply(byte[] in, int off, int len, byte[] out, TransformScratch scratch) {
        for (int i = 0; i < len; i++) {
            byte c = in[off + i];
            out[i] = c >= 'a' && c <= 'z' ? (byte) (c - 32) : c;
        }
        return len;
    }

    @Override
    public Prefilter prefilter() {
        return Prefilter.NOCASE;
    }

    @Override
    public String toString() {
        return "to_uppercase";
    }
}
