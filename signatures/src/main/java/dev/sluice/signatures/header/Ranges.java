package dev.sluice.signatures.header;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A set of unsigned integers in {@code [0, max]} kept as sorted, disjoint, non-adjacent closed
 * ranges. Parse-time only (addresses of one family, or ports); the matchers are compiled from it.
 * Immutable.
 */
final class Ranges {
    private final BigInteger max;
    /** Pairs lo, hi; sorted and merged. */
    private final List<BigInteger[]> ranges;

    private Ranges(BigInteger max, List<BigInteger[]> normalized) {
        this.max = max;
        this.ranges = normalized;
    }

    static Ranges empty(BigInteger max) {
        return new Ranges(max, List.of());
    }

    static Ranges full(BigInteger max) {
        return new Ranges(max, List.<BigInteger[]>of(new BigInteger[] {BigInteger.ZERO, max}));
    }

    static Ranges of(BigInteger max, BigInteger lo, BigInteger hi) {
        return new Ranges(max, List.<BigInteger[]>of(new BigInteger[] {lo, hi}));
    }

    BigInteger max() {
        return max;
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    boolean isFull() {
        return ranges.size() == 1 && ranges.get(0)[0].signum() == 0 && ranges.get(0)[1].equals(max);
    }

    List<BigInteger[]> list() {
        return ranges;
    }

    /** The union of many sets at once (one sort instead of one per member). */
    static Ranges unionAll(BigInteger max, List<Ranges> sets) {
        List<BigInteger[]> all = new ArrayList<>();
        for (Ranges r : sets) {
            all.addAll(r.ranges);
        }
        return new Ranges(max, normalize(all));
    }

    Ranges minus(Ranges other) {
        if (other.ranges.isEmpty() || ranges.isEmpty()) {
            return this;
        }
        List<BigInteger[]> out = new ArrayList<>();
        int j = 0;
        List<BigInteger[]> cut = other.ranges;
        for (BigInteger[] r : ranges) {
            BigInteger lo = r[0];
            BigInteger hi = r[1];
            // cut ranges entirely below this range cannot affect it or any later one
            while (j < cut.size() && cut.get(j)[1].compareTo(lo) < 0) {
                j++;
            }
            int k = j;
            while (lo != null && k < cut.size() && cut.get(k)[0].compareTo(hi) <= 0) {
                BigInteger[] c = cut.get(k);
                if (c[0].compareTo(lo) > 0) {
                    out.add(new BigInteger[] {lo, c[0].subtract(BigInteger.ONE)});
                }
                if (c[1].compareTo(hi) >= 0) {
                    lo = null;
                } else {
                    lo = lo.max(c[1].add(BigInteger.ONE));
                    k++;
                }
            }
            if (lo != null) {
                out.add(new BigInteger[] {lo, hi});
            }
        }
        return new Ranges(max, out);
    }

    Ranges complement() {
        return full(max).minus(this);
    }

    private static List<BigInteger[]> normalize(List<BigInteger[]> in) {
        in.sort(Comparator.comparing((BigInteger[] r) -> r[0]));
        List<BigInteger[]> out = new ArrayList<>(in.size());
        BigInteger[] cur = null;
        for (BigInteger[] r : in) {
            if (cur != null && r[0].compareTo(cur[1].add(BigInteger.ONE)) <= 0) {
                if (r[1].compareTo(cur[1]) > 0) {
                    cur = new BigInteger[] {cur[0], r[1]};
                    out.set(out.size() - 1, cur);
                }
            } else {
                cur = r;
                out.add(cur);
            }
        }
        return out;
    }
}
