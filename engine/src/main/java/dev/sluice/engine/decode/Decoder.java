package dev.sluice.engine.decode;

import dev.sluice.capture.Frame;

/**
 * Entry point of decoding: fills a {@link Packet} from its {@link Frame}. One instance per worker
 * (it holds only the immutable options, so sharing is harmless too). Never throws and never
 * allocates; a malformed layer raises a {@link DecodeEvent} and decoding stops there.
 *
 * <p>Link layers by {@link Frame#linkType}: Ethernet (1), Linux cooked SLL (113) and SLL2 (276),
 * raw IP (101, and the DLT values 12 and 14 some systems write), IPv4 (228), IPv6 (229), BSD
 * loopback NULL (0) and LOOP (108). Everything below the link layer goes through {@link
 * #etherType}, {@link #ip} and {@link #transport}, which tunnel decoders call again for the inner
 * packet, one layer deeper.
 */
public final class Decoder {
    /** Encapsulations followed before giving up with {@link DecodeEvent#TOO_MANY_LAYERS}. */
    static final int MAX_LAYERS = 8;

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    static final int ETHERTYPE_VLAN = 0x8100;
    static final int ETHERTYPE_QINQ = 0x88A8;
    static final int ETHERTYPE_QINQ_OLD = 0x9100;
    static final int ETHERTYPE_PPPOE_SESSION = 0x8864;
    static final int ETHERTYPE_MPLS_UNICAST = 0x8847;
    static final int ETHERTYPE_MPLS_MULTICAST = 0x8848;
    static final int ETHERTYPE_TEB = 0x6558;
    static final int ETHERTYPE_ERSPAN_II = 0x88BE;
    static final int ETHERTYPE_ERSPAN_III = 0x22EB;

    static final int IPPROTO_IPIP = 4;
    static final int IPPROTO_IPV6 = 41;
    static final int IPPROTO_GRE = 47;

    final DecodeOptions opts;

    public Decoder(DecodeOptions opts) {
        this.opts = opts == null ? DecodeOptions.DEFAULT : opts;
    }

    public DecodeOptions options() {
        return opts;
    }

    /** Decodes {@code p.frame}; the caller has already called {@code p.reset(frame, number)}. */
    public void decode(Packet p) {
        Frame f = p.frame;
        byte[] d = f.data;
        // Every read is bounded by end, which never exceeds the array.
        int end = Math.max(0, Math.min(f.length, d.length));
        switch (f.linkType) {
            case Frame.LINK_ETHERNET:
                EthernetDecoder.decode(this, p, d, 0, end, 0);
                break;
            case Frame.LINK_LINUX_SLL:
                LinkDecoder.sll(this, p, d, end);
                break;
            case Frame.LINK_LINUX_SLL2:
                LinkDecoder.sll2(this, p, d, end);
                break;
            case Frame.LINK_NULL:
            case Frame.LINK_LOOP:
                LinkDecoder.loopback(this, p, d, end);
                break;
            case Frame.LINK_RAW:
            case Frame.LINK_RAW_DLT12:
            case Frame.LINK_RAW_DLT14:
                ip(p, d, 0, end, 0);
                break;
            case Frame.LINK_IPV4:
                Ipv4Decoder.decode(this, p, d, 0, end, 0);
                break;
            case Frame.LINK_IPV6:
                Ipv6Decoder.decode(this, p, d, 0, end, 0);
                break;
            default:
                p.event(DecodeEvent.LINK_UNKNOWN_TYPE);
                break;
        }
    }

    /** An IP packet whose version is read from its first nibble (raw IP, MPLS, tunnels). */
    void ip(Packet p, byte[] d, int off, int end, int depth) {
        if (off >= end) {
            p.event(DecodeEvent.IPV4_TRUNCATED);
            return;
        }
        int version = (d[off] & 0xff) >>> 4;
        if (version == 4) {
            Ipv4Decoder.decode(this, p, d, off, end, depth);
        } else if (version == 6) {
            Ipv6Decoder.decode(this, p, d, off, end, depth);
        } else {
            p.event(DecodeEvent.UNSUPPORTED_L3);
        }
    }

