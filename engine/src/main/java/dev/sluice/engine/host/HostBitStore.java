package dev.sluice.engine.host;

import dev.sluice.signatures.match.HostBits;
import dev.sluice.signatures.match.PacketView;

/**
 * One worker's xbits / hostbits: an open-addressing table of (bit, host) and (bit, address pair)
 * entries, each with an expiry in capture seconds. Bounded: at {@code maxEntries} it first drops
 * expired entries, then evicts the soonest-expiring of a few entries ({@link #evicted} counts them).
 * Grows by doubling up to its bound, so after warm-up nothing is allocated.
 *
 * <pre>
 * slot i:  bit+1 (0 = empty) | kind (host/pair) | address A (hi, lo) | address B (hi, lo) | expire
 * address: IPv6 as two big-endian longs; IPv4 as ::ffff:a.b.c.d
 * pair:    A is the lower of the two addresses, so both directions find the same entry
 * </pre>
 */
public final class HostBitStore implements HostBits {
    /** Entries kept per worker unless told otherwise. */
    public static final int DEFAULT_MAX_ENTRIES = 65536;
    /** Entries looked at when one must be evicted. */
    private static final int EVICT_SAMPLE = 8;
    private static final byte HOST = 0;
    private static final byte PAIR = 1;
    private static final long V4_MAPPED = 0xFFFFL << 32;

    private final int maxEntries;
    /** Largest table: the power of two at least twice {@link #maxEntries}, so probe runs always end. */
    private final int maxSlots;
    private int[] bits;
    private byte[] kinds;
    private long[] aHi;
    private long[] aLo;
    private long[] bHi;
    private long[] bLo;
    private long[] expires;
    private int mask;
    private int count;
    private int evictCursor;

    /** Entries evicted to make room for a new one while still live. */
    public long evicted;
    /** Expired entries dropped (when found, or swept to make room). */
    public long expired;

    // The key of the operation in progress (one worker thread, so plain fields).
    private byte kKind;
    private long kaHi;
    private long kaLo;
    private long kbHi;
    private long kbLo;

