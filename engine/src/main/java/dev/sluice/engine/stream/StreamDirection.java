package dev.sluice.engine.stream;

import java.util.Arrays;

/**
 * The data one side of a TCP session sends, reassembled in stream offsets: offset 0 is the first
 * byte after the sender's ISN (or, for a session picked up midstream, the first byte seen).
 *
 * <pre>
 *   readableStart()      inspectedEnd()   ackedEnd()   contiguousEnd()       held (out of order)
 *        |-- lookback --------|---------------|---------------|....gap....[#####]...[###]
 *        |&lt;--------------- buffer(): [indexOf(readableStart()), ...) --------------&gt;|
 * </pre>
 *
 * <p>One byte array holds the readable, contiguous data and, after the gaps, the out-of-order data
 * waiting for them; {@code buffer()[indexOf(o)]} is the byte at stream offset {@code o} for
 * {@code readableStart() <= o < contiguousEnd()}. The array grows geometrically (bounded by the
 * worker's memcap and the reassembly depth) and is compacted only inside
 * {@link TcpStreamEngine#onPacket}, so a view taken by the detector stays valid until the next packet
 * of the flow. Compaction keeps {@link StreamConfig#lookback()} bytes before the inspected point.
 *
 * <p>Every stored segment's original extent is remembered (until compaction discards its data) so an
 * overlap with different data can be judged by the target-based {@link OverlapPolicy}.
 *
 * <p>A gap waits for its data, except when the receiver acknowledges data held beyond it: then the
 * missing bytes were delivered without being captured, and (with {@link StreamConfig#skipAckedGaps()})
 * the stream continues after them; {@link #gapEnd()} says where, and a match must not span it.
 *
 * <p>Read-side methods (the public ones) are for the detector; everything else is driven by the
 * session. Not thread-safe: owned by one worker.
 */
public final class StreamDirection {
    /** First buffer size; small so short flows stay cheap. */
    static final int INITIAL_CAPACITY = 1024;
    /** Largest buffer (also bounds offsets within one buffer to an int). */
    static final int MAX_CAPACITY = 1 << 30;
    /** Largest window a receiver can announce (65535 << 14); also the largest plausible sequence jump. */
    static final long MAX_WINDOW = 65535L << 14;
    /** Segment extents room is first made for. */
    static final int INITIAL_RECORDS = 8;
    /** Memory a remembered segment extent is reckoned to take (two longs). */
    static final int RECORD_BYTES = 16;
    private static final byte[] EMPTY = new byte[0];
    private static final long[] NO_LONGS = new long[0];

    private final TcpStreamEngine engine;

    // ---- sequence space ----
    /** True once {@link #baseSeq} is known. */
    boolean based;
    /** Sequence number of stream offset 0 (32-bit, wraps). */
    int baseSeq;
    /** Window scale this side announced in its SYN, -1 for none. */
    int wscale = -1;
    /** Shift applied to this side's window field (0 until the handshake agreed on scaling). */
    int shift;

    // ---- what the peer told this side ----
    /** Highest offset the peer acknowledged, -1 while unknown; may pass contiguousEnd (data we missed). */
    long peerAck = -1;
    /** Highest peer ack + peer window seen: data must start below it; -1 while unknown. */
    long rightEdge = -1;

    // ---- storage ----
    private byte[] buf = EMPTY;
    /** Stream offset of buf[0]. */
    private long bufBase;
    /** End of the in-order data. */
    private long contig;
    /** Held out-of-order data: sorted, disjoint, non-adjacent ranges, all starting after contig. */
    private long[] holdStart = NO_LONGS;
    private long[] holdEnd = NO_LONGS;
    private int nHold;
    private long heldBytes;
    private int heldSegments;
    /** Extents of stored segments as received, sorted by start; pruned when their data is discarded. */
    private long[] recStart = NO_LONGS;
    private long[] recEnd = NO_LONGS;
    private int nRec;
    /** Longest extent ever recorded: bounds the backward search for overlapping extents. */
    private long maxRecLen;

