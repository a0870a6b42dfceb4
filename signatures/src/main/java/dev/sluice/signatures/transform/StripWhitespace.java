package dev.sluice.signatures.transform;

/** strip_whitespace: drops every whitespace byte (C isspace: space, \t, \n, \v, \f, \r). */
public final class StripWhitespace implements BufferTransform {
    public static final StripWhitespace INSTANCE = new StripWhitespace();

    private StripWhitespace() {
    }

    /** C's isspace() in the C locale. */
    static boolean isSpace(byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    @Override
    public int maxOutput(int len) {
        return len;
    }

    @Override
    public int apply(byte[] in, int off, int len, byte[] out, TransformScratch scratch) {
        int o = 0;
        for (int i = off; i < off + len; i++) {
            if (!isSpace(in[i])) {
                out[o++] = in[i];
            }
        }
        return o;
    }

    @Override
    public Prefilter prefilter() {
        return Prefilter.NONE;
    }

    @Override
    public String toString() {
        return "strip_whitespace";
    }
}
