package dev.sluice.engine.stream;

import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.flow.Flow;

/**
 * The TCP stream engine of one worker: follows every TCP session's sequence numbers, reassembles
 * both directions' data and accounts their memory against the worker's memcap.
 *
 * <p>Call order per packet: {@code FlowTable.lookup}, then {@link #onPacket} (every TCP packet with
 * a flow), then detection, which may read {@code flow.stream} and move
 * {@link StreamDirection#setInspectedEnd}. When a flow ends (the flow table's end hook), call
 * {@link #release} after the detector's last look at it.
 *
 * <p>The in-order path allocates nothing once a session's buffers have grown; sessions are pooled.
 * Not thread-safe: one engine per worker.
 */
public final class TcpStreamEngine {
    /** Freed sessions kept for reuse. */
    private static final int POOL_LIMIT = 4096;
    /** Freed stream buffers (power-of-two sizes) kept for reuse, in bytes; outside the memcap. */
    private static final long BUFFER_POOL_BYTES = 8L << 20;
    /** Most buffers kept per size. */
    private static final int BUFFER_POOL_DEPTH = 256;
    /** Largest buffer size class pooled: 2^20 bytes. */
    private static final int BUFFER_POOL_CLASSES = 21;

    private final StreamConfig cfg;
    // hot copies of the config
    final long depth;
    final int lookback;
    final boolean inline;
    final OverlapPolicy policy;
    private final long memcap;
    private final boolean midstream;
    final boolean skipAckedGaps;

    private boolean autoInspect;
    private boolean[] mask = new boolean[0];
    private TcpSession pool;
    private int pooled;
    /** Per power-of-two size: a stack of free buffers. */
    private final byte[][][] buffers = new byte[BUFFER_POOL_CLASSES][][];
    private final int[] bufferCount = new int[BUFFER_POOL_CLASSES];
    private long pooledBufferBytes;

    // ---- counters ----
    private long memUsed;
    private long memcapHits;
    private long sessionsCreated;
    private int sessionsActive;
    private long sessionCapHits;
    private long segmentsHeld;
    private long bytesHeld;
    private final long[] events = new long[StreamFlags.COUNT];

    public TcpStreamEngine(StreamConfig cfg) {
        this.cfg = cfg;
        this.depth = cfg.depth();
        this.lookback = cfg.lookback();
        this.inline = cfg.inline();
        this.policy = cfg.policy();
        this.memcap = cfg.memcap();
        this.midstream = cfg.midstream();
        this.skipAckedGaps = cfg.skipAckedGaps();
    }

    public StreamConfig config() {
        return cfg;
    }

    /**
     * For a worker whose detector reads no raw stream data: inspection progress then follows
     * {@link StreamDirection#inspectableEnd()} by itself, so inspected data is discarded and buffers
     * stay small. Off by default (the detector owns inspection progress).
     */
    public void setAutoInspect(boolean on) {
        this.autoInspect = on;
    }

    /**
     * Takes one TCP packet of flow {@code f} (after {@code FlowTable.lookup}): opens the session when
     * the packet may start one, follows sequence and acknowledgement numbers, reassembles the payload
     * into the direction {@code f.toServer()} says, and moves the other direction's acknowledged end.
     * Returns {@link StreamFlags} bits; 0 for a packet that is not TCP. Never throws on bad input.
     */
    public int onPacket(Packet p, Flow f) {
        if (f == null || !p.isTcp()) {
            return 0;
        }
        boolean toServer = f.toServer();
        TcpSession s = f.stream;
        if (s != null) {
            s.lastPacketOffset = -1;
            s.lastToServer = toServer;
            // the detector is done with the previous packet: ended, fully inspected streams go
            s.client.releaseIfDone();
            s.server.releaseIfDone();
        }
        int flags;
        if (p.l4ChecksumBad) {
            flags = StreamFlags.BAD_CHECKSUM;
        } else if (s != null) {
            flags = s.handle(p, toServer);
        } else {
            long capHitsBefore = sessionCapHits;
            s = open(p);
            if (s == null) {
                flags = sessionCapHits != capHitsBefore ? StreamFlags.NO_SESSION | StreamFlags.SESSION_MEMCAP
                        : StreamFlags.NO_SESSION;
            } else {
                f.stream = s;
                s.lastToServer = toServer;
                flags = s.start(p, toServer);
            }
        }
        if (s != null) {
            s.lastPacketNumber = p.number;
            s.lastFlags = flags;
            if (autoInspect) {
                s.client.autoInspect();
                s.server.autoInspect();
                s.client.releaseIfDone();
                s.server.releaseIfDone();
            }
        }
        count(flags);
        return flags;
    }

    /**
     * Stream offset of the first payload byte of {@code p} (the packet {@link #onPacket} handled last
     * for {@code f}) in the direction it travels, or -1 when its data is not part of the stream.
     */
    public long packetOffset(Packet p, Flow f) {
        TcpSession s = f == null ? null : f.stream;
        if (s == null || s.lastPacketNumber != p.number) {
            return -1;
        }
        return s.lastPacketOffset;
    }

    /** The session of {@code f}, or null. */
    public static TcpSession session(Flow f) {
        return f == null ? null : f.stream;
    }

    /** Frees the session of a flow that ended: its memory goes back to the memcap. Idempotent. */
    public void release(Flow f) {
        TcpSession s = f.stream;
        if (s == null) {
            return;
        }
        f.stream = null;
        s.clear();
        sessionsActive--;
        if (pooled < POOL_LIMIT) {
            s.nextFree = pool;
            pool = s;
            pooled++;
        }
    }