    // ---- detector and end of stream ----
    private long inspected;
    /** End of the latest skipped gap (0 when none): the data from here on has no hole. */
    private long gapEnd;
    private int gaps;
    /** Offset of this side's FIN (the byte after its last data), -1 while none was seen. */
    long finOffset = -1;
    boolean reset;
    private boolean eof;
    private boolean depthReached;

    StreamDirection(TcpStreamEngine engine) {
        this.engine = engine;
    }

    // ---------------------------------------------------------------- read side (detector)

    /** End of the data received in order so far; everything below it (from readableStart) is readable. */
    public long contiguousEnd() {
        return contig;
    }

    /** The part of the contiguous data the peer has acknowledged. */
    public long ackedEnd() {
        return peerAck <= 0 ? 0 : Math.min(peerAck, contig);
    }

    /**
     * Where inspection may read up to now: {@link #contiguousEnd()} inline or once the stream ended
     * (FIN reached, RST), {@link #ackedEnd()} otherwise (IDS: only data the receiver accepted).
     */
    public long inspectableEnd() {
        return engine.inline || eof ? contig : ackedEnd();
    }

    /** How far the detector has inspected (raw stream progress); the detector owns this value. */
    public long inspectedEnd() {
        return inspected;
    }

    /** Records inspection progress; clamped to [readableStart, contiguousEnd]. Data this far back minus the lookback may be discarded at the next packet. */
    public void setInspectedEnd(long offset) {
        inspected = Math.max(bufBase, Math.min(offset, contig));
    }

    /**
     * Lowest offset still readable. Never above {@code max(0, inspectedEnd - lookback)}, except once
     * the stream ended (eof or depth) and was inspected to its end: then its memory is given back and
     * nothing is readable any more.
     */
    public long readableStart() {
        return bufBase;
    }

    /** The backing array; valid until the next {@link TcpStreamEngine#onPacket} of this flow. */
    public byte[] buffer() {
        return buf;
    }

    /** Index in {@link #buffer()} of stream offset {@code streamOffset} (valid in [readableStart, contiguousEnd)). */
    public int indexOf(long streamOffset) {
        return (int) (streamOffset - bufBase);
    }

    /**
     * Where the data after the latest skipped gap starts, 0 when no gap was skipped. Bytes of a
     * skipped gap read as zeros; a match must not span {@code gapEnd()} (the data before it and after
     * it are not adjacent in the real stream). See {@link StreamConfig#skipAckedGaps()}.
     */
    public long gapEnd() {
        return gapEnd;
    }

    /** Gaps skipped so far. */
    public int gapsSkipped() {
        return gaps;
    }

    /** True once data beyond the reassembly depth was seen or the in-order data reached it. */
    public boolean depthReached() {
        return depthReached;
    }

    /** True after this side's FIN was reached in order, or a RST: the data up to contiguousEnd is final. */
    public boolean eof() {
        return eof;
    }

    /** True once the sequence number of offset 0 is known. */
    public boolean hasBase() {
        return based;
    }

    /** Sequence number of stream offset 0 (unsigned 32-bit). */
    public long baseSeq() {
        return baseSeq & 0xffffffffL;
    }

    /** Stream offset of TCP sequence number {@code seq} (unsigned 32-bit), wrap-safe near contiguousEnd. */
    public long offsetOf(long seq) {
        // the signed 32-bit distance from contiguousEnd's sequence number, then unwrapped
        return contig + (int) ((int) seq - baseSeq - (int) contig);
    }

    /** Bytes of out-of-order data waiting for a gap to fill. */
    public long heldBytes() {
        return heldBytes;
    }

    /** Out-of-order segments waiting for a gap to fill. */
    public int heldSegments() {
        return heldSegments;
    }

    /** Bytes this direction's buffers take (data array and segment extents). */
    public long memoryBytes() {
        return buf.length + (long) recStart.length * RECORD_BYTES;
    }

