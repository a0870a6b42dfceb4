package dev.sluice.engine.mutation;

import java.io.ByteArrayOutputStream;

/**
 * Builds raw IP packets (no link layer, as NFQUEUE hands them over) and finds their fields again
 * in bytes that may be damaged: every read is bounded by the array, nothing here throws on junk.
 */
public final class RawPackets {
    private RawPackets() {}

    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMP = 1;
    public static final int ICMPV6 = 58;
    public static final int HOP_BY_HOP = 0;
    public static final int ROUTING = 43;
    public static final int FRAGMENT = 44;
    public static final int DEST_OPTS = 60;
    public static final int AH = 51;
    public static final int NO_NEXT = 59;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    // ------------------------------------------------------------------ builders

    /** An IPv4 packet; {@code options} are padded to 4 bytes; both checksums are filled in. */
    public static byte[] ipv4(byte[] src, byte[] dst, int proto, int id, int flagsFrag, int ttl, byte[] options, byte[] l4) {
        int optLen = options == null ? 0 : (options.length + 3) & ~3;
        int hl = 20 + optLen;
        byte[] p = new byte[hl + l4.length];
        p[0] = (byte) (0x40 | (hl / 4));
        put16(p, 2, p.length);
        put16(p, 4, id);
        put16(p, 6, flagsFrag);
        p[8] = (byte) ttl;
        p[9] = (byte) proto;
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        if (options != null) {
            System.arraycopy(options, 0, p, 20, options.length);
        }
        System.arraycopy(l4, 0, p, hl, l4.length);
        fixChecksums(p, p.length);
        return p;
    }

