package dev.sluice.signatures.transform;

/**
 * compress_whitespace: each run of whitespace bytes (C isspace) shrinks to its first byte, so
 * "a \t\r\n b" becomes "a b".
 */
public final class CompressWhitespace implements BufferTransform {
    public static final CompressWhitespace INSTANCE = new CompressWhitespace();

    private CompressWhitespace() {
    }

    @Override
    public int maxOutput(int len) {
        return len;
    }

    @Override
    public int apply(byte[] in, int off, int len, byte[] out, TransformScratch scratch) {
        int o = 0;
        boolean inRun = false;
        for (int i = off; i < off + len; i++) {
            boolean space = StripWhitespace.isSpace(in[i]);
            if (!space || !inRun) {
                out[o++] = in[i];
            }
            inRun = space;
        }
        return o;
    }

    @Override
    public Prefilter prefilter() {
        return Prefilter.NONE;
    }

    @Override
    public String toString() {
        return "compress_whitespace";
    }
}
