package dev.sluice.signatures.transform;

/**
 * url_decode: "%XX" with two hex digits becomes that byte and '+' becomes a space; a '%' without
 * two hex digits after it is kept as it is.
 */
public final class UrlDecode implements BufferTransform {
    public static final UrlDecode INSTANCE = new UrlDecode();

    private UrlDecode() {
    }

    static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    @Override
    public int maxOutput(int len) {
        return len;
    }

    @Override
    public int apply(byte[] in, int off, int len, byte[] out, TransformScratch scratch) {
        int o = 0;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte c = in[i];
            if (c == '%' && i + 2 < end && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                out[o++] = (byte) (hex(in[i + 1]) << 4 | hex(in[i + 2]));
                i += 2;
            } else {
                out[o++] = c == '+' ? (byte) ' ' : c;
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
        return "url_decode";
    }
}