    /**
     * The layer named by an ethertype at {@code off}. Ethernet itself, VLAN tags, PPPoE and MPLS
     * live in {@link EthernetDecoder}; non-IP ethertypes (ARP, LLDP, ...) end decoding quietly.
     */
    void etherType(Packet p, byte[] d, int off, int end, int type, int depth) {
        EthernetDecoder.etherType(this, p, d, off, end, type, depth);
    }

    /**
     * The IP payload at {@code off..end} carrying {@code proto}. {@code whole} is false for a first
     * fragment or a capture cut short: lengths and checksums then cannot be checked and tunnels are
     * not followed.
     */
    void transport(Packet p, byte[] d, int off, int end, int proto, boolean whole, int depth) {
        switch (proto) {
            case Packet.IPPROTO_TCP:
                TcpDecoder.decode(this, p, d, off, end, whole);
                return;
            case Packet.IPPROTO_UDP:
                UdpDecoder.decode(this, p, d, off, end, whole, depth);
                return;
            case Packet.IPPROTO_ICMP:
                Icmpv4Decoder.decode(this, p, d, off, end, whole);
                return;
            case Packet.IPPROTO_ICMPV6:
                Icmpv6Decoder.decode(this, p, d, off, end, whole);
                return;
            case IPPROTO_GRE:
                if (whole && enter(p, depth)) {
                    GreDecoder.decode(this, p, d, off, end, depth + 1);
                    return;
                }
                break;
            case IPPROTO_IPIP:
                if (whole && enter(p, depth)) {
                    Ipv4Decoder.decode(this, p, d, off, end, depth + 1);
                    return;
                }
                break;
            case IPPROTO_IPV6:
                if (whole && enter(p, depth)) {
                    Ipv6Decoder.decode(this, p, d, off, end, depth + 1);
                    return;
                }
                break;
            default:
                break;
        }
        p.l4Offset = off;
        p.payloadOffset = off;
        p.payloadLength = Math.max(0, end - off);
    }

    /** True when one more encapsulation may be followed; raises the event otherwise. */
    boolean enter(Packet p, int depth) {
        if (depth + 1 >= MAX_LAYERS) {
            p.event(DecodeEvent.TOO_MANY_LAYERS);
            return false;
        }
        return true;
    }

    /** Forgets what an outer layer set, before an inner IP header is decoded over it. */
    static void clearNetwork(Packet p) {
        p.ipVersion = 0;
        p.ipOffset = 0;
        p.ipHeaderLength = 0;
        p.ipTotalLength = 0;
        p.srcAddrOffset = 0;
        p.dstAddrOffset = 0;
        p.ipProto = -1;
        p.ttl = 0;
        p.ipId = 0;
        p.ipFlags = 0;
        p.fragOffset = 0;
        p.tos = 0;
        p.ipOptions = 0;
        p.fragment = false;
        p.ipChecksumBad = false;
        p.fragHeaderOffset = 0;
        p.l4Offset = 0;
        p.l4HeaderLength = 0;
        p.srcPort = 0;
        p.dstPort = 0;
        p.tcpFlags = 0;
        p.tcpSeq = 0;
        p.tcpAck = 0;
        p.tcpWindow = 0;
        p.tcpMss = -1;
        p.tcpWscale = -1;
        p.tcpSackPermitted = false;
        p.tcpHasTimestamps = false;
        p.tcpTsVal = 0;
        p.tcpTsEcr = 0;
        p.tcpSackOffset = 0;
        p.tcpSackBlocks = 0;
        p.icmpType = -1;
        p.icmpCode = -1;
        p.icmpId = -1;
        p.icmpSeq = -1;
        p.l4ChecksumBad = false;
        p.payloadOffset = 0;
        p.payloadLength = 0;
    }
}
