package dev.sluice.engine.defrag;

import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.Checksum;
import dev.sluice.engine.decode.DecodeEvent;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Reassembles IPv4 and IPv6 datagrams from their fragments. One per worker, used by that worker's
 * thread only; the worker hands it only packets with {@link Packet#fragment} set, so nothing here
 * touches the path of unfragmented packets.
 *
 * <p>Each fragment's data is copied into the {@link Tracker} of its datagram (keyed by {@link
 * TrackerKey}). When a fragment completes a datagram, {@link #process} returns a packet rebuilt
 * from it: raw IP in this defragmenter's own {@link Frame} (reused, valid until the next call),
 *
 * <pre>
 * IPv4: | header of the offset-0 fragment, options kept | data 0..N |
 *         total length = header + N, MF and offset cleared, checksum recomputed
 * IPv6: | fixed header | extension headers before the fragment header | data 0..N |
 *         payload length recomputed, the fragment header left out and the next-header byte
 *         that named it (fixed header or last extension header) set to what it carried
 * </pre>
 *
 * decoded again and marked {@link Packet#defragmented}, with the number, timestamp and VLAN ids of
 * the completing fragment.
 *
 * <p>Events go on the fragment that caused them, as Suricata sets them: {@code *_FRAG_OVERLAP} on a
 * fragment overlapping data already held (identical bytes included), {@code *_FRAG_PKT_TOO_LARGE}
 * on a fragment reaching past the largest datagram (IPv4: 20 + offset + length &gt; 65535; IPv6:
 * offset + length &gt; 65535), which also discards its datagram.
 *
 * <p>Ignored without an event: zero-length fragments, truncated captures of fragments, IPv6
 * fragments with more-fragments set and a length not a multiple of 8 (the decoder flags those).
 *
 * <p>Memory is bounded three ways: trackers idle for {@link DefragConfig#timeoutSeconds} of capture
 * time are expired (on lookup, and by {@link #expire} in bounded batches); at most {@link
 * DefragConfig#maxTrackers} exist; and the bytes held ({@link #bytesHeld}: fragment data plus a
 * fixed cost per tracker and fragment) never exceed {@link DefragConfig#memcapBytes}. When a new
 * tracker or new data does not fit, the trackers idle longest are evicted; or, with {@link
 * #refuseAtLimit}, the arriving fragment is refused and every datagram held is kept, so a datagram
 * whose first fragments were let through cannot be pushed out to have its tail go unreassembled.
 */
public final class Defragmenter {
    /** Most trackers {@link #expire} removes per call. */
    static final int EXPIRE_BATCH = 1024;
    /**
     * Most fragments kept for one datagram; more abandon it. 8192 8-byte fragments make the largest
     * datagram; the bound keeps a pathological stream of tiny overlapping fragments cheap.
     */
    static final int MAX_FRAGMENTS = 8192;

    static final int IPV4_MAX_PACKET = 65_535;
    static final int IPV4_MIN_HEADER = 20;
    static final int IPV6_MAX_PAYLOAD = 65_535;
    static final int IPV6_HEADER = 40;
    static final int IPV6_FRAG_HEADER = 8;
    static final int IPV6_NH_AH = 51;
    static final int IPV6_NH_FRAGMENT = 44;

    private final DefragConfig cfg;
    private final Decoder decoder;
    private final long timeoutMicros;
    /** Trackers in access order: the head is the one idle longest. */
    private final LinkedHashMap<TrackerKey, Tracker> trackers;
    private final TrackerKey probe = new TrackerKey();
    private final Tracker.Scratch scratch = new Tracker.Scratch();
    private final Frame outFrame = new Frame();
    private final Packet out = new Packet();

    private long bytesHeld;
    private long reassembled;
    private long expired;
    private long evicted;
    private long overlaps;
    private long tooLarge;
    private long trackerCapHits;
    private long memcapHits;
    /** True when the last {@link #process} call met the tracker cap or the memcap (the worker's defrag.memcap-policy). */
    private boolean limitHit;
    /** At a limit, refuse the arriving fragment instead of evicting older datagrams (a dropping policy, inline). */
    private boolean refuse;

    public Defragmenter(DefragConfig cfg, DecodeOptions opts) {
        this.cfg = cfg == null ? DefragConfig.DEFAULTS : cfg;
        this.decoder = new Decoder(opts);
        this.timeoutMicros = this.cfg.timeoutSeconds() * 1_000_000L;
        this.trackers = new LinkedHashMap<>(256, 0.75f, true);
    }

    public DefragConfig config() {
        return cfg;
    }

    /**
     * With {@code on}, a fragment that needs a tracker beyond {@link DefragConfig#maxTrackers} or
     * bytes beyond {@link DefragConfig#memcapBytes} is refused ({@link #lastHitLimit}, nothing
     * evicted): for a policy that drops it. Off (the default), the datagrams idle longest are evicted.
     */
    public void refuseAtLimit(boolean on) {
        this.refuse = on;
    }

    /**
     * Takes one fragment ({@code frag.fragment} set by the decoder) at capture time {@code
     * nowMicros}. Returns null while its datagram is incomplete, else the reassembled packet, owned
     * by this defragmenter and valid until the next call. {@code frag} may itself be the packet a
     * previous call returned (a fragmented datagram inside a reassembled one). Never throws for bad
     * input.
     */
    public Packet process(Packet frag, long nowMicros) {
        limitHit = false;
        if (!frag.fragment) {
            return null;
        }
        if (frag.ipVersion == 4) {
            return ipv4(frag, nowMicros);
        }
        if (frag.ipVersion == 6) {
            return ipv6(frag, nowMicros);
        }
        return null;
    }

    private Packet ipv4(Packet p, long now) {
        byte[] d = p.frame.data;
        int ip = p.ipOffset;
        int hlen = p.ipHeaderLength;
        int claimed = u16(d, ip + 2);
        if (claimed != p.ipTotalLength || hlen < IPV4_MIN_HEADER || claimed < hlen) {
            return null; // cut short by the capture: its data cannot be trusted to fill the datagram
        }
        int dataOff = ip + hlen;
        int len = claimed - hlen;
        int off = p.fragOffset << 3;
        boolean last = (p.ipFlags & 0x1) == 0;
        if (len == 0) {
            return null;
        }
        probe.set(4, p.ipProto, p.ipId, d, p.srcAddrOffset, p.dstAddrOffset,
                vlan(p, 0), vlan(p, 1), vlan(p, 2));
        if (IPV4_MIN_HEADER + off + len > IPV4_MAX_PACKET) {
            p.event(DecodeEvent.IPV4_FRAG_PKT_TOO_LARGE);
            discard(probe);
            return null;
        }
        byte[] header = off == 0 ? slice(d, ip, hlen) : null;
        Tracker.Fragment f = new Tracker.Fragment(off, slice(d, dataOff, len), header, -1, -1, last);
        return add(p, f, now, DecodeEvent.IPV4_FRAG_OVERLAP);
    }

    private Packet ipv6(Packet p, long now) {
        byte[] d = p.frame.data;
        int ip = p.ipOffset;
        int fh = p.fragHeaderOffset;
        int ipEnd = ip + p.ipTotalLength;
        if (fh < ip + IPV6_HEADER || fh + IPV6_FRAG_HEADER > ipEnd
                || IPV6_HEADER + u16(d, ip + 4) != p.ipTotalLength) {
            return null; // no usable fragment header, or cut short by the capture
        }
        int dataOff = fh + IPV6_FRAG_HEADER;
        int len = ipEnd - dataOff;
        int off = p.fragOffset << 3;
        boolean last = (p.ipFlags & 0x1) == 0;
        if (len == 0 || (!last && (len & 7) != 0)) {
            return null;
        }
        probe.set(6, -1, p.ipId, d, p.srcAddrOffset, p.dstAddrOffset, vlan(p, 0), vlan(p, 1), vlan(p, 2));
        if (off + len > IPV6_MAX_PAYLOAD) {
            p.event(DecodeEvent.IPV6_FRAG_PKT_TOO_LARGE);
            discard(probe);
            return null;
        }
        byte[] header = null;
        int prevNh = -1;
        if (off == 0) {
            prevNh = previousNextHeader(d, ip, fh);
            if (prevNh < 0) {
                return null;
            }
            header = slice(d, ip, fh - ip);
        }
        int nh = d[fh] & 0xff;
        Tracker.Fragment f = new Tracker.Fragment(off, slice(d, dataOff, len), header, prevNh, nh, last);
        return add(p, f, now, DecodeEvent.IPV6_FRAG_OVERLAP);
    }

    /**
     * Index (from {@code ip}) of the next-header byte that names the fragment header at {@code fh}:
     * in the fixed header or in the last extension header before it; -1 when the headers between do
     * not end exactly at {@code fh}.
     */
    private static int previousNextHeader(byte[] d, int ip, int fh) {
        int nhPos = ip + 6;
        int cur = ip + IPV6_HEADER;
        while (cur < fh) {
            if (cur + 2 > fh) {
                return -1;
            }
            int type = d[nhPos] & 0xff;
            int len = type == IPV6_NH_AH ? ((d[cur + 1] & 0xff) + 2) << 2 : ((d[cur + 1] & 0xff) + 1) << 3;
            nhPos = cur;
            cur += len;
        }
        if (cur != fh || (d[nhPos] & 0xff) != IPV6_NH_FRAGMENT) {
            return -1;
        }
        return nhPos - ip;
    }

    /** Adds {@code f} (from {@code p}) to its datagram's tracker, found with {@link #probe}. */
    private Packet add(Packet p, Tracker.Fragment f, long now, DecodeEvent overlapEvent) {
        Tracker t = trackers.get(probe);
        if (t != null && now - t.lastSeenMicros > timeoutMicros) {
            remove(t);
            expired++;
            t = null;
        }
        long cost = f.cost();
        boolean created = t == null;
        if (created) {
            if (refuse && (trackers.size() >= cfg.maxTrackers()
                    || bytesHeld + Tracker.TRACKER_COST + cost > cfg.memcapBytes())) {
                if (trackers.size() >= cfg.maxTrackers()) {
                    trackerCapHits++;
                } else {
                    memcapHits++;
                }
                limitHit = true;
                return null;
            }
            while (trackers.size() >= cfg.maxTrackers()) {
                evictOldest();
                trackerCapHits++;
                limitHit = true;
            }
            t = new Tracker(probe.copy(), now);
            trackers.put(t.key, t);
            bytesHeld += t.bytes;
        }
        t.lastSeenMicros = now;
        if (refuse && (bytesHeld + cost > cfg.memcapBytes() || t.kept >= MAX_FRAGMENTS)) {
            // the datagram stays: its refused fragment is dropped, so it completes for no one
            memcapHits++;
            limitHit = true;
            return null;
        }
        // Make room for the data before taking it, so the memcap holds at every moment.
        while (bytesHeld + cost > cfg.memcapBytes() && trackers.size() > 1) {
            evictOldest(); // t was just used, so it is the newest and never the oldest here
            memcapHits++;
            limitHit = true;
        }
        if (bytesHeld + cost > cfg.memcapBytes() || t.kept >= MAX_FRAGMENTS) {
            remove(t);
            evicted++;
            memcapHits++;
            limitHit = true;
            return null;
        }
        long before = t.bytes;
        int r = t.insert(f, cfg.policy(), scratch);
        bytesHeld += t.bytes - before;
        if ((r & Tracker.OVERLAP) != 0) {
            p.event(overlapEvent);
            overlaps++;
        }
        if ((r & Tracker.KEPT) == 0 || !t.complete()) {
            return null;
        }
        remove(t);
        return rebuild(p, t);
    }

    /** Builds, decodes and returns the datagram of complete tracker {@code t}, or null if too large. */
    private Packet rebuild(Packet p, Tracker t) {
        Tracker.Fragment head = t.head();
        byte[] h = head.header;
        int n = t.dataLength;
        // Copy what is needed from p first: p may be the packet this call overwrites.
        Frame pf = p.frame;
        long number = p.number;
        int vlanCount = p.vlanCount;
        int v0 = p.vlanIds[0];
        int v1 = p.vlanIds[1];
        int v2 = p.vlanIds[2];
        int total = h.length + n;
        if (t.key.version == 4) {
            if (total > IPV4_MAX_PACKET) {
                p.event(DecodeEvent.IPV4_FRAG_PKT_TOO_LARGE);
                tooLarge++;
                return null;
            }
        } else if (total - IPV6_HEADER > IPV6_MAX_PAYLOAD) {
            p.event(DecodeEvent.IPV6_FRAG_PKT_TOO_LARGE);
            tooLarge++;
            return null;
        }
        Frame fr = outFrame;
        if (pf != fr) {
            fr.tsSeconds = pf.tsSeconds;
            fr.tsNanos = pf.tsNanos;
            fr.id = pf.id;
            fr.queue = pf.queue;
        }
        fr.ensureCapacity(total);
        byte[] d = fr.data;
        System.arraycopy(h, 0, d, 0, h.length);
        t.copyData(d, h.length);
        if (t.key.version == 4) {
            put16(d, 2, total);
            d[6] &= (byte) 0xC0; // keep the reserved and DF bits; MF and the offset are cleared
            d[7] = 0;
            d[10] = 0;
            d[11] = 0;
            put16(d, 10, Checksum.compute(d, 0, h.length));
            fr.linkType = Frame.LINK_IPV4;
        } else {
            put16(d, 4, total - IPV6_HEADER);
            d[head.prevNextHeader] = (byte) head.nextHeader;
            fr.linkType = Frame.LINK_IPV6;
        }
        fr.length = total;
        fr.wireLength = total;
        reassembled++;

        Packet o = out;
        o.reset(fr, number);
        decoder.decode(o);
        o.defragmented = true;
        o.vlanCount = vlanCount;
        o.vlanIds[0] = v0;
        o.vlanIds[1] = v1;
        o.vlanIds[2] = v2;
        return o;
    }

    /**
     * Expires trackers idle for longer than the timeout at capture time {@code nowMicros}, at most
     * {@link #EXPIRE_BATCH} per call, oldest first.
     */
    public void expire(long nowMicros) {
        int n = 0;
        Iterator<Tracker> it = trackers.values().iterator();
        while (n < EXPIRE_BATCH && it.hasNext()) {
            Tracker t = it.next();
            if (nowMicros - t.lastSeenMicros <= timeoutMicros) {
                break; // access order: every later tracker was seen more recently
            }
            it.remove();
            bytesHeld -= t.bytes;
            expired++;
            n++;
        }
    }

    /** Drops the tracker of key {@code k}, if any (its datagram can no longer be rebuilt). */
    private void discard(TrackerKey k) {
        Tracker t = trackers.remove(k);
        if (t != null) {
            bytesHeld -= t.bytes;
        }
        tooLarge++;
    }

    private void evictOldest() {
        Iterator<Tracker> it = trackers.values().iterator();
        Tracker t = it.next();
        it.remove();
        bytesHeld -= t.bytes;
        evicted++;
    }

    private void remove(Tracker t) {
        trackers.remove(t.key);
        bytesHeld -= t.bytes;
    }

    // ---- counters ----

    /** Trackers evicted, or fragments refused, because {@link DefragConfig#maxTrackers} datagrams were open ({@code defrag.max_trackers_reached}). */
    public long trackerCapHits() {
        return trackerCapHits;
    }

    /** Trackers evicted or fragments refused to stay within {@link DefragConfig#memcapBytes} (or the fragment count per datagram). */
    public long memcapHits() {
        return memcapHits;
    }

    /** True when the last {@link #process} call had to evict or refuse to stay within the tracker cap or the memcap. */
    public boolean lastHitLimit() {
        return limitHit;
    }

    /** Datagrams being reassembled now. */
    public int trackersActive() {
        return trackers.size();
    }

    /** Datagrams rebuilt and returned. */
    public long reassembled() {
        return reassembled;
    }

    /** Trackers dropped after the timeout. */
    public long expired() {
        return expired;
    }

    /** Trackers dropped to stay within the tracker count or the memcap (or with too many fragments). */
    public long evicted() {
        return evicted;
    }

    /** Fragments that overlapped data already held. */
    public long overlaps() {
        return overlaps;
    }

    /** Fragments or datagrams discarded for exceeding the largest IP packet. */
    public long tooLarge() {
        return tooLarge;
    }

    /** Bytes held against the memcap: fragment data and headers plus fixed bookkeeping costs. */
    public long bytesHeld() {
        return bytesHeld;
    }

    // ---- helpers ----

    private static int vlan(Packet p, int i) {
        return i < p.vlanCount ? p.vlanIds[i] : -1;
    }

    private static byte[] slice(byte[] d, int off, int len) {
        byte[] b = new byte[len];
        System.arraycopy(d, off, b, 0, len);
        return b;
    }

    private static int u16(byte[] d, int off) {
        return ((d[off] & 0xff) << 8) | (d[off + 1] & 0xff);
    }

    private static void put16(byte[] d, int off, int v) {
        d[off] = (byte) (v >>> 8);
        d[off + 1] = (byte) v;
    }
}
