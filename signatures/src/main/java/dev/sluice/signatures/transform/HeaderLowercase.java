package dev.sluice.signatures.transform;

/**
 * header_lowercase: in a block of "Name: value" header lines, lower-cases each name (the bytes from
 * a line's start up to its first ':') and keeps the values as they are.
 */
public final class HeaderLowercase implements BufferTransform {
    public static final HeaderLowercase INSTANCE = new HeaderLowercase();

    private HeaderLowercase() {
    }

    @Override
    public int maxOutput(int len) {
        return len;
    }

    @Override
    public int apply(byte[] in, int off, int len, byte[] out, TransformScratch scratch) {
        boolean inName = true;
        for (int i = 0; i < len; i++) {
            byte c = in[off + i];
            if (c == '\n') {
                inName = true;
            } else if (inName && c == ':') {
                inName = false;
            } else if (inName && c >= 'A' && c <= 'Z') {
                c = (byte) (c + 32);
            }
            out[i] = c;
        }
        return len;
    }

    @Override
    public Prefilter prefilter() {
        return Prefilter.NOCASE;
    }

    @Override
    public String toString() {
        return "header_lowercase";
    }
}
