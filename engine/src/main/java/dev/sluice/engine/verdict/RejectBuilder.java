package dev.sluice.engine.verdict;

import dev.sluice.engine.decode.Checksum;
import dev.sluice.engine.decode.Packet;

/**
 * Builds the answer of a reject rule to one decoded packet, as a complete IP packet (header and
 * checksums filled) in a reused buffer: a TCP reset for TCP, an ICMP destination unreachable for
 * everything else. The answer goes to the packet's source ({@code toSource}) or to its destination,
 * and always claims to come from the other end. One per worker; not thread-safe.
 *
 * <pre>
 * TCP reset (RFC 793 3.4, RFC 5961 3.2):           ICMP unreachable (RFC 792/1812, RFC 4443):
 * IPv4 (20) or IPv6 (40) header, TTL 64          IPv4 header + type 3 code 10 (host administratively
 * TCP header (20): ports swapped toward the        prohibited), or IPv6 header + type 1 code 1
 *   source, RST|ACK, window 0, no options          (administratively prohibited), 4 unused bytes,
 * to the source:      seq = the packet's ack       then as much of the offending packet, from its
 *                     (0 when it has no ACK)       IP header on, as keeps the answer within 576
 *                     ack = seq + data (+SYN, +FIN) (IPv4) or 1280 (IPv6) bytes
 * to the destination: seq = the packet's seq
 *                     ack = the packet's ack
 * </pre>
 *
 * Nothing is built (the methods return 0) for a packet that a reset or an ICMP error must not
 * answer: a reset, a non-first fragment, an ICMP error, a packet to or from a multicast or
 * broadcast address (RFC 1122 3.2.2, RFC 4443 2.4), or one whose headers were not decoded.
 */
public final class RejectBuilder {
    /** Hop limit of what we send. */
    public static final int TTL = 64;
    public static final int ICMP4_DEST_UNREACH = 3;
    /** Host administratively prohibited: the code Suricata sends; Linux maps it to EHOSTUNREACH. */
    public static final int ICMP4_HOST_PROHIBITED = 10;
    public static final int ICMP6_DEST_UNREACH = 1;
    /** Administratively prohibited: the code Suricata sends; Linux maps it to EACCES. */
    public static final int ICMP6_ADMIN_PROHIBITED = 1;
    /** Largest ICMP error: RFC 1812 4.3.2.3 for IPv4, the IPv6 minimum MTU for IPv6 (RFC 4443 2.4). */
    public static final int ICMP4_MAX = 576;
    public static final int ICMP6_MAX = 1280;

    static final int TH_FIN = 0x01;
    static final int TH_SYN = 0x02;
    static final int TH_RST = 0x04;
    static final int TH_ACK = 0x10;

    private static final int IPV4_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    private static final int TCP_HEADER = 20;
    private static final int ICMP_HEADER = 8;

    private final byte[] out = new byte[ICMP6_MAX];

    /** The bytes of the last packet built; valid up to the length the build returned. */
    public byte[] buffer() {
        return out;
    }

    /**
     * Builds the reset of {@code p}'s connection toward its source ({@code toSource}) or its
     * destination.
     *
     * @return the length of the packet in {@link #buffer()}, or 0 when {@code p} gets no reset
     */
    public int tcpReset(Packet p, boolean toSource) {
        if (!p.isTcp() || !decodedIp(p) || (p.tcpFlags & TH_RST) != 0 || notFirstFragment(p)) {
            return 0;
        }
        long seq;
        long ack;
        int flags = TH_RST | TH_ACK;
        if (toSource) {
            boolean hasAck = (p.tcpFlags & TH_ACK) != 0;
            // The source accepts a reset whose seq is exactly its next expected byte: the ack it sent.
            seq = hasAck ? p.tcpAck : 0;
            ack = p.tcpSeq + segmentLength(p);
        } else {
            // The packet is dropped, so the destination still expects exactly its seq; any other
            // in-window number would only draw a challenge ACK (RFC 5961).
            seq = p.tcpSeq;
            ack = p.tcpAck;
            if ((p.tcpFlags & TH_ACK) == 0) {
                flags = TH_RST;
            }
        }
        int l4 = ipHeader(p, toSource, Packet.IPPROTO_TCP, TCP_HEADER);
        byte[] o = out;
        put16(o, l4, toSource ? p.dstPort : p.srcPort);
        put16(o, l4 + 2, toSource ? p.srcPort : p.dstPort);
        put32(o, l4 + 4, seq);
        put32(o, l4 + 8, ack);
        o[l4 + 12] = (byte) ((TCP_HEADER / 4) << 4);
        o[l4 + 13] = (byte) flags;
        put16(o, l4 + 14, 0);
        put16(o, l4 + 16, 0);
        put16(o, l4 + 18, 0);
        put16(o, l4 + 16, l4Checksum(p.ipVersion, l4, Packet.IPPROTO_TCP, TCP_HEADER));
        return l4 + TCP_HEADER;
    }

