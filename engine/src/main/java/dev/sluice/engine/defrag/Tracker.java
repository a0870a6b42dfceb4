package dev.sluice.engine.defrag;

/**
 * One datagram being reassembled. The data offsets it knows are kept as an ordered map of disjoint
 * segments, each owned by the fragment whose bytes it shows:
 *
 * <pre>
 *   offset 0          24      32              48                    72
 *          [  A       ][  J   ][  B           ][  C                 ]   segments
 *          owner A     owner J owner B         owner C
 * </pre>
 *
 * A new fragment is laid over the map: where it meets a gap it takes the bytes, where it meets a
 * segment the {@link OverlapPolicy} decides between that segment's owner and the new fragment. A
 * fragment that ends up owning nothing is dropped, and so is an old one whose last segment was
 * taken. The datagram is complete when a last fragment (more-fragments clear) was kept and the
 * segments run without a gap from 0 to its end; data past that end is ignored.
 */
final class Tracker {
    /** Bookkeeping charged against the memcap for a tracker and for each fragment it holds. */
    static final int TRACKER_COST = 256;
    static final int FRAGMENT_COST = 64;

    /** {@link #insert} result bits. */
    static final int KEPT = 1;
    static final int OVERLAP = 2;

    /** One received fragment whose data is (still partly) shown by the datagram. */
    static final class Fragment {
        final int off;
        final int end;
        final byte[] data;
        /**
         * For a fragment at offset 0: the IP header to rebuild the datagram with (IPv4: header with
         * options; IPv6: fixed header and the extension headers before the fragment header).
         */
        final byte[] header;
        /** IPv6: index in {@link #header} of the next-header byte naming the fragment header. */
        final int prevNextHeader;
        /** IPv6: the fragment header's own next header, to write at {@link #prevNextHeader}. */
        final int nextHeader;
        final boolean last;
        /** Segments this fragment owns; at 0 it is garbage. */
        int segments;

        Fragment(int off, byte[] data, byte[] header, int prevNextHeader, int nextHeader, boolean last) {
            this.off = off;
            this.end = off + data.length;
            this.data = data;
            this.header = header;
            this.prevNextHeader = prevNextHeader;
            this.nextHeader = nextHeader;
            this.last = last;
        }

        long cost() {
            return FRAGMENT_COST + data.length + (header == null ? 0 : header.length);
        }
    }

    final TrackerKey key;
    /** Capture time of the newest fragment, microseconds. */
    long lastSeenMicros;
    /** Length of the datagram's data once a last fragment was kept, else -1. */
    int dataLength = -1;
    /** Fragments kept so far (dropped ones included), bounded by {@link Defragmenter#MAX_FRAGMENTS}. */
    int kept;
    /** Bytes charged against the memcap. */
    long bytes = TRACKER_COST;

    int[] segStart = new int[8];
    int[] segEnd = new int[8];
    Fragment[] segOwner = new Fragment[8];
    int segCount;

    Tracker(TrackerKey key, long nowMicros) {
        this.key = key;
        this.lastSeenMicros = nowMicros;
    }

    /** Scratch for building the replacement segments of one insert; one per defragmenter. */
    static final class Scratch {
        int[] start = new int[64];
        int[] end = new int[64];
        Fragment[] owner = new Fragment[64];
        int count;

        void ensure(int n) {
            if (start.length < n) {
                int c = Math.max(n, start.length * 2);
                start = new int[c];
                end = new int[c];
                owner = new Fragment[c];
            }
        }

        void add(int s, int e, Fragment o) {
            if (count > 0 && owner[count - 1] == o && end[count - 1] == s) {
                end[count - 1] = e; // same owner continues: one segment
                return;
            }
            start[count] = s;
            end[count] = e;
            owner[count] = o;
            count++;
        }
    }