    @Override
    public String toString() {
        return "StreamDirection[contig " + contig + " acked " + ackedEnd() + " inspected " + inspected
                + " readable " + bufBase + " held " + heldBytes + "/" + nHold + (eof ? " eof" : "")
                + (depthReached ? " depth" : "") + "]";
    }

    // ---------------------------------------------------------------- session side

    void base(int seq) {
        based = true;
        baseSeq = seq;
    }

    /** Moves inspection to what may be inspected now (for engines that read no raw stream). */
    void autoInspect() {
        inspected = inspectableEnd();
    }

    /**
     * Frees the storage of a stream that ended (FIN reached, RST, depth reached) and was inspected
     * to its end: nothing more will be added or read, so the lookback is given up too. Runs at the
     * start of a later packet, never while the detector reads.
     */
    void releaseIfDone() {
        if (inspected >= contig && (eof || (depthReached && contig >= engine.depth))
                && (buf.length > 0 || recStart.length > 0 || nHold > 0)) {
            engine.free(memoryBytes());
            engine.giveBuffer(buf);
            buf = EMPTY;
            engine.giveRecords(recStart);
            engine.giveRecords(recEnd);
            recStart = recEnd = NO_LONGS;
            nRec = 0;
            nHold = 0;
            updateHeld();
            bufBase = contig;
        }
    }

    /**
     * The peer acknowledged {@link #peerAck}: when that passes the start of held data, the missing
     * bytes before it reached the receiver without being captured and will not be sent again, so
     * reassembly continues after them. Returns StreamFlags bits.
     */
    int skipAckedGaps() {
        if (nHold == 0 || peerAck <= holdStart[0] || !engine.skipAckedGaps) {
            return 0;
        }
        while (nHold > 0 && peerAck > holdStart[0]) {
            Arrays.fill(buf, (int) (contig - bufBase), (int) (holdStart[0] - bufBase), (byte) 0);
            gapEnd = holdStart[0];
            gaps++;
            contig = holdEnd[0];
            removeHold(0);
        }
        updateEnd();
        updateHeld();
        return StreamFlags.GAP_SKIPPED;
    }

    /** Marks the stream as ended by a RST. */
    void markReset() {
        reset = true;
        eof = true;
    }

    /** Recomputes eof and depth after contig or the FIN moved. */
    void updateEnd() {
        if (finOffset >= 0 && contig >= finOffset) {
            eof = true;
        }
        long depth = engine.depth;
        if (depth > 0 && contig >= depth) {
            depthReached = true;
        }
    }

    /**
     * Adds the segment {@code [s, s + len)} whose bytes are {@code data[off ...]}. The caller checked
     * the window and that {@code s + len > 0}. Returns {@link StreamFlags} bits.
     */
    int add(byte[] data, int off, long s, int len) {
        long e = s + len;
        final long s0 = s;
        final long e0 = e;
        int flags = 0;
        long depth = engine.depth;
        if (depth > 0 && e > depth) {
            flags |= StreamFlags.DEPTH_REACHED;
            depthReached = true;
            e = depth;
        }
        if (finOffset >= 0 && e > finOffset) {
            flags |= StreamFlags.AFTER_FIN;
            e = finOffset;
        }
        if (e <= s) {
            return flags;
        }
        // below bufBase: received and inspected before; below gapEnd: settled when the gap was skipped
        long lo = Math.max(bufBase, gapEnd);
        if (s < lo) {
            if (e <= lo) {
                return flags | StreamFlags.RETRANSMISSION;
            }
            off += (int) (lo - s);
            s = lo;
        }
        if (s == contig && nHold == 0 && (e - bufBase <= buf.length || ensure(e))) {
            // the steady state: in order, nothing held
            System.arraycopy(data, off, buf, (int) (s - bufBase), (int) (e - s));
            contig = e;
            if ((finOffset >= 0 && e >= finOffset) || (depth > 0 && e >= depth)) {
                updateEnd();
            }
            record(s0, e0);
            return flags | StreamFlags.IN_ORDER;
        }
        return flags | addSlow(data, off, s, e, s0, e0);
    }

