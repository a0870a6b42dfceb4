package dev.sluice.signatures.match;

/**
 * Reading numbers out of a buffer for byte_test, byte_jump, byte_extract and byte_math: raw
 * big/little-endian integers, or digits in a base (strtoull rules: leading white space and a sign
 * allowed, "0x" before hex digits). The value goes to {@link DetectContext#extracted}.
 */
final class ByteValues {
    private ByteValues() {
    }

    /** Reads n (1..8) bytes at pos; returns n. */
    static int raw(byte[] buf, int pos, int n, boolean little, DetectContext ctx) {
        long v = 0;
        if (little) {
            for (int i = n - 1; i >= 0; i--) {
                v = (v << 8) | (buf[pos + i] & 0xff);
            }
        } else {
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (buf[pos + i] & 0xff);
            }
        }
        ctx.extracted = v;
        return n;
    }

    /**
     * Parses at most n characters at pos as a number in base 8, 10 or 16.
     *
     * @return characters consumed, or 0 when there is no number or it overflows 64 bits
     */
    static int string(byte[] buf, int pos, int n, int base, DetectContext ctx) {
        int i = 0;
        while (i < n && isSpace(buf[pos + i])) {
            i++;
        }
        boolean minus = false;
        if (i < n && (buf[pos + i] == '+' || buf[pos + i] == '-')) {
            minus = buf[pos + i] == '-';
            i++;
        }
        if (base == 16 && i + 2 < n && buf[pos + i] == '0'
                && (buf[pos + i + 1] == 'x' || buf[pos + i + 1] == 'X')
                && digit(buf[pos + i + 2], 16) >= 0) {
            i += 2;
        }
        int startDigits = i;
        long v = 0;
        while (i < n) {
            int d = digit(buf[pos + i], base);
            if (d < 0) {
                break;
            }
            long nv = v * base + d;
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, base)) > 0) {
                return 0; // overflow: strtoull reports ERANGE, which counts as no value
            }
            v = nv;
            i++;
        }
        if (i == startDigits) {
            return 0;
        }
        ctx.extracted = minus ? -v : v;
        return i;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    private static int digit(byte b, int base) {
        int d;
        if (b >= '0' && b <= '9') {
            d = b - '0';
        } else if (b >= 'a' && b <= 'z') {
            d = b - 'a' + 10;
        } else if (b >= 'A' && b <= 'Z') {
            d = b - 'A' + 10;
        } else {
            return -1;
        }
        return d < base ? d : -1;
    }

    /** Applies a bitmask, then shifts right by the mask's trailing zero bits (when the result is not 0). */
    static long mask(long v, long bitmask) {
        v &= bitmask;
        if (v != 0 && bitmask != 0) {
            v >>>= Long.numberOfTrailingZeros(bitmask);
        }
        return v;
    }
}