    // ---------------------------------------------------------------- counters

    /** Sessions created so far. */
    public long sessionsCreated() {
        return sessionsCreated;
    }

    /** Sessions alive now (created and not released). */
    public int sessionsActive() {
        return sessionsActive;
    }

    /** Flows that got no session because {@link StreamConfig#maxSessions()} sessions were alive. */
    public long sessionCapHits() {
        return sessionCapHits;
    }

    /** Out-of-order segments waiting for gaps, over all sessions. */
    public long segmentsHeld() {
        return segmentsHeld;
    }

    /** Bytes of out-of-order data waiting for gaps, over all sessions. */
    public long bytesHeld() {
        return bytesHeld;
    }

    /** Bytes of stream buffers held now, the figure the memcap bounds. */
    public long memoryUsed() {
        return memUsed;
    }

    /** Times memory was refused because of the memcap. */
    public long memcapHits() {
        return memcapHits;
    }

    /** Packets whose {@link #onPacket} result had {@code flag} (one {@link StreamFlags} bit) set. */
    public long eventCount(int flag) {
        int b = Integer.numberOfTrailingZeros(flag);
        return b < StreamFlags.COUNT ? events[b] : 0;
    }

    // ---------------------------------------------------------------- internals

    private TcpSession open(Packet p) {
        int tf = p.tcpFlags;
        boolean syn = (tf & (TcpSession.TH_SYN | TcpSession.TH_ACK | TcpSession.TH_RST)) == TcpSession.TH_SYN;
        if ((tf & TcpSession.TH_RST) != 0 || (!syn && !midstream)) {
            return null;
        }
        if (sessionsActive >= cfg.maxSessions()) {
            sessionCapHits++;
            return null;
        }
        TcpSession s = pool;
        if (s != null) {
            pool = s.nextFree;
            s.nextFree = null;
            pooled--;
        } else {
            s = new TcpSession(this);
        }
        sessionsActive++;
        sessionsCreated++;
        return s;
    }

    private void count(int flags) {
        while (flags != 0) {
            events[Integer.numberOfTrailingZeros(flags)]++;
            flags &= flags - 1;
        }
    }

    /** Takes {@code bytes} of memory (negative gives back); false when that would pass the memcap. */
    boolean reserve(long bytes) {
        if (bytes > 0 && memUsed + bytes > memcap) {
            memcapHits++;
            return false;
        }
        memUsed += bytes;
        return true;
    }

    void free(long bytes) {
        memUsed -= bytes;
    }

    void held(long bytes, int segments) {
        bytesHeld += bytes;
        segmentsHeld += segments;
    }

    /** A buffer of exactly {@code size} bytes, reused when one is pooled; its contents are arbitrary. */
    byte[] takeBuffer(int size) {
        int c = Integer.numberOfTrailingZeros(size);
        if (size == 1 << c && c < BUFFER_POOL_CLASSES && bufferCount[c] > 0) {
            byte[] b = buffers[c][--bufferCount[c]];
            buffers[c][bufferCount[c]] = null;
            pooledBufferBytes -= size;
            return b;
        }
        return new byte[size];
    }

    /** Spare segment-extent arrays by size class (8, 16, ... longs), so streams reuse them instead of allocating. */
    private static final int RECORD_CLASSES = 12;
    private static final int RECORD_POOL_DEPTH = 1024;
    private final long[][][] spareRecords = new long[RECORD_CLASSES][][];
    private final int[] spareRecordCount = new int[RECORD_CLASSES];

    private static int recordClass(int size) {
        int c = Integer.numberOfTrailingZeros(size) - Integer.numberOfTrailingZeros(StreamDirection.INITIAL_RECORDS);
        return size >= StreamDirection.INITIAL_RECORDS && Integer.bitCount(size) == 1 && c < RECORD_CLASSES ? c : -1;
    }

    /** An array of {@code size} longs (a power of two from INITIAL_RECORDS), from the pool when it has one. */
    long[] takeRecords(int size) {
        int c = recordClass(size);
        if (c >= 0 && spareRecordCount[c] > 0) {
            long[] a = spareRecords[c][--spareRecordCount[c]];
            spareRecords[c][spareRecordCount[c]] = null;
            return a;
        }
        return new long[size];
    }

    /** Takes back an extent array no longer used, keeping it when its class has room. */
    void giveRecords(long[] a) {
        int c = recordClass(a.length);
        if (c < 0 || spareRecordCount[c] == RECORD_POOL_DEPTH) {
            return;
        }
        if (spareRecords[c] == null) {
            spareRecords[c] = new long[RECORD_POOL_DEPTH][];
        }
        spareRecords[c][spareRecordCount[c]++] = a;
    }

    /** Takes back a buffer no longer used, keeping it when the pool has room. */
    void giveBuffer(byte[] b) {
        int size = b.length;
        int c = Integer.numberOfTrailingZeros(size);
        if (size == 0 || size != 1 << c || c >= BUFFER_POOL_CLASSES
                || pooledBufferBytes + size > BUFFER_POOL_BYTES || bufferCount[c] == BUFFER_POOL_DEPTH) {
            return;
        }
        if (buffers[c] == null) {
            buffers[c] = new byte[BUFFER_POOL_DEPTH][];
        }
        buffers[c][bufferCount[c]++] = b;
        pooledBufferBytes += size;
    }

    /** Per-worker scratch of at least {@code n} flags (overlap resolution; rare). */
    boolean[] scratch(int n) {
        if (mask.length < n) {
            mask = new boolean[Math.max(n, mask.length * 2)];
        }
        return mask;
    }
}