    /** Out of order, overlapping, filling a gap, or short of memory. */
    private int addSlow(byte[] data, int off, long s, long e, long s0, long e0) {
        int flags = 0;
        if (e - bufBase > buf.length && !ensure(e)) {
            flags |= StreamFlags.MEMCAP;
            long capEnd = bufBase + buf.length;
            if (capEnd <= s) {
                return flags;
            }
            e = capEnd;
        }
        if (s < bufBase) {
            // ensure() compacted past the start of this (partly retransmitted) segment
            if (e <= bufBase) {
                return flags | StreamFlags.RETRANSMISSION;
            }
            off += (int) (bufBase - s);
            s = bufBase;
        }
        final long oldContig = contig;
        boolean stored = false;
        boolean overlapped = false;
        long pos = s;
        int h = 0;
        while (pos < e) {
            long runEnd;
            boolean filled;
            if (pos < contig) {
                runEnd = Math.min(e, contig);
                filled = true;
            } else {
                while (h < nHold && holdEnd[h] <= pos) {
                    h++;
                }
                if (h < nHold && holdStart[h] <= pos) {
                    runEnd = Math.min(e, holdEnd[h]);
                    filled = true;
                } else {
                    runEnd = h < nHold ? Math.min(e, holdStart[h]) : e;
                    filled = false;
                }
            }
            int at = (int) (pos - bufBase);
            int from = off + (int) (pos - s);
            int n = (int) (runEnd - pos);
            if (filled) {
                overlapped = true;
                flags |= overlap(data, from, at, n, pos, s0, e0);
            } else {
                System.arraycopy(data, from, buf, at, n);
                stored = true;
            }
            pos = runEnd;
        }
        if (stored) {
            // every byte below contig is filled, so what was stored lies in [max(s, contig), e)
            hold(Math.max(s, contig), e);
            if (holdStart[0] <= contig) {
                contig = holdEnd[0];
                removeHold(0);
                updateEnd();
            }
            flags |= s <= oldContig ? StreamFlags.IN_ORDER : StreamFlags.OUT_OF_ORDER;
            if (contig > Math.max(e, oldContig)) {
                flags |= StreamFlags.GAP_FILLED;
            }
        } else if (overlapped) {
            flags |= StreamFlags.RETRANSMISSION;
        }
        record(s0, e0);
        updateHeld();
        return flags;
    }

    /**
     * The new bytes {@code data[from, from + n)} meet stored bytes at {@code buf[at ...]} (stream
     * offset {@code pos}); keeps or replaces them by the policy. Returns StreamFlags bits.
     */
    private int overlap(byte[] data, int from, int at, int n, long pos, long s0, long e0) {
        if (Arrays.mismatch(buf, at, at + n, data, from, from + n) < 0) {
            return 0;
        }
        int flags = StreamFlags.OVERLAP_DIFFERENT_DATA;
        OverlapPolicy policy = engine.policy;
        if (engine.inline || policy.keepsFirst()) {
            return flags | StreamFlags.PACKET_DIFFERS;
        }
        // Bytes the receiver already acknowledged cannot change any more, whatever the policy.
        int frozen = (int) Math.max(0, Math.min(n, peerAck - pos));
        if (frozen == n) {
            return flags | StreamFlags.PACKET_DIFFERS;
        }
        if (policy == OverlapPolicy.LAST) {
            System.arraycopy(data, from + frozen, buf, at + frozen, n - frozen);
            return frozen > 0 && Arrays.mismatch(buf, at, at + frozen, data, from, from + frozen) >= 0
                    ? flags | StreamFlags.PACKET_DIFFERS : flags;
        }
        // a byte keeps its old value when any earlier segment covering it beats the new one
        boolean[] keep = engine.scratch(n);
        Arrays.fill(keep, 0, n, false);
        Arrays.fill(keep, 0, frozen, true);
        long a = pos;
        long b = pos + n;
        for (int j = lowerBound(b) - 1; j >= 0 && recStart[j] + maxRecLen > a; j--) {
            long rs = recStart[j];
            long re = recEnd[j];
            if (re > a && !policy.newWins(s0, e0, rs, re)) {
                Arrays.fill(keep, (int) (Math.max(rs, a) - a), (int) (Math.min(re, b) - a), true);
            }
        }
        boolean kept = false;
        for (int k = 0; k < n; k++) {
            if (!keep[k]) {
                buf[at + k] = data[from + k];
            } else if (buf[at + k] != data[from + k]) {
                kept = true;
            }
        }
        return kept ? flags | StreamFlags.PACKET_DIFFERS : flags;
    }