    /**
     * Builds an ICMP destination unreachable about {@code p}, to its source ({@code toSource}) or
     * its destination.
     *
     * @return the length of the packet in {@link #buffer()}, or 0 when {@code p} gets no ICMP error
     */
    public int icmpUnreachable(Packet p, boolean toSource) {
        if (!decodedIp(p) || notFirstFragment(p) || isIcmpError(p) || !unicast(p)) {
            return 0;
        }
        boolean v4 = p.ipVersion == 4;
        int max = v4 ? ICMP4_MAX : ICMP6_MAX;
        int headers = (v4 ? IPV4_HEADER : IPV6_HEADER) + ICMP_HEADER;
        int available = Math.min(p.ipTotalLength, p.frame.length - p.ipOffset);
        int quote = Math.min(available, max - headers);
        if (quote < (v4 ? IPV4_HEADER : IPV6_HEADER)) {
            return 0;
        }
        int proto = v4 ? Packet.IPPROTO_ICMP : Packet.IPPROTO_ICMPV6;
        int icmpLen = ICMP_HEADER + quote;
        int l4 = ipHeader(p, toSource, proto, icmpLen);
        byte[] o = out;
        o[l4] = (byte) (v4 ? ICMP4_DEST_UNREACH : ICMP6_DEST_UNREACH);
        o[l4 + 1] = (byte) (v4 ? ICMP4_HOST_PROHIBITED : ICMP6_ADMIN_PROHIBITED);
        put16(o, l4 + 2, 0);
        put32(o, l4 + 4, 0);
        System.arraycopy(p.frame.data, p.ipOffset, o, l4 + ICMP_HEADER, quote);
        int sum = v4 ? Checksum.compute(o, l4, icmpLen) : l4Checksum(6, l4, proto, icmpLen);
        put16(o, l4 + 2, sum);
        return l4 + icmpLen;
    }

    /**
     * Writes the IP header of an answer carrying {@code l4Length} bytes of {@code proto}, with the
     * packet's addresses swapped when it goes back to the source; returns where the payload starts.
     */
    private int ipHeader(Packet p, boolean toSource, int proto, int l4Length) {
        byte[] d = p.frame.data;
        byte[] o = out;
        int from = toSource ? p.dstAddrOffset : p.srcAddrOffset;
        int to = toSource ? p.srcAddrOffset : p.dstAddrOffset;
        if (p.ipVersion == 4) {
            o[0] = 0x45;
            o[1] = 0;
            put16(o, 2, IPV4_HEADER + l4Length);
            put32(o, 4, 0); // id, flags, fragment offset
            o[8] = (byte) TTL;
            o[9] = (byte) proto;
            put16(o, 10, 0);
            System.arraycopy(d, from, o, 12, 4);
            System.arraycopy(d, to, o, 16, 4);
            put16(o, 10, Checksum.compute(o, 0, IPV4_HEADER));
            return IPV4_HEADER;
        }
        put32(o, 0, 0x60000000L); // version 6, traffic class and flow label 0
        put16(o, 4, l4Length);
        o[6] = (byte) proto;
        o[7] = (byte) TTL;
        System.arraycopy(d, from, o, 8, 16);
        System.arraycopy(d, to, o, 24, 16);
        return IPV6_HEADER;
    }

    /** The TCP or ICMPv6 checksum of the {@code len} bytes at {@code l4}, addresses from our own header. */
    private int l4Checksum(int ipVersion, int l4, int proto, int len) {
        boolean v4 = ipVersion == 4;
        long acc = Checksum.pseudoHeader(out, v4 ? 12 : 8, v4 ? 16 : 24, v4 ? 4 : 16, proto, len);
        return ~Checksum.fold(Checksum.add(out, l4, len, acc)) & 0xffff;
    }

    /** Sequence space the segment takes: its data, plus one each for SYN and FIN. */
    private static long segmentLength(Packet p) {
        long n = p.payloadLength;
        if ((p.tcpFlags & TH_SYN) != 0) {
            n++;
        }
        if ((p.tcpFlags & TH_FIN) != 0) {
            n++;
        }
        return n;
    }

    private static boolean decodedIp(Packet p) {
        int addrLen = p.ipVersion == 4 ? 4 : p.ipVersion == 6 ? 16 : 0;
        return addrLen != 0 && p.frame != null
                && Math.max(p.srcAddrOffset, p.dstAddrOffset) + addrLen <= Math.min(p.frame.length, p.frame.data.length);
    }

    private static boolean notFirstFragment(Packet p) {
        return p.fragment && p.fragOffset != 0;
    }

    /** True for an ICMP error (or an ICMP message too short to tell), which never gets an ICMP error. */
    static boolean isIcmpError(Packet p) {
        if (p.ipProto == Packet.IPPROTO_ICMP) {
            int t = p.icmpType;
            return t < 0 || t == 3 || t == 4 || t == 5 || t == 11 || t == 12;
        }
        if (p.ipProto == Packet.IPPROTO_ICMPV6) {
            // Types 0-127 are errors (RFC 4443 2.1).
            return p.icmpType < 128;
        }
        return false;
    }

    /** False when either address is multicast, broadcast or unspecified. */
    private static boolean unicast(Packet p) {
        byte[] d = p.frame.data;
        int s = p.srcAddrOffset;
        int t = p.dstAddrOffset;
        if (p.ipVersion == 4) {
            return !special4(d, s) && !special4(d, t);
        }
        return (d[s] & 0xff) != 0xff && (d[t] & 0xff) != 0xff && !zero(d, s, 16) && !zero(d, t, 16);
    }

    /** 0.0.0.0, 224.0.0.0/4 (multicast), 240.0.0.0/4 (reserved, holding 255.255.255.255). */
    private static boolean special4(byte[] d, int a) {
        return (d[a] & 0xe0) == 0xe0 || zero(d, a, 4);
    }

    private static boolean zero(byte[] d, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (d[off + i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void put16(byte[] d, int off, int v) {
        d[off] = (byte) (v >>> 8);
        d[off + 1] = (byte) v;
    }

    private static void put32(byte[] d, int off, long v) {
        d[off] = (byte) (v >>> 24);
        d[off + 1] = (byte) (v >>> 16);
        d[off + 2] = (byte) (v >>> 8);
        d[off + 3] = (byte) v;
    }
}
