package dev.sluice.bench;

import dev.sluice.capture.Frame;

/**
 * Ethernet frames built in memory with valid IP and transport checksums, for benchmarks that need
 * one packet of a given shape rather than a capture. Payload bytes are lowercase letters.
 */
public final class SyntheticFrames {
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;

    private static final int ETH = 14;

    private SyntheticFrames() {
    }

    /** The packet shapes {@link #of} builds; the names are the decode benchmark's {@code proto} values. */
    public enum Kind {
        IPV4_TCP("ipv4-tcp"), IPV4_UDP("ipv4-udp"), IPV6_TCP("ipv6-tcp"), ICMP("icmp"),
        IPV4_FRAGMENT("ipv4-fragment");

        public final String label;

        Kind(String label) {
            this.label = label;
        }

        public static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown packet kind '" + label + "'");
        }
    }

    /**
     * One frame of {@code kind} with {@code payload} bytes after the transport header (ICMP: after
     * the echo header). {@code IPV4_FRAGMENT} is the first fragment (MF set) of a TCP datagram
     * twice that long, so it carries the TCP header and {@code payload} bytes.
     */
    public static Frame of(Kind kind, int payload) {
        return switch (kind) {
            case IPV4_TCP -> tcp4(0x0a000001, 0xc0a80001, 49152, 80, 1000, 2000, TCP_PSH | TCP_ACK, payload);
            case IPV4_UDP -> udp4(0x0a000001, 0xc0a80001, 49152, 53, payload);
            case IPV6_TCP -> tcp6(payload);
            case ICMP -> icmp4(payload);
            case IPV4_FRAGMENT -> fragment4(payload);
        };
    }

    /** An IPv4 TCP segment; addresses as ints, flags as in the TCP header. */
    public static Frame tcp4(int src, int dst, int sport, int dport, long seq, long ack, int flags, int payload) {
        Frame f = new Frame();
        byte[] d = f.data;
        int l4 = ipv4(d, src, dst, PROTO_TCP, 20 + payload, 0);
        tcpHeader(d, l4, sport, dport, seq, ack, flags);
        fill(d, l4 + 20, payload);
        finishTcpUdp4(d, l4, 20 + payload, PROTO_TCP);
        return done(f, l4 + 20 + payload);
    }

    /** An IPv4 UDP datagram. */
    public static Frame udp4(int src, int dst, int sport, int dport, int payload) {
        Frame f = new Frame();
        byte[] d = f.data;
        int len = 8 + payload;
        int l4 = ipv4(d, src, dst, PROTO_UDP, len, 0);
        put16(d, l4, sport);
        put16(d, l4 + 2, dport);
        put16(d, l4 + 4, len);
        fill(d, l4 + 8, payload);
        finishTcpUdp4(d, l4, len, PROTO_UDP);
        return done(f, l4 + len);
    }

    /** Rewrites the TCP sequence and acknowledgement numbers of a frame made by {@link #tcp4}, checksum included. */
    public static void setSeqAck(Frame f, long seq, long ack) {
        byte[] d = f.data;
        int l4 = ETH + 20;
        put32(d, l4 + 4, seq);
        put32(d, l4 + 8, ack);
        finishTcpUdp4(d, l4, f.length - l4, PROTO_TCP);
    }

    private static Frame tcp6(int payload) {
        Frame f = new Frame();
        byte[] d = f.data;
        put16(d, 12, 0x86DD);
        int ip = ETH;
        d[ip] = 0x60;
        int l4len = 20 + payload;
        put16(d, ip + 4, l4len);
        d[ip + 6] = PROTO_TCP;
        d[ip + 7] = 64;
        // 2001:db8::1 -> 2001:db8::2
        put16(d, ip + 8, 0x2001);
        put16(d, ip + 10, 0x0db8);
        d[ip + 23] = 1;
        put16(d, ip + 24, 0x2001);
        put16(d, ip + 26, 0x0db8);
        d[ip + 39] = 2;
        int l4 = ip + 40;
        tcpHeader(d, l4, 49152, 443, 1000, 2000, TCP_PSH | TCP_ACK);
        fill(d, l4 + 20, payload);
        long acc = sum(d, ip + 8, 32, 0) + PROTO_TCP + l4len;
        put16(d, l4 + 16, ~fold(sum(d, l4, l4len, acc)) & 0xffff);
        return done(f, l4 + l4len);
    }

    private static Frame icmp4(int payload) {
        Frame f = new Frame();
        byte[] d = f.data;
        int len = 8 + payload;
        int l4 = ipv4(d, 0x0a000001, 0xc0a80001, PROTO_ICMP, len, 0);
        d[l4] = 8; // echo request
        put16(d, l4 + 4, 0x1234);
        put16(d, l4 + 6, 1);
        fill(d, l4 + 8, payload);
        put16(d, l4 + 2, ~fold(sum(d, l4, len, 0)) & 0xffff);
        return done(f, l4 + len);
    }

    private static Frame fragment4(int payload) {
        Frame f = new Frame();
        byte[] d = f.data;
        int first = 20 + payload;
        // the whole datagram's TCP checksum is unknown to the decoder of a fragment; zero is fine
        int l4 = ipv4(d, 0x0a000001, 0xc0a80001, PROTO_TCP, first, 0x2000);
        tcpHeader(d, l4, 49152, 80, 1000, 2000, TCP_PSH | TCP_ACK);
        fill(d, l4 + 20, payload);
        return done(f, l4 + first);
    }

    /** Writes Ethernet and an IPv4 header for {@code l4len} bytes; returns the transport offset. */
    private static int ipv4(byte[] d, int src, int dst, int proto, int l4len, int flagsFrag) {
        put16(d, 12, 0x0800);
        int ip = ETH;
        d[ip] = 0x45;
        put16(d, ip + 2, 20 + l4len);
        put16(d, ip + 4, 0x4242);
        put16(d, ip + 6, flagsFrag);
        d[ip + 8] = 64;
        d[ip + 9] = (byte) proto;
        put32(d, ip + 12, src & 0xffffffffL);
        put32(d, ip + 16, dst & 0xffffffffL);
        put16(d, ip + 10, ~fold(sum(d, ip, 20, 0)) & 0xffff);
        return ip + 20;
    }

    private static void tcpHeader(byte[] d, int l4, int sport, int dport, long seq, long ack, int flags) {
        put16(d, l4, sport);
        put16(d, l4 + 2, dport);
        put32(d, l4 + 4, seq);
        put32(d, l4 + 8, ack);
        d[l4 + 12] = 0x50;
        d[l4 + 13] = (byte) flags;
        put16(d, l4 + 14, 65535);
    }

    private static void finishTcpUdp4(byte[] d, int l4, int len, int proto) {
        int csumAt = proto == PROTO_TCP ? l4 + 16 : l4 + 6;
        put16(d, csumAt, 0);
        long acc = sum(d, ETH + 12, 8, 0) + proto + len;
        int c = ~fold(sum(d, l4, len, acc)) & 0xffff;
        put16(d, csumAt, proto == PROTO_UDP && c == 0 ? 0xffff : c);
    }

    private static void fill(byte[] d, int off, int n) {
        for (int i = 0; i < n; i++) {
            d[off + i] = (byte) ('a' + i % 26);
        }
    }

    private static Frame done(Frame f, int length) {
        f.length = length;
        f.wireLength = length;
        f.linkType = Frame.LINK_ETHERNET;
        f.tsSeconds = 1_700_000_000L;
        return f;
    }

    private static long sum(byte[] d, int off, int len, long acc) {
        int i = 0;
        for (; i + 1 < len; i += 2) {
            acc += ((d[off + i] & 0xff) << 8) | (d[off + i + 1] & 0xff);
        }
        if (i < len) {
            acc += (d[off + i] & 0xff) << 8;
        }
        return acc;
    }

    private static int fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) acc;
    }

    static void put16(byte[] d, int off, int v) {
        d[off] = (byte) (v >>> 8);
        d[off + 1] = (byte) v;
    }

    static void put32(byte[] d, int off, long v) {
        d[off] = (byte) (v >>> 24);
        d[off + 1] = (byte) (v >>> 16);
        d[off + 2] = (byte) (v >>> 8);
        d[off + 3] = (byte) v;
    }
}