    // ---------------------------------------------------------------- buffer

    private long storedEnd() {
        return nHold > 0 ? holdEnd[nHold - 1] : contig;
    }

    /** Makes the buffer cover [bufBase, end): compacts first, then grows. False at the memcap. */
    private boolean ensure(long end) {
        if (end - bufBase <= buf.length) {
            return true;
        }
        compact();
        long need = Math.max(end, storedEnd()) - bufBase;
        if (need <= buf.length) {
            if (buf.length > INITIAL_CAPACITY && need * 8 <= buf.length) {
                // mostly consumed: give memory back (shrinking always fits the memcap)
                resize(capacityFor(need));
            }
            return true;
        }
        if (need > MAX_CAPACITY) {
            return false;
        }
        return resize(capacityFor(need));
    }

    private int capacityFor(long need) {
        long cap = INITIAL_CAPACITY;
        while (cap < need * 2 && cap < MAX_CAPACITY) {
            cap <<= 1;
        }
        long depth = engine.depth;
        if (depth > 0) {
            // never more than the rest of the stream up to the depth can use
            long useful = Math.max(need, depth - bufBase);
            if (cap > useful) {
                cap = useful;
            }
        }
        return (int) Math.max(cap, need);
    }

    private boolean resize(int cap) {
        // the first buffer comes with room for a few segment extents, so stored data has its extent
        int recs = recStart.length == 0 ? INITIAL_RECORDS : 0;
        if (!engine.reserve(cap - buf.length + (long) recs * RECORD_BYTES)) {
            return false;
        }
        if (recs > 0) {
            recStart = engine.takeRecords(recs);
            recEnd = engine.takeRecords(recs);
        }
        byte[] nb = engine.takeBuffer(cap);
        System.arraycopy(buf, 0, nb, 0, (int) (storedEnd() - bufBase));
        engine.giveBuffer(buf);
        buf = nb;
        return true;
    }

    /** Discards data more than lookback bytes before the inspected point (only inside onPacket). */
    private void compact() {
        long keep = Math.min(inspected, contig) - engine.lookback;
        if (keep <= bufBase) {
            return;
        }
        int live = (int) (storedEnd() - keep);
        System.arraycopy(buf, (int) (keep - bufBase), buf, 0, live);
        bufBase = keep;
        int w = 0;
        for (int r = 0; r < nRec; r++) {
            if (recEnd[r] > keep) {
                recStart[w] = recStart[r];
                recEnd[w] = recEnd[r];
                w++;
            }
        }
        nRec = w;
    }

    // ---------------------------------------------------------------- held ranges

    /** Adds [a, b) to the held ranges, merging with ranges it touches. */
    private void hold(long a, long b) {
        int i = 0;
        while (i < nHold && holdEnd[i] < a) {
            i++;
        }
        int j = i;
        while (j < nHold && holdStart[j] <= b) {
            j++;
        }
        // ranges i .. j-1 touch [a, b)
        if (i == j) {
            if (nHold == holdStart.length) {
                int cap = Math.max(8, nHold * 2);
                holdStart = Arrays.copyOf(holdStart, cap);
                holdEnd = Arrays.copyOf(holdEnd, cap);
            }
            System.arraycopy(holdStart, i, holdStart, i + 1, nHold - i);
            System.arraycopy(holdEnd, i, holdEnd, i + 1, nHold - i);
            holdStart[i] = a;
            holdEnd[i] = b;
            nHold++;
            return;
        }
        holdStart[i] = Math.min(a, holdStart[i]);
        holdEnd[i] = Math.max(b, holdEnd[j - 1]);
        int gone = j - i - 1;
        if (gone > 0) {
            System.arraycopy(holdStart, j, holdStart, i + 1, nHold - j);
            System.arraycopy(holdEnd, j, holdEnd, i + 1, nHold - j);
            nHold -= gone;
        }
    }

