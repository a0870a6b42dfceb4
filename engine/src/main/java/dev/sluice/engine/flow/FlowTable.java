package dev.sluice.engine.flow;

import dev.sluice.engine.decode.Packet;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The flows of one worker: a chained hash table keyed by (IP version, protocol, VLANs, both
 * addresses and ports) in either direction, hashed straight from the packet's bytes.
 *
 * <p>Every live flow also sits in exactly one idle list, the one of its timeout class (new,
 * established TCP, established other, closed), ordered by last packet: the head of each list is the
 * flow of that class closest to timing out, so {@link #expire(long)} and eviction only look at
 * heads. Flows are allocated lazily up to {@link FlowConfig#maxFlows()} and recycled through a free
 * list, so a lookup allocates nothing once the table has warmed up.
 *
 * <p>When the table is full a new flow takes the place of the embryonic flow idle longest (TCP
 * without its handshake, or no reply yet), else of a closed flow, so a SYN flood pushes out its own
 * SYNs and never an established connection. Only when every flow is established does one go: of
 * those idle {@link #ESTABLISHED_GRACE_MICROS} or more, the one closest to its timeout; when none is,
 * the packet gets no flow ({@link #lookup} returns null, {@link #memcapHits} counts it and
 * {@link #lastLookupFull} says so) and the worker applies {@code flow.memcap-policy}.
 *
 * <p>Not thread-safe: one table per worker.
 */
public final class FlowTable {

    private static final int PROTO_TCP = 6;
    private static final int PROTO_UDP = 17;
    private static final int PROTO_SCTP = 132;

    /** flow_id values stay below 2^51 so JSON readers that use doubles keep them exact. */
    private static final long ID_MASK = (1L << 51) - 1;
    /** Shared by all tables so flow ids are unique in the process, not just per worker. */
    private static final AtomicLong ID_SEQUENCE = new AtomicLong();

    /** An established flow that saw a packet this recently (capture time) is not evicted: 5 s. */
    static final long ESTABLISHED_GRACE_MICROS = 5_000_000L;

    private final FlowConfig cfg;
    private final Flow[] buckets;
    private final int mask;
    /** Random per table so crafted traffic cannot aim every flow at one bucket. */
    private final int seed;
    private final long[] timeoutMicros = new long[Flow.CLASSES];
    private final Flow[] idleHead = new Flow[Flow.CLASSES];
    private final Flow[] idleTail = new Flow[Flow.CLASSES];

    /** Recycled flows, linked through {@code bucketNext}. */
    private Flow free;
    private int allocated;
    private int active;
    private long created;
    private long expired;
    private long evicted;
    private long reused;
    private long evictedEmbryonic;
    private long memcapHits;
    /** True when the last {@link #lookup} found no flow and could not make one: the table was full. */
    private boolean lastFull;
    private Consumer<Flow> endHook;

    /** Direction of the flow {@link #find} returned last; avoids returning a pair. */
    private boolean foundToServer;

    public FlowTable(FlowConfig cfg) {
        this.cfg = cfg;
        int size = Integer.highestOneBit(Math.max(16, cfg.maxFlows()) - 1) << 1;
        if (size <= 0) {
            size = 1 << 30;
        }
        this.buckets = new Flow[size];
        this.mask = size - 1;
        this.seed = ThreadLocalRandom.current().nextInt();
        timeoutMicros[Flow.CLASS_NEW] = cfg.newTimeout() * 1_000_000L;
        timeoutMicros[Flow.CLASS_TCP_ESTABLISHED] = cfg.tcpEstablishedTimeout() * 1_000_000L;
        timeoutMicros[Flow.CLASS_OTHER_ESTABLISHED] = cfg.otherEstablishedTimeout() * 1_000_000L;
        timeoutMicros[Flow.CLASS_CLOSED] = cfg.closedTimeout() * 1_000_000L;
    }

    /** Called with every flow that leaves the table, after {@link Flow#endReason()} is set. */
    public void onFlowEnd(Consumer<Flow> hook) {
        this.endHook = hook;
    }

    public FlowConfig config() {
        return cfg;
    }

    /**
     * The flow of {@code p}, created when there is none, with {@link Flow#toServer()}, the counters
     * and the TCP state updated for this packet. Call once per packet. Returns null when the packet
     * has no IP layer.
     */
    public Flow lookup(Packet p) {
        lastFull = false;
        int version = p.ipVersion;
        if (version != 4 && version != 6) {
            return null;
        }
        byte[] d = p.frame.data;
        int alen = version == 4 ? 4 : 16;
        int proto = p.ipProto;
        boolean ported = p.l4HeaderLength > 0 && (proto == PROTO_TCP || proto == PROTO_UDP || proto == PROTO_SCTP);
        int sp = ported ? p.srcPort : 0;
        int dp = ported ? p.dstPort : 0;
        int vl0 = cfg.vlanInKey() && p.vlanCount > 0 ? p.vlanIds[0] : -1;
        int vl1 = cfg.vlanInKey() && p.vlanCount > 1 ? p.vlanIds[1] : -1;
        long now = p.frame.tsSeconds * 1_000_000L + p.frame.tsNanos / 1000;
        boolean tcp = proto == PROTO_TCP && p.l4HeaderLength > 0;

        int h = hash(d, p.srcAddrOffset, p.dstAddrOffset, alen, sp, dp, version, proto, vl0, vl1);
        Flow f = find(h, d, p.srcAddrOffset, p.dstAddrOffset, alen, sp, dp, version, proto, vl0, vl1);
        boolean toServer = foundToServer;
        if (f != null) {
            if (now - f.lastSeen > timeoutMicros[f.idleClass]) {
                end(f, Flow.EndReason.TIMEOUT);
                expired++;
                f = null;
            } else if (tcp && f.reusableBy(p)) {
                end(f, Flow.EndReason.REUSED);
                reused++;
                f = null;
            }
        }
        boolean fresh = f == null;
        if (fresh) {
            f = create(p, h, alen, sp, dp, vl0, vl1, now, tcp);
            if (f == null) {
                memcapHits++;
                lastFull = true;
                return null;
            }
            toServer = foundToServer;
        }

        f.toServer = toServer;
        long frameBytes = p.frame.length;
        if (toServer) {
            f.pktsToServer++;
            f.bytesToServer += frameBytes;
        } else {
            f.pktsToClient++;
            f.bytesToClient += frameBytes;
        }
        if (tcp) {
            if (toServer) {
                f.clientPayload += p.payloadLength;
            } else {
                f.serverPayload += p.payloadLength;
            }
            if (!fresh) {
                f.advanceTcp(p);
            }
        } else if (proto != PROTO_TCP) {
            // Suricata's rule for everything but TCP: established once both directions were seen
            f.established = f.pktsToServer > 0 && f.pktsToClient > 0;
        }
        if (now > f.lastSeen) {
            f.lastSeen = now;
        }
        touch(f);
        return f;
    }

    /**
     * Ends flows idle past their timeout at capture time {@code nowMicros}, at most
     * {@link FlowConfig#expireBatch()} per call. Returns how many ended.
     */
    public int expire(long nowMicros) {
        int budget = cfg.expireBatch();
        int done = 0;
        for (int c = 0; c < Flow.CLASSES && done < budget; c++) {
            long timeout = timeoutMicros[c];
            Flow f;
            while (done < budget && (f = idleHead[c]) != null && nowMicros - f.lastSeen > timeout) {
                end(f, Flow.EndReason.TIMEOUT);
                expired++;
                done++;
            }
        }
        return done;
    }

    /** Ends every flow (reason {@link Flow.EndReason#SHUTDOWN}), e.g. at the end of a capture. */
    public void shutdown() {
        for (int c = 0; c < Flow.CLASSES; c++) {
            Flow f;
            while ((f = idleHead[c]) != null) {
                end(f, Flow.EndReason.SHUTDOWN);
            }
        }
    }

    /** Flows alive now. */
    public int active() {
        return active;
    }

    public long created() {
        return created;
    }

    /** Flows ended by timeout, by {@link #expire} or found timed out by a lookup or an eviction. */
    public long expired() {
        return expired;
    }

    /** Flows pushed out before their timeout because the table was full. */
    public long evicted() {
        return evicted;
    }

    /** Of {@link #evicted}, the flows that were embryonic (no handshake or no reply yet) or closed. */
    public long evictedEmbryonic() {
        return evictedEmbryonic;
    }

    /** Packets that got no flow because the table was full of established, recently active flows ({@code flow.memcap}). */
    public long memcapHits() {
        return memcapHits;
    }

    /** True when the last {@link #lookup} returned null because the table was full. */
    public boolean lastLookupFull() {
        return lastFull;
    }

    /** Closed TCP flows replaced by a new connection on the same tuple. */
    public long reused() {
        return reused;
    }

    // ---------------------------------------------------------------- internals

    private Flow find(int h, byte[] d, int srcOff, int dstOff, int alen, int sp, int dp,
                      int version, int proto, int vl0, int vl1) {
        for (Flow f = buckets[h & mask]; f != null; f = f.bucketNext) {
            if (f.hash != h || f.version != version || f.proto != proto || f.vlan0 != vl0 || f.vlan1 != vl1) {
                continue;
            }
            if (f.clientPort == sp && f.serverPort == dp
                    && same(f.clientAddr, d, srcOff, alen) && same(f.serverAddr, d, dstOff, alen)) {
                foundToServer = true;
                return f;
            }
            if (f.clientPort == dp && f.serverPort == sp
                    && same(f.clientAddr, d, dstOff, alen) && same(f.serverAddr, d, srcOff, alen)) {
                foundToServer = false;
                return f;
            }
        }
        foundToServer = true;
        return null;
    }

    private Flow create(Packet p, int h, int alen, int sp, int dp, int vl0, int vl1, long now, boolean tcp) {
        Flow f = obtain(now);
        if (f == null) {
            return null;
        }
        byte[] d = p.frame.data;
        // a SYN/ACK seen first was sent by the server: its receiver is the client
        boolean srcIsClient = !(tcp && (p.tcpFlags & (Flow.TCP_SYN | Flow.TCP_ACK | Flow.TCP_RST))
                == (Flow.TCP_SYN | Flow.TCP_ACK));
        int cOff = srcIsClient ? p.srcAddrOffset : p.dstAddrOffset;
        int sOff = srcIsClient ? p.dstAddrOffset : p.srcAddrOffset;
        System.arraycopy(d, cOff, f.clientAddr, 0, alen);
        System.arraycopy(d, sOff, f.serverAddr, 0, alen);
        if (alen == 4) {
            // keep the unused tail zero so clientAddr() of a recycled IPv6 flow shows no stale bytes
            java.util.Arrays.fill(f.clientAddr, 4, 16, (byte) 0);
            java.util.Arrays.fill(f.serverAddr, 4, 16, (byte) 0);
        }
        f.clientPort = srcIsClient ? sp : dp;
        f.serverPort = srcIsClient ? dp : sp;
        f.version = p.ipVersion;
        f.proto = p.ipProto;
        f.vlan0 = vl0;
        f.vlan1 = vl1;
        f.hash = h;
        f.id = nextId();
        f.firstSeen = now;
        f.lastSeen = now;
        if (tcp) {
            f.startTcp(p, cfg.midstream());
        }
        int b = h & mask;
        f.bucketNext = buckets[b];
        buckets[b] = f;
        active++;
        created++;
        // a SYN/ACK-first packet travels to the client
        foundToServer = srcIsClient;
        return f;
    }

    /**
     * A clean flow object: recycled, freshly allocated while under the cap, or taken by eviction
     * (embryonic, then closed, then an established flow idle past the grace); null when none may go.
     */
    private Flow obtain(long now) {
        Flow f = free;
        if (f != null) {
            free = f.bucketNext;
            f.bucketNext = null;
            return f;
        }
        if (allocated < cfg.maxFlows()) {
            allocated++;
            return new Flow();
        }
        // embryonic first (a SYN flood's own flows), then closed flows (their last packets may still come)
        Flow victim = idleHead[Flow.CLASS_NEW];
        if (victim == null) {
            victim = idleHead[Flow.CLASS_CLOSED];
        }
        if (victim != null) {
            evictedEmbryonic++;
        } else {
            // each class's head is its flow idle longest: among the heads idle past the grace, the
            // one nearest its timeout goes
            long victimDeadline = Long.MAX_VALUE;
            for (int c = 0; c < Flow.CLASSES; c++) {
                Flow head = idleHead[c];
                if (head != null && now - head.lastSeen >= ESTABLISHED_GRACE_MICROS) {
                    long deadline = head.lastSeen + timeoutMicros[c];
                    if (victim == null || deadline < victimDeadline) {
                        victim = head;
                        victimDeadline = deadline;
                    }
                }
            }
            if (victim == null) {
                return null;
            }
        }
        end(victim, Flow.EndReason.EVICTED);
        evicted++;
        f = free;
        free = f.bucketNext;
        f.bucketNext = null;
        return f;
    }

    private void end(Flow f, Flow.EndReason reason) {
        unlinkBucket(f);
        unlinkIdle(f);
        active--;
        f.endReason = reason;
        try {
            if (endHook != null) {
                endHook.accept(f);
            }
        } finally {
            f.recycle();
            f.bucketNext = free;
            free = f;
        }
    }

    private void unlinkBucket(Flow f) {
        int b = f.hash & mask;
        Flow prev = null;
        for (Flow x = buckets[b]; x != null; prev = x, x = x.bucketNext) {
            if (x == f) {
                if (prev == null) {
                    buckets[b] = x.bucketNext;
                } else {
                    prev.bucketNext = x.bucketNext;
                }
                f.bucketNext = null;
                return;
            }
        }
    }

    /** Moves {@code f} to the tail of the idle list of its current timeout class. */
    private void touch(Flow f) {
        unlinkIdle(f);
        int c = f.timeoutClass();
        f.idleClass = c;
        f.idlePrev = idleTail[c];
        f.idleNext = null;
        if (idleTail[c] == null) {
            idleHead[c] = f;
        } else {
            idleTail[c].idleNext = f;
        }
        idleTail[c] = f;
    }

    private void unlinkIdle(Flow f) {
        int c = f.idleClass;
        if (c < 0) {
            return;
        }
        if (f.idlePrev == null) {
            idleHead[c] = f.idleNext;
        } else {
            f.idlePrev.idleNext = f.idleNext;
        }
        if (f.idleNext == null) {
            idleTail[c] = f.idlePrev;
        } else {
            f.idleNext.idlePrev = f.idlePrev;
        }
        f.idlePrev = f.idleNext = null;
        f.idleClass = -1;
    }

    private static boolean same(byte[] key, byte[] d, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (key[i] != d[off + i]) {
                return false;
            }
        }
        return true;
    }

    /** Symmetric in the two endpoints: both directions of a flow hash alike. */
    private int hash(byte[] d, int srcOff, int dstOff, int alen, int sp, int dp,
                     int version, int proto, int vl0, int vl1) {
        int a = endpointHash(d, srcOff, alen, sp);
        int b = endpointHash(d, dstOff, alen, dp);
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        int h = seed ^ (version << 24) ^ (proto << 16) ^ (vl0 * 0x27d4eb2d) ^ (vl1 * 0x165667b1);
        h = fmix(h ^ lo * 0xcc9e2d51);
        return fmix(h + hi * 0x1b873593);
    }

    private static int endpointHash(byte[] d, int off, int alen, int port) {
        int h = port * 0x9E3779B1;
        for (int i = 0; i < alen; i += 4) {
            int w = (d[off + i] & 0xff) << 24 | (d[off + i + 1] & 0xff) << 16
                    | (d[off + i + 2] & 0xff) << 8 | (d[off + i + 3] & 0xff);
            h = Integer.rotateLeft(h ^ w * 0xcc9e2d51, 13) * 5 + 0xe6546b64;
        }
        return fmix(h);
    }

    private static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /** A process-unique positive id that looks random: a keyed bijection of a counter onto 51 bits. */
    static long nextId() {
        while (true) {
            long id = scramble(ID_SEQUENCE.incrementAndGet());
            if (id != 0) {
                return id;
            }
        }
    }

    /** Bijective on [0, 2^51): odd multiplications, right xor-shifts and an addition, all mod 2^51. */
    static long scramble(long x) {
        x &= ID_MASK;
        x = (x * 0x5DEECE66DL + 0x2F0B3A49C1E5DL) & ID_MASK;
        x ^= x >>> 26;
        x = (x * 0x2545F4914F6CDD1DL) & ID_MASK;
        x ^= x >>> 21;
        x = (x * 0x9E3779B97F4A7C15L) & ID_MASK;
        x ^= x >>> 17;
        return x;
    }
}
