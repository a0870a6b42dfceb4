package dev.sluice.signatures.header;

import java.math.BigInteger;
import java.util.List;

/**
 * A compiled address expression: sorted disjoint ranges per family, searched in place with no
 * allocation. IPv4 values and IPv6 halves are stored with the sign bit flipped so that signed
 * comparison orders them as unsigned. Immutable.
 */
final class AddressSet implements AddressMatcher {
    private static final long SIGN = Long.MIN_VALUE;

    private final int[] v4Lo;
    private final int[] v4Hi;
    private final long[] v6LoHigh;
    private final long[] v6LoLow;
    private final long[] v6HiHigh;
    private final long[] v6HiLow;
    private final String text;
    /** The ranges themselves, for set relations at build time ({@link AddressRelations}). */
    final Ranges v4;
    final Ranges v6;

    private AddressSet(Ranges v4, Ranges v6) {
        this.v4 = v4;
        this.v6 = v6;
        List<BigInteger[]> a = v4.list();
        v4Lo = new int[a.size()];
        v4Hi = new int[a.size()];
        for (int i = 0; i < a.size(); i++) {
            v4Lo[i] = a.get(i)[0].intValue() ^ Integer.MIN_VALUE;
            v4Hi[i] = a.get(i)[1].intValue() ^ Integer.MIN_VALUE;
        }
        List<BigInteger[]> b = v6.list();
        v6LoHigh = new long[b.size()];
        v6LoLow = new long[b.size()];
        v6HiHigh = new long[b.size()];
        v6HiLow = new long[b.size()];
        for (int i = 0; i < b.size(); i++) {
            v6LoHigh[i] = b.get(i)[0].shiftRight(64).longValue() ^ SIGN;
            v6LoLow[i] = b.get(i)[0].longValue() ^ SIGN;
            v6HiHigh[i] = b.get(i)[1].shiftRight(64).longValue() ^ SIGN;
            v6HiLow[i] = b.get(i)[1].longValue() ^ SIGN;
        }
        text = describe(v4, v6);
    }

    /** The matcher for these sets; {@link AddressMatcher#ANY} when both families are complete. */
    static AddressMatcher compile(Ranges v4, Ranges v6) {
        if (v4.isFull() && v6.isFull()) {
            return AddressMatcher.ANY;
        }
        return new AddressSet(v4, v6);
    }

    @Override
    public boolean matches(byte[] data, int off, int version) {
        if (version == 4) {
            int key = (((data[off] & 0xff) << 24) | ((data[off + 1] & 0xff) << 16)
                    | ((data[off + 2] & 0xff) << 8) | (data[off + 3] & 0xff)) ^ Integer.MIN_VALUE;
            // last range starting at or below key
            int lo = 0;
            int hi = v4Lo.length - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (v4Lo[mid] <= key) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found >= 0 && key <= v4Hi[found];
        }
        if (version == 6) {
            long kh = readLong(data, off) ^ SIGN;
            long kl = readLong(data, off + 8) ^ SIGN;
            int lo = 0;
            int hi = v6LoHigh.length - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (v6LoHigh[mid] < kh || (v6LoHigh[mid] == kh && v6LoLow[mid] <= kl)) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found >= 0 && (kh < v6HiHigh[found] || (kh == v6HiHigh[found] && kl <= v6HiLow[found]));
        }
        return false;
    }

    private static long readLong(byte[] d, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (d[off + i] & 0xff);
        }
        return v;
    }

    @Override
    public String toString() {
        return text;
    }

    private static String describe(Ranges v4, Ranges v6) {
        StringBuilder sb = new StringBuilder("[");
        int shown = 0;
        for (BigInteger[] r : v4.list()) {
            if (shown++ == 8) {
                break;
            }
            sb.append(shown > 1 ? "," : "").append(IpLiterals.formatV4(r[0].longValue()));
            if (!r[0].equals(r[1])) {
                sb.append('-').append(IpLiterals.formatV4(r[1].longValue()));
            }
        }
        for (BigInteger[] r : v6.list()) {
            if (shown++ == 8) {
                break;
            }
            sb.append(shown > 1 ? "," : "").append(IpLiterals.formatV6(r[0]));
            if (!r[0].equals(r[1])) {
                sb.append('-').append(IpLiterals.formatV6(r[1]));
            }
        }
        int total = v4.list().size() + v6.list().size();
        if (total > 8) {
            sb.append(",... ").append(total).append(" ranges");
        }
        return sb.append(']').toString();
    }
}