    private void removeHold(int i) {
        System.arraycopy(holdStart, i + 1, holdStart, i, nHold - i - 1);
        System.arraycopy(holdEnd, i + 1, holdEnd, i, nHold - i - 1);
        nHold--;
    }

    /** Recounts held bytes and segments and passes the change to the engine's totals. */
    private void updateHeld() {
        long bytes = 0;
        for (int i = 0; i < nHold; i++) {
            bytes += holdEnd[i] - holdStart[i];
        }
        // extents starting at or after contig belong to held segments (contig never starts one)
        int segs = nHold == 0 ? 0 : nRec - lowerBound(contig);
        engine.held(bytes - heldBytes, segs - heldSegments);
        heldBytes = bytes;
        heldSegments = segs;
    }

    // ---------------------------------------------------------------- segment extents

    /** Index of the first extent starting at or after {@code offset}. */
    private int lowerBound(long offset) {
        int lo = 0;
        int hi = nRec;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (recStart[mid] < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A pooled array of {@code cap} longs holding {@code a}'s first {@code n}; {@code a} goes back to the pool. */
    private long[] grow(long[] a, int n, int cap) {
        long[] b = engine.takeRecords(cap);
        System.arraycopy(a, 0, b, 0, n);
        engine.giveRecords(a);
        return b;
    }

    /** Remembers the extent [s, e) of a stored segment; an identical extent is kept once. */
    private void record(long s, long e) {
        int n = nRec;
        int at;
        if (n == 0 || s > recStart[n - 1] || (s == recStart[n - 1] && e > recEnd[n - 1])) {
            at = n;
        } else {
            at = lowerBound(s);
            for (int k = at; k < n && recStart[k] == s; k++) {
                if (recEnd[k] == e) {
                    return;
                }
            }
        }
        if (n == recStart.length) {
            int cap = Math.max(INITIAL_RECORDS, n * 2);
            if (!engine.reserve((long) (cap - n) * RECORD_BYTES)) {
                // out of memory (counted as a memcap hit): widen the previous extent when it
                // touches this one, else forget it; the data itself is stored
                if (at == n && n > 0 && recEnd[n - 1] >= s) {
                    recEnd[n - 1] = Math.max(recEnd[n - 1], e);
                }
                return;
            }
            recStart = grow(recStart, n, cap);
            recEnd = grow(recEnd, n, cap);
        }
        if (at < n) {
            System.arraycopy(recStart, at, recStart, at + 1, n - at);
            System.arraycopy(recEnd, at, recEnd, at + 1, n - at);
        }
        recStart[at] = s;
        recEnd[at] = e;
        nRec = n + 1;
        if (e - s > maxRecLen) {
            maxRecLen = e - s;
        }
    }

    // ---------------------------------------------------------------- life cycle

    /** Gives back all memory (accounted in the engine) and forgets everything. */
    void clear() {
        engine.free(memoryBytes());
        engine.held(-heldBytes, -heldSegments);
        engine.giveBuffer(buf);
        buf = EMPTY;
        engine.giveRecords(recStart);
        engine.giveRecords(recEnd);
        recStart = recEnd = NO_LONGS;
        holdStart = holdEnd = NO_LONGS;
        nHold = 0;
        nRec = 0;
        maxRecLen = 0;
        heldBytes = 0;
        heldSegments = 0;
        bufBase = 0;
        contig = 0;
        inspected = 0;
        gapEnd = 0;
        gaps = 0;
        based = false;
        baseSeq = 0;
        wscale = -1;
        shift = 0;
        peerAck = -1;
        rightEdge = -1;
        finOffset = -1;
        reset = false;
        eof = false;
        depthReached = false;
    }
}