    public HostBitStore(int maxEntries) {
        if (maxEntries < 1 || maxEntries > 1 << 28) {
            throw new IllegalArgumentException("maxEntries must be 1 to 2^28, not " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.maxSlots = Integer.highestOneBit(maxEntries * 2 - 1) * 2;
        allocate(Math.min(256, maxSlots));
    }

    /** Entries held (live or not yet found expired). */
    public int size() {
        return count;
    }

    @Override
    public boolean isSet(int bit, int track, PacketView p) {
        if (!key(track, p)) {
            return false;
        }
        int s = find(bit);
        if (s < 0) {
            return false;
        }
        if (expires[s] < p.tsSeconds()) {
            remove(s);
            expired++;
            return false;
        }
        return true;
    }

    @Override
    public void set(int bit, int track, PacketView p, long expireSeconds) {
        if (!key(track, p)) {
            return;
        }
        long now = p.tsSeconds();
        int s = find(bit);
        if (s >= 0) {
            if (expires[s] < now) {
                expires[s] = now + expireSeconds; // an expired bit set again starts a new life
            }
            return;
        }
        insert(bit, now, now + expireSeconds);
    }

    @Override
    public void unset(int bit, int track, PacketView p) {
        if (!key(track, p)) {
            return;
        }
        int s = find(bit);
        if (s >= 0) {
            remove(s);
        }
    }

    @Override
    public void toggle(int bit, int track, PacketView p, long expireSeconds) {
        if (!key(track, p)) {
            return;
        }
        long now = p.tsSeconds();
        int s = find(bit);
        if (s >= 0 && expires[s] >= now) {
            remove(s);
        } else if (s >= 0) {
            expires[s] = now + expireSeconds;
        } else {
            insert(bit, now, now + expireSeconds);
        }
    }

    // ---------------------------------------------------------------- keys

    /** Loads the packet's tracked address(es) into the key fields; false without an IP layer. */
    private boolean key(int track, PacketView p) {
        int v = p.ipVersion();
        if (v != 4 && v != 6) {
            return false;
        }
        byte[] d = p.data();
        if (track == TRACK_PAIR) {
            kKind = PAIR;
            long sHi = hi(d, p.srcAddrOffset(), v);
            long sLo = lo(d, p.srcAddrOffset(), v);
            long dHi = hi(d, p.dstAddrOffset(), v);
            long dLo = lo(d, p.dstAddrOffset(), v);
            int c = Long.compareUnsigned(sHi, dHi);
            if (c < 0 || (c == 0 && Long.compareUnsigned(sLo, dLo) <= 0)) {
                kaHi = sHi;
                kaLo = sLo;
                kbHi = dHi;
                kbLo = dLo;
            } else {
                kaHi = dHi;
                kaLo = dLo;
                kbHi = sHi;
                kbLo = sLo;
            }
            return true;
        }
        int off = track == TRACK_DST ? p.dstAddrOffset() : p.srcAddrOffset();
        kKind = HOST;
        kaHi = hi(d, off, v);
        kaLo = lo(d, off, v);
        kbHi = 0;
        kbLo = 0;
        return true;
    }

    private static long hi(byte[] d, int off, int v) {
        return v == 4 ? 0 : be64(d, off);
    }

    private static long lo(byte[] d, int off, int v) {
        if (v == 4) {
            return V4_MAPPED | ((d[off] & 0xFFL) << 24) | ((d[off + 1] & 0xFFL) << 16)
                    | ((d[off + 2] & 0xFFL) << 8) | (d[off + 3] & 0xFFL);
        }
        return be64(d, off + 8);
    }

    private static long be64(byte[] d, int off) {
        long x = 0;
        for (int i = 0; i < 8; i++) {
            x = (x << 8) | (d[off + i] & 0xFFL);
        }
        return x;
    }

    private int home(int bit) {
        long h = bit * 0x9E3779B97F4A7C15L + kKind;
        h = (h ^ kaHi) * 0xBF58476D1CE4E5B9L;
        h = (h ^ kaLo) * 0x94D049BB133111EBL;
        h = (h ^ kbHi) * 0xBF58476D1CE4E5B9L;
        h = (h ^ kbLo) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return (int) h & mask;
    }

    private boolean same(int s, int bit) {
        return bits[s] == bit + 1 && kinds[s] == kKind && aLo[s] == kaLo && aHi[s] == kaHi
                && bLo[s] == kbLo && bHi[s] == kbHi;
    }

    // ---------------------------------------------------------------- table

    private int find(int bit) {
        for (int s = home(bit); bits[s] != 0; s = (s + 1) & mask) {
            if (same(s, bit)) {
                return s;
            }
        }
        return -1;
    }

    private void insert(int bit, long now, long expire) {
        if (count >= maxEntries) {
            makeRoom(now);
        }
        if ((count + 1) * 2 > bits.length && bits.length < maxSlots) {
            grow();
        }
        int s = home(bit);
        while (bits[s] != 0) {
            s = (s + 1) & mask;
        }
        bits[s] = bit + 1;
        kinds[s] = kKind;
        aHi[s] = kaHi;
        aLo[s] = kaLo;
        bHi[s] = kbHi;
        bLo[s] = kbLo;
        expires[s] = expire;
        count++;
    }

    /** Drops every expired entry; if none was, evicts the soonest-expiring of a few live ones. */
    private void makeRoom(long now) {
        for (int s = 0; s < bits.length; s++) {
            // removal shifts a later entry into this slot: look at the slot again
            while (bits[s] != 0 && expires[s] < now) {
                remove(s);
                expired++;
            }
        }
        if (count < maxEntries) {
            return;
        }
        int victim = -1;
        int seen = 0;
        for (int i = 0; i < bits.length && seen < EVICT_SAMPLE; i++) {
            int s = (evictCursor + i) & mask;
            if (bits[s] != 0) {
                seen++;
                if (victim < 0 || expires[s] < expires[victim]) {
                    victim = s;
                }
            }
        }
        evictCursor = (victim + 1) & mask;
        remove(victim);
        evicted++;
    }

    /** Empties slot {@code s}, shifting later entries of its probe run back so lookups still find them. */
    private void remove(int s) {
        int hole = s;
        int j = s;
        while (true) {
            j = (j + 1) & mask;
            if (bits[j] == 0) {
                break;
            }
            // the entry at j may fill the hole if its home is not cyclically within (hole, j]
            int h = homeOf(j);
            boolean between = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j);
            if (!between) {
                move(j, hole);
                hole = j;
            }
        }
        bits[hole] = 0;
        count--;
    }

    private int homeOf(int s) {
        byte k = kKind;
        long a = kaHi;
        long b = kaLo;
        long c = kbHi;
        long e = kbLo;
        kKind = kinds[s];
        kaHi = aHi[s];
        kaLo = aLo[s];
        kbHi = bHi[s];
        kbLo = bLo[s];
        int h = home(bits[s] - 1);
        kKind = k;
        kaHi = a;
        kaLo = b;
        kbHi = c;
        kbLo = e;
        return h;
    }

    private void move(int from, int to) {
        bits[to] = bits[from];
        kinds[to] = kinds[from];
        aHi[to] = aHi[from];
        aLo[to] = aLo[from];
        bHi[to] = bHi[from];
        bLo[to] = bLo[from];
        expires[to] = expires[from];
    }

    private void allocate(int slots) {
        bits = new int[slots];
        kinds = new byte[slots];
        aHi = new long[slots];
        aLo = new long[slots];
        bHi = new long[slots];
        bLo = new long[slots];
        expires = new long[slots];
        mask = slots - 1;
    }

    private void grow() {
        int[] ob = bits;
        byte[] ok = kinds;
        long[] oah = aHi;
        long[] oal = aLo;
        long[] obh = bHi;
        long[] obl = bLo;
        long[] oe = expires;
        allocate(ob.length * 2);
        byte k = kKind;
        long a = kaHi;
        long b = kaLo;
        long c = kbHi;
        long e = kbLo;
        for (int i = 0; i < ob.length; i++) {
            if (ob[i] == 0) {
                continue;
            }
            kKind = ok[i];
            kaHi = oah[i];
            kaLo = oal[i];
            kbHi = obh[i];
            kbLo = obl[i];
            int s = home(ob[i] - 1);
            while (bits[s] != 0) {
                s = (s + 1) & mask;
            }
            bits[s] = ob[i];
            kinds[s] = ok[i];
            aHi[s] = oah[i];
            aLo[s] = oal[i];
            bHi[s] = obh[i];
            bLo[s] = obl[i];
            expires[s] = oe[i];
        }
        kKind = k;
        kaHi = a;
        kaLo = b;
        kbHi = c;
        kbLo = e;
    }
}
