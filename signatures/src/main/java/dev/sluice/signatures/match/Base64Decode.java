package dev.sluice.signatures.match;

/**
 * base64_decode: decodes base64 text from an offset (from the cursor when relative), at most
 * {@code bytes} input bytes (0: to the end), into the worker's scratch; the items after the
 * {@link Base64Data} marker then inspect the decoded bytes. Characters outside the alphabet are
 * skipped and decoding stops at '=' (RFC 2045 style). Immutable.
 */
public final class Base64Decode implements PayloadItem {
    private static final byte[] VALUE = new byte[256];

    static {
        java.util.Arrays.fill(VALUE, (byte) -1);
        String a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < a.length(); i++) {
            VALUE[a.charAt(i)] = (byte) i;
        }
    }

    final int bytes;
    final int offset;
    final boolean relativeFlag;

    public Base64Decode(int bytes, int offset, boolean relative) {
        this.bytes = bytes;
        this.offset = offset;
        this.relativeFlag = relative;
    }

    @Override
    public boolean relative() {
        return relativeFlag;
    }

    /** Decodes into ctx.base64; returns false when there is nothing to decode. */
    boolean decode(byte[] buf, int off, int len, DetectContext ctx) {
        long start = (relativeFlag ? ctx.cursor : 0) + (long) offset;
        ctx.base64Len = 0;
        if (start < 0 || start >= len) {
            return false;
        }
        long end = bytes > 0 ? Math.min(len, start + bytes) : len;
        byte[] out = ctx.base64;
        int o = 0;
        int acc = 0;
        int bits = 0;
        for (int i = off + (int) start; i < off + end && o < out.length; i++) {
            int b = buf[i] & 0xff;
            if (b == '=') {
                break;
            }
            int v = VALUE[b];
            if (v < 0) {
                continue;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >>> bits);
                acc &= (1 << bits) - 1;
            }
        }
        ctx.base64Len = o;
        return o > 0;
    }

    @Override
    public String toString() {
        return "base64_decode:bytes " + bytes + ",offset " + offset + (relativeFlag ? ",relative" : "");
    }
}