    /**
     * Lays {@code f} over the datagram under {@code policy}.
     *
     * @return {@link #KEPT} when {@code f} now shows at least one byte, {@link #OVERLAP} when it
     *     overlapped data already held (whichever side won)
     */
    int insert(Fragment f, OverlapPolicy policy, Scratch s) {
        int off = f.off;
        int end = f.end;
        int first = firstEndingAfter(off);
        s.ensure(2 * (segCount - first) + 3);
        s.count = 0;
        boolean won = false;
        boolean overlap = false;
        int pos = off;
        int j = first;
        while (j < segCount && segStart[j] < end) {
            int s0 = segStart[j];
            int e0 = segEnd[j];
            Fragment o = segOwner[j];
            if (s0 > pos) {
                s.add(pos, s0, f);
                won = true;
            }
            int a = Math.max(s0, off);
            int b = Math.min(e0, end);
            if (s0 < a) {
                s.add(s0, a, o);
            }
            overlap = true;
            boolean newWins = policy.newWins(o.off, o.end, off, end);
            s.add(a, b, newWins ? f : o);
            won |= newWins;
            if (e0 > b) {
                s.add(b, e0, o);
            }
            pos = e0;
            j++;
        }
        if (pos < end) {
            s.add(pos, end, f);
            won = true;
        }
        int result = overlap ? OVERLAP : 0;
        if (!won) {
            return result; // nothing of f shows: the map is left as it was
        }
        for (int k = first; k < j; k++) {
            segOwner[k].segments--;
        }
        for (int k = 0; k < s.count; k++) {
            s.owner[k].segments++;
        }
        // Old owners that lost their last segment are released (f is counted in by the caller).
        for (int k = first; k < j; k++) {
            Fragment o = segOwner[k];
            if (o.segments == 0) {
                o.segments = -1; // released once even if it owned several of the replaced segments
                bytes -= o.cost();
            }
        }
        replace(first, j, s);
        bytes += f.cost();
        kept++;
        if (f.last && (dataLength < 0 || f.end < dataLength)) {
            dataLength = f.end;
        }
        return result | KEPT;
    }

    /** True when a last fragment was kept and the data from 0 to its end has no gap. */
    boolean complete() {
        if (dataLength < 0 || segCount == 0 || segStart[0] != 0) {
            return false;
        }
        int covered = segEnd[0];
        for (int k = 1; k < segCount && covered < dataLength; k++) {
            if (segStart[k] != covered) {
                return false;
            }
            covered = segEnd[k];
        }
        return covered >= dataLength;
    }

    /** The fragment at offset 0 showing the first byte, or null. */
    Fragment head() {
        return segCount > 0 && segStart[0] == 0 ? segOwner[0] : null;
    }

    /** Copies the datagram's data (0 to {@link #dataLength}) to {@code out} at {@code at}. */
    void copyData(byte[] out, int at) {
        for (int k = 0; k < segCount && segStart[k] < dataLength; k++) {
            Fragment o = segOwner[k];
            int e = Math.min(segEnd[k], dataLength);
            System.arraycopy(o.data, segStart[k] - o.off, out, at + segStart[k], e - segStart[k]);
        }
    }

    /** Index of the first segment ending after {@code off} (segments are sorted and disjoint). */
    private int firstEndingAfter(int off) {
        int lo = 0;
        int hi = segCount;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (segEnd[mid] <= off) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Replaces segments {@code [from, to)} with the scratch segments. */
    private void replace(int from, int to, Scratch s) {
        int n = s.count;
        int newCount = segCount - (to - from) + n;
        if (newCount > segStart.length) {
            int c = Math.max(newCount, segStart.length * 2);
            segStart = java.util.Arrays.copyOf(segStart, c);
            segEnd = java.util.Arrays.copyOf(segEnd, c);
            segOwner = java.util.Arrays.copyOf(segOwner, c);
        }
        int tail = segCount - to;
        System.arraycopy(segStart, to, segStart, from + n, tail);
        System.arraycopy(segEnd, to, segEnd, from + n, tail);
        System.arraycopy(segOwner, to, segOwner, from + n, tail);
        System.arraycopy(s.start, 0, segStart, from, n);
        System.arraycopy(s.end, 0, segEnd, from, n);
        System.arraycopy(s.owner, 0, segOwner, from, n);
        for (int k = newCount; k < segCount; k++) {
            segOwner[k] = null; // let released fragments be collected
        }
        segCount = newCount;
        for (int k = 0; k < n; k++) {
            s.owner[k] = null;
        }
    }
}
