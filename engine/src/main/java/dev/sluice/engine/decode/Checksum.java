package dev.sluice.engine.decode;

/**
 * The Internet checksum (RFC 1071): a 16-bit one's complement sum over big-endian words.
 * Allocation-free; sums are carried in a {@code long} and folded at the end, so any number of
 * ranges can be added (pseudo header first, then the segment).
 */
public final class Checksum {
    /** Eight bytes at once, big-endian, at any offset (plain reads of a byte-array view may be unaligned). */
    private static final java.lang.invoke.VarHandle LONG_BE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    private Checksum() {}

    /**
     * Adds {@code len} bytes at {@code off} to {@code acc} as 16-bit big-endian words. An odd final
     * byte is padded with zero, so only the last range of a sum may have an odd length.
     */
    public static long add(byte[] d, int off, int len, long acc) {
        int end = off + len;
        int i = off;
        // 64 bits at a time as two 32-bit halves: a one's complement sum of 16-bit words folds the
        // same from any multiple of 16 bits, and a long holds 2^31 halves without overflow.
        for (; i + 8 <= end; i += 8) {
            long v = (long) LONG_BE.get(d, i);
            acc += (v >>> 32) + (v & 0xffffffffL);
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
