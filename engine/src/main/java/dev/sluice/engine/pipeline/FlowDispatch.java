package dev.sluice.engine.pipeline;

import dev.sluice.capture.Frame;
import dev.sluice.capture.PacketSource;

import java.io.IOException;

/**
 * Spreads the frames of one source over several workers. A frame goes to the worker its outermost
 * IP address pair hashes to, and the hash is symmetric: both directions of every flow, every
 * fragment of a datagram (which carries no ports after the first), and every flow tunnelled
 * between two hosts reach the same worker, so each worker's flows, streams and fragments are
 * complete. Frames with no IP header we can find (ARP, unknown link types) all go to worker 0.
 */
public final class FlowDispatch {
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;
    private static final int ETHERTYPE_PPPOE_SESSION = 0x8864;
    private static final int ETHERTYPE_MPLS_UNICAST = 0x8847;
    private static final int ETHERTYPE_MPLS_MULTICAST = 0x8848;
    /** VLAN tags or MPLS labels followed before giving up. */
    private static final int MAX_TAGS = 8;

    private FlowDispatch() {}

    /** The worker, 0 to {@code workers - 1}, that handles {@code f}. */
    public static int workerOf(Frame f, int workers) {
        if (workers <= 1) {
            return 0;
        }
        long h = pairHash(f);
        // 64-bit finalizer (murmur3's fmix64), then the top 32 bits scaled to the worker count.
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return (int) (((h >>> 32) * workers) >>> 32);
    }

    /** A hash of the outermost IP address pair that does not depend on direction; 0 without one. */
    static long pairHash(Frame f) {
        byte[] d = f.data;
        int end = Math.min(f.length, d.length);
        int off;
        int type;
        switch (f.linkType) {
            case Frame.LINK_ETHERNET:
                off = 14;
                type = end >= 14 ? u16(d, 12) : -1;
                break;
            case Frame.LINK_LINUX_SLL:
                off = 16;
                type = end >= 16 ? u16(d, 14) : -1;
                break;
            case Frame.LINK_LINUX_SLL2:
                off = 20;
                type = end >= 20 ? u16(d, 0) : -1;
                break;
            case Frame.LINK_NULL:
            case Frame.LINK_LOOP:
                return end > 4 ? ip(d, 4, end) : 0;
            case Frame.LINK_RAW:
            case Frame.LINK_RAW_DLT12:
            case Frame.LINK_RAW_DLT14:
            case Frame.LINK_IPV4:
            case Frame.LINK_IPV6:
                return ip(d, 0, end);
            default:
                return 0;
        }
        for (int tags = 0; tags < MAX_TAGS; tags++) {
            switch (type) {
                case ETHERTYPE_IPV4:
                case ETHERTYPE_IPV6:
                    return ip(d, off, end);
                case ETHERTYPE_VLAN:
                case ETHERTYPE_QINQ:
                case ETHERTYPE_QINQ_OLD:
                    if (end < off + 4) {
                        return 0;
                    }
                    type = u16(d, off + 2);
                    off += 4;
                    break;
                case ETHERTYPE_PPPOE_SESSION:
                    // PPPoE header 6 bytes, then the PPP protocol: IPv4 0x0021, IPv6 0x0057.
                    return end >= off + 8 && (u16(d, off + 6) == 0x0021 || u16(d, off + 6) == 0x0057) ? ip(d, off + 8, end) : 0;
                case ETHERTYPE_MPLS_UNICAST:
                case ETHERTYPE_MPLS_MULTICAST:
                    for (int l = 0; l < MAX_TAGS && end >= off + 4; l++) {
                        boolean bottom = (d[off + 2] & 1) != 0;
                        off += 4;
                        if (bottom) {
                            return ip(d, off, end);
                        }
                    }
                    return 0;
                default:
                    return 0;
            }
        }
        return 0;
    }

    /** The pair hash of the IP header at {@code off}, version from its first nibble. */
    private static long ip(byte[] d, int off, int end) {
        if (off >= end) {
            return 0;
        }
        int version = (d[off] & 0xff) >>> 4;
        if (version == 4 && end >= off + 20) {
            long a = s32(d, off + 12) & 0xffffffffL;
            long b = s32(d, off + 16) & 0xffffffffL;
            return symmetric(a, b);
        }
        if (version == 6 && end >= off + 40) {
            long a = fold(d, off + 8);
            long b = fold(d, off + 24);
            return symmetric(a, b);
        }
        return 0;
    }

    /** The same value for (a, b) and (b, a). */
    private static long symmetric(long a, long b) {
        long lo = Math.min(a, b);
        long hi = Math.max(a, b);
        return lo * 0xC2B2AE3D27D4EB4FL + hi;
    }

    /** 16 address bytes folded to a long. */
    private static long fold(byte[] d, int off) {
        long x = 0;
        for (int i = 0; i < 16; i++) {
            x = x * 31 + (d[off + i] & 0xff);
        }
        return x;
    }

    private static int u16(byte[] d, int off) {
        return ((d[off] & 0xff) << 8) | (d[off + 1] & 0xff);
    }

    private static int s32(byte[] d, int off) {
        return ((d[off] & 0xff) << 24) | ((d[off + 1] & 0xff) << 16) | ((d[off + 2] & 0xff) << 8) | (d[off + 3] & 0xff);
    }

    /**
     * Reader thread: reads {@code source} to its end, putting each frame into the ring of the worker
     * it hashes to, then closes every ring. Returns the frames read. Throws when the source cannot
     * be read, or when a worker stopped (its frames could no longer be processed).
     */
    public static long run(PacketSource source, FrameRing[] rings) throws IOException {
        Frame staging = new Frame(Frame.MIN_GROWTH);
        long n = 0;
        try {
            while (source.next(staging)) {
                FrameRing r = rings[workerOf(staging, rings.length)];
                if (!r.put(staging)) {
                    throw new IOException("a worker stopped: " + r.abandoned());
                }
                n++;
            }
        } finally {
            for (FrameRing r : rings) {
                r.close();
            }
        }
        return n;
    }
}