    /**
     * An IPv6 packet: {@code ext} are extension headers (type, body with its first two bytes, the
     * next-header and length fields, filled in here) before the upper layer {@code proto}.
     */
    public static byte[] ipv6(byte[] src, byte[] dst, int[] extTypes, byte[][] ext, int proto, byte[] l4) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int first = extTypes.length == 0 ? proto : extTypes[0];
        for (int i = 0; i < extTypes.length; i++) {
            byte[] e = ext[i].clone();
            e[0] = (byte) (i + 1 < extTypes.length ? extTypes[i + 1] : proto);
            if (extTypes[i] != FRAGMENT) {
                e[1] = (byte) (extTypes[i] == AH ? e.length / 4 - 2 : e.length / 8 - 1);
            }
            b.writeBytes(e);
        }
        b.writeBytes(l4);
        byte[] rest = b.toByteArray();
        byte[] p = new byte[40 + rest.length];
        p[0] = 0x60;
        put16(p, 4, rest.length);
        p[6] = (byte) first;
        p[7] = 64;
        System.arraycopy(src, 0, p, 8, 16);
        System.arraycopy(dst, 0, p, 24, 16);
        System.arraycopy(rest, 0, p, 40, rest.length);
        fixChecksums(p, p.length);
        return p;
    }

    /** A TCP header and payload; options are padded to 4 bytes with NOPs; checksum left to the IP builder. */
    public static byte[] tcp(int sport, int dport, long seq, long ack, int flags, int window, byte[] options, byte[] payload) {
        int optLen = options == null ? 0 : Math.min(40, (options.length + 3) & ~3);
        byte[] t = new byte[20 + optLen + payload.length];
        put16(t, 0, sport);
        put16(t, 2, dport);
        put32(t, 4, seq);
        put32(t, 8, ack);
        t[12] = (byte) (((20 + optLen) / 4) << 4);
        t[13] = (byte) flags;
        put16(t, 14, window);
        if (options != null) {
            java.util.Arrays.fill(t, 20, 20 + optLen, (byte) 1);
            System.arraycopy(options, 0, t, 20, Math.min(options.length, optLen));
        }
        System.arraycopy(payload, 0, t, 20 + optLen, payload.length);
        return t;
    }

    public static byte[] udp(int sport, int dport, byte[] payload) {
        byte[] u = new byte[8 + payload.length];
        put16(u, 0, sport);
        put16(u, 2, dport);
        put16(u, 4, u.length);
        System.arraycopy(payload, 0, u, 8, payload.length);
        return u;
    }

    /** ICMP or ICMPv6: type, code, four bytes of rest-of-header, then the body. */
    public static byte[] icmp(int type, int code, long rest, byte[] body) {
        byte[] m = new byte[8 + body.length];
        m[0] = (byte) type;
        m[1] = (byte) code;
        put32(m, 4, rest);
        System.arraycopy(body, 0, m, 8, body.length);
        return m;
    }

    /** The fragments of an IPv4 datagram, {@code size} bytes of payload each (rounded to 8). */
    public static java.util.List<byte[]> fragment4(byte[] datagram, int size) {
        int hl = (datagram[0] & 0x0f) * 4;
        int payload = datagram.length - hl;
        size = Math.max(8, size & ~7);
        java.util.List<byte[]> out = new java.util.ArrayList<>();
        for (int off = 0; off < payload; off += size) {
            int n = Math.min(size, payload - off);
            byte[] f = new byte[hl + n];
            System.arraycopy(datagram, 0, f, 0, hl);
            System.arraycopy(datagram, hl + off, f, hl, n);
            put16(f, 2, f.length);
            put16(f, 6, (off / 8) | (off + n < payload ? 0x2000 : 0));
            fixChecksums(f, f.length);
            out.add(f);
        }
        return out;
    }

    /** The fragments of an IPv6 packet without extension headers ({@code size} payload bytes each, rounded to 8). */
    public static java.util.List<byte[]> fragment6(byte[] packet, int id, int size) {
        int nh = packet[6] & 0xff;
        int payload = packet.length - 40;
        size = Math.max(8, size & ~7);
        java.util.List<byte[]> out = new java.util.ArrayList<>();
        for (int off = 0; off < payload; off += size) {
            int n = Math.min(size, payload - off);
            byte[] f = new byte[48 + n];
            System.arraycopy(packet, 0, f, 0, 40);
            f[6] = (byte) FRAGMENT;
            put16(f, 4, 8 + n);
            f[40] = (byte) nh;
            put16(f, 42, off | (off + n < payload ? 1 : 0));
            put32(f, 44, id);
            System.arraycopy(packet, 40 + off, f, 48, n);
            out.add(f);
        }
        return out;
    }

    // ------------------------------------------------------------------ layout of possibly damaged bytes

    /** Where the fields of a packet are, as far as its bytes can be followed; -1 for absent. */
    public static final class Layout {
        public int version;
        /** IPv4 header length in bytes (from IHL), or 40 for IPv6. */
        public int ipHeaderLength;
        /** Offsets of IPv6 extension headers met, and how many. */
        public final int[] extOffsets = new int[8];
        public final int[] extTypes = new int[8];
        public int extCount;
        public int proto = -1;
        public int l4 = -1;
        /** True when the packet is a fragment (its L4 header may be absent or partial). */
        public boolean fragment;
        public boolean firstFragment = true;
    }

    public static Layout layout(byte[] p, int len) {
        Layout l = new Layout();
        len = Math.min(len, p.length);
        if (len < 1) {
            return l;
        }
        l.version = (p[0] & 0xff) >>> 4;
        if (l.version == 4 && len >= 20) {
            l.ipHeaderLength = (p[0] & 0x0f) * 4;
            l.proto = p[9] & 0xff;
            int ff = u16(p, 6);
            l.fragment = (ff & 0x3fff) != 0;
            l.firstFragment = (ff & 0x1fff) == 0;
            if (l.ipHeaderLength >= 20 && l.ipHeaderLength <= len) {
                l.l4 = l.ipHeaderLength;
            }
        } else if (l.version == 6 && len >= 40) {
            l.ipHeaderLength = 40;
            int nh = p[6] & 0xff;
            int off = 40;
            while (l.extCount < l.extOffsets.length && off + 8 <= len
                    && (nh == HOP_BY_HOP || nh == ROUTING || nh == DEST_OPTS || nh == FRAGMENT || nh == AH)) {
                l.extOffsets[l.extCount] = off;
                l.extTypes[l.extCount++] = nh;
                int next = p[off] & 0xff;
                if (nh == FRAGMENT) {
                    int fo = u16(p, off + 2);
                    // An atomic fragment (offset 0, no more fragments) is a whole packet.
                    l.fragment |= (fo & 0xfff9) != 0;
                    l.firstFragment = (fo & 0xfff8) == 0;
                    off += 8;
                } else if (nh == AH) {
                    off += ((p[off + 1] & 0xff) + 2) * 4;
                } else {
                    off += ((p[off + 1] & 0xff) + 1) * 8;
                }
                nh = next;
            }
            l.proto = nh;
            if (off <= len) {
                l.l4 = off;
            }
        }
        return l;
    }

    /**
     * Fills in the IPv4 header checksum and, for an unfragmented TCP/UDP/ICMP/ICMPv6 packet whose
     * header fits, the transport checksum over the bytes the IP length covers. Damaged packets get
     * what can be computed.
     */
    public static void fixChecksums(byte[] p, int len) {
        fixIpChecksum(p, len);
        Layout l = layout(p, len);
        if (l.l4 < 0 || l.fragment) {
            return;
        }
        int end = len;
        if (l.version == 4) {
            end = Math.min(len, u16(p, 2));
        } else if (l.version == 6) {
            end = Math.min(len, 40 + u16(p, 4));
        }
        int csumAt = switch (l.proto) {
            case TCP -> 16;
            case UDP -> 6;
            case ICMP, ICMPV6 -> 2;
            default -> -1;
        };
        if (csumAt < 0 || l.l4 + csumAt + 2 > end) {
            return;
        }
        int l4len = end - l.l4;
        p[l.l4 + csumAt] = 0;
        p[l.l4 + csumAt + 1] = 0;
        long acc = 0;
        if (l.proto != ICMP) {
            if (l.version == 4) {
                acc = sum(p, 12, 8, acc) + l.proto + l4len;
            } else {
                acc = sum(p, 8, 32, acc) + l.proto + l4len;
            }
        }
        int c = fold(sum(p, l.l4, l4len, acc));
        if (c == 0 && l.proto == UDP) {
            c = 0xffff;
        }
        put16(p, l.l4 + csumAt, c);
    }

    /** The IPv4 header checksum alone (what the kernel checks before queueing). */
    public static void fixIpChecksum(byte[] p, int len) {
        if (len < 20 || (p[0] & 0xf0) != 0x40) {
            return;
        }
        int hl = Math.min((p[0] & 0x0f) * 4, len);
        if (hl < 20) {
            return;
        }
        p[10] = 0;
        p[11] = 0;
        put16(p, 10, fold(sum(p, 0, hl, 0)));
    }

    static long sum(byte[] b, int off, int len, long acc) {
        int end = Math.min(b.length, off + len);
        int i = off;
        for (; i + 1 < end; i += 2) {
            acc += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < end) {
            acc += (b[i] & 0xff) << 8;
        }
        return acc;
    }

    static int fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) (~acc & 0xffff);
    }

    public static int u16(byte[] b, int off) {
        return off + 1 < b.length && off >= 0 ? ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff) : 0;
    }

    public static void put16(byte[] b, int off, int v) {
        if (off >= 0 && off + 1 < b.length) {
            b[off] = (byte) (v >>> 8);
            b[off + 1] = (byte) v;
        }
    }

    public static void put32(byte[] b, int off, long v) {
        put16(b, off, (int) (v >>> 16));
        put16(b, off + 2, (int) v);
    }

    public static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    public static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
