package dev.sluice.signatures.header;

import java.math.BigInteger;
import java.util.List;

/** A compiled port expression: sorted disjoint ranges, searched with no allocation. Immutable. */
final class PortSet implements PortMatcher {
    static final BigInteger MAX = BigInteger.valueOf(65535);

    private final int[] lo;
    private final int[] hi;

    private PortSet(int[] lo, int[] hi) {
        this.lo = lo;
        this.hi = hi;
    }

    /** The matcher for this set; {@link PortMatcher#ANY} when it holds every port. */
    static PortMatcher compile(Ranges r) {
        if (r.isFull()) {
            return PortMatcher.ANY;
        }
        List<BigInteger[]> list = r.list();
        int[] lo = new int[list.size()];
        int[] hi = new int[list.size()];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = list.get(i)[0].intValue();
            hi[i] = list.get(i)[1].intValue();
        }
        return new PortSet(lo, hi);
    }

    @Override
    public boolean matches(int port) {
        if (lo.length <= 8) {
            for (int i = 0; i < lo.length; i++) {
                if (port < lo[i]) {
                    return false;
                }
                if (port <= hi[i]) {
                    return true;
                }
            }
            return false;
        }
        int a = 0;
        int b = lo.length - 1;
        int found = -1;
        while (a <= b) {
            int mid = (a + b) >>> 1;
            if (lo[mid] <= port) {
                found = mid;
                a = mid + 1;
            } else {
                b = mid - 1;
            }
        }
        return found >= 0 && port <= hi[found];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < lo.length; i++) {
            sb.append(i > 0 ? "," : "").append(lo[i]);
            if (hi[i] != lo[i]) {
                sb.append(':').append(hi[i]);
            }
        }
        return sb.append(']').toString();
    }
}
