package dev.sluice.engine.decode;

/**
 * The Internet checksum (RFC 1071): a 16-bit one's complement sum over big-endian words.
 * Allocation-free; sums are carried in a {@code long} and folded at the end, so any number of
 * ranges can be added (pseudo header first, then the segment).
 */
public final class Checksum {
    /** Eight bytes at once, always read little-endian whatever the machine's order, at any offset (byte-array view reads may be unaligned). */
    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private Checksum() {}

    /**
     * Adds {@code len} bytes at {@code off} to {@code acc} as 16-bit big-endian words. An odd final
     * byte is padded with zero, so only the last range of a sum may have an odd length.
     */
    public static long add(byte[] d, int off, int len, long acc) {
        int end = off + len;
        int i = off;
        // 32 bytes a round into four independent sums, each 64 bits as two 32-bit halves: a one's
        // complement sum of 16-bit words folds the same from any multiple of 16 bits, and a long
        // holds 2^31 halves without overflow. Words read little-endian sum to the byte-swapped
        // checksum (RFC 1071, byte order independence): folded and swapped back, it joins acc.
        long a0 = 0;
        long a1 = 0;
        long a2 = 0;
        long a3 = 0;
        for (; i + 32 <= end; i += 32) {
            long v0 = (long) LONG_LE.get(d, i);
            long v1 = (long) LONG_LE.get(d, i + 8);
            long v2 = (long) LONG_LE.get(d, i + 16);
            long v3 = (long) LONG_LE.get(d, i + 24);
            a0 += (v0 >>> 32) + (v0 & 0xffffffffL);
            a1 += (v1 >>> 32) + (v1 & 0xffffffffL);
            a2 += (v2 >>> 32) + (v2 & 0xffffffffL);
            a3 += (v3 >>> 32) + (v3 & 0xffffffffL);
        }
        for (; i + 8 <= end; i += 8) {
            long v = (long) LONG_LE.get(d, i);
            a0 += (v >>> 32) + (v & 0xffffffffL);
        }
        long swapped = a0 + a1 + a2 + a3;
        if (swapped != 0) {
            int f = fold(swapped);
            acc += ((f & 0xff) << 8) | (f >>> 8);
        }
        for (; i + 1 < end; i += 2) {
            acc += ((d[i] & 0xff) << 8) | (d[i + 1] & 0xff);
        }
        if (i < end) {
            acc += (d[i] & 0xff) << 8;
        }
        return acc;
    }

    /** Folds carries into 16 bits. */
    public static int fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) acc;
    }

    /** The checksum to store for a range whose checksum field is zero. */
    public static int compute(byte[] d, int off, int len) {
        return ~fold(add(d, off, len, 0)) & 0xffff;
    }

    /** True when a range including its stored checksum sums to all ones (i.e. verifies). */
    public static boolean verifies(long acc) {
        return fold(acc) == 0xffff;
    }

    /**
     * Sum of the TCP/UDP/ICMPv6 pseudo header: source and destination address ({@code addrLen} 4
     * or 16 bytes), protocol and upper-layer length.
     */
    public static long pseudoHeader(byte[] d, int srcOff, int dstOff, int addrLen, int proto, int l4Length) {
        long acc = add(d, srcOff, addrLen, 0);
        acc = add(d, dstOff, addrLen, acc);
        return acc + proto + (l4Length >>> 16) + (l4Length & 0xffff);
    }
}
