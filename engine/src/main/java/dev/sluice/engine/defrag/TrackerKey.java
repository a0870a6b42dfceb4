package dev.sluice.engine.defrag;

/**
 * What makes fragments parts of one datagram: IP version, source and destination address, the
 * identification (16 bits for IPv4, 32 for IPv6), for IPv4 the protocol (RFC 791), and the VLAN
 * ids the fragments arrived on (as Suricata keys its trackers). Mutable so that one probe instance
 * can be refilled for every lookup; a copy is stored with each tracker.
 */
final class TrackerKey {
    int version;
    /** IPv4 protocol; -1 for IPv6, whose fragments of one datagram share only the identification. */
    int proto;
    int id;
    /** Addresses as big-endian 64-bit halves; an IPv4 address sits in the low half alone. */
    long srcHi;
    long srcLo;
    long dstHi;
    long dstLo;
    int vlan0;
    int vlan1;
    int vlan2;

    /** Fills the key from raw header bytes; vlans of -1 mean "no tag". */
    void set(int version, int proto, int id, byte[] d, int srcOff, int dstOff, int vlan0, int vlan1, int vlan2) {
        this.version = version;
        this.proto = proto;
        this.id = id;
        if (version == 4) {
            srcHi = 0;
            srcLo = be(d, srcOff, 4);
            dstHi = 0;
            dstLo = be(d, dstOff, 4);
        } else {
            srcHi = be(d, srcOff, 8);
            srcLo = be(d, srcOff + 8, 8);
            dstHi = be(d, dstOff, 8);
            dstLo = be(d, dstOff + 8, 8);
        }
        this.vlan0 = vlan0;
        this.vlan1 = vlan1;
        this.vlan2 = vlan2;
    }

    TrackerKey copy() {
        TrackerKey k = new TrackerKey();
        k.version = version;
        k.proto = proto;
        k.id = id;
        k.srcHi = srcHi;
        k.srcLo = srcLo;
        k.dstHi = dstHi;
        k.dstLo = dstLo;
        k.vlan0 = vlan0;
        k.vlan1 = vlan1;
        k.vlan2 = vlan2;
        return k;
    }

    private static long be(byte[] d, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (d[off + i] & 0xff);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrackerKey)) {
            return false;
        }
        TrackerKey k = (TrackerKey) o;
        return id == k.id && srcLo == k.srcLo && dstLo == k.dstLo && srcHi == k.srcHi && dstHi == k.dstHi
                && version == k.version && proto == k.proto
                && vlan0 == k.vlan0 && vlan1 == k.vlan1 && vlan2 == k.vlan2;
    }

    @Override
    public int hashCode() {
        long h = id * 0x9E3779B97F4A7C15L;
        h = (h ^ srcLo) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ dstLo) * 0x165667B19E3779F9L;
        h = (h ^ srcHi ^ (dstHi << 1)) * 0x9E3779B97F4A7C15L;
        h ^= ((long) version << 40) ^ ((long) (proto & 0xff) << 32) ^ (vlan0 * 31L + vlan1) * 31L + vlan2;
        return (int) (h ^ (h >>> 32));
    }
}
