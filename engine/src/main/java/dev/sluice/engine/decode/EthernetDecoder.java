package dev.sluice.engine.decode;

/**
 * Ethernet II and what an ethertype can lead to below it: 802.1Q/802.1ad VLAN tags, PPPoE session
 * frames and MPLS label stacks.
 *
 * <pre>
 * Ethernet II, 14 bytes:
 * +--------------------+--------------------+--------------+
 * | destination MAC 6  | source MAC 6       | ethertype 2  |
 * +--------------------+--------------------+--------------+
 *
 * VLAN tag (after ethertype 0x8100 / 0x88A8 / 0x9100), 4 bytes:
 * +-----+---+------------+--------------+
 * | PCP |DEI| VLAN id 12 | ethertype 2  |
 * +-----+---+------------+--------------+
 *
 * PPPoE session (0x8864), 6 bytes + PPP protocol 2 bytes:
 * +-------+-------+--------+--------------+-----------+----------------+
 * | ver 4 |type 4 | code 8 | session id 16| length 16 | PPP protocol 16|
 * +-------+-------+--------+--------------+-----------+----------------+
 *   PPP protocol 0x0021 = IPv4, 0x0057 = IPv6; the length counts from the PPP protocol on.
 *
 * MPLS label (0x8847 / 0x8848), 4 bytes each, until the bottom-of-stack bit:
 * +-----------------------+------+---+--------+
 * | label 20              | TC 3 | S | TTL 8  |
 * +-----------------------+------+---+--------+
 *   the payload's first nibble (4 or 6) tells its IP version.
 * </pre>
 */
final class EthernetDecoder {
    static final int ETH_HEADER_LEN = 14;
    static final int ETH_TYPE = 12;
    static final int VLAN_TAG_LEN = 4;
    static final int PPPOE_HEADER_LEN = 6;
    static final int PPPOE_LENGTH = 4;
    static final int PPP_PROTO_IPV4 = 0x0021;
    static final int PPP_PROTO_IPV6 = 0x0057;
    static final int MPLS_LABEL_LEN = 4;
    /** Below this an Ethernet "type" is an 802.3 length (LLC frame, nothing we decode). */
    static final int ETHERTYPE_MIN = 0x0600;

    private EthernetDecoder() {}

    /** An Ethernet frame at {@code off}. */
    static void decode(Decoder dec, Packet p, byte[] d, int off, int end, int depth) {
        if (end - off < ETH_HEADER_LEN) {
            p.event(DecodeEvent.LINK_TRUNCATED);
            return;
        }
        etherType(dec, p, d, off + ETH_HEADER_LEN, end, Bytes.u16(d, off + ETH_TYPE), depth);
    }

    static void etherType(Decoder dec, Packet p, byte[] d, int off, int end, int type, int depth) {
        // VLAN tags loop here rather than recurse: each tag is 4 bytes followed by the next type.
        while (type == Decoder.ETHERTYPE_VLAN || type == Decoder.ETHERTYPE_QINQ
                || type == Decoder.ETHERTYPE_QINQ_OLD) {
            if (end - off < VLAN_TAG_LEN) {
                p.event(DecodeEvent.VLAN_TRUNCATED);
                return;
            }
            if (!addVlan(p, Bytes.u16(d, off) & 0x0fff)) {
                p.event(DecodeEvent.VLAN_TOO_MANY_LAYERS);
                return;
            }
            type = Bytes.u16(d, off + 2);
            off += VLAN_TAG_LEN;
        }
        switch (type) {
            case Decoder.ETHERTYPE_IPV4:
                Ipv4Decoder.decode(dec, p, d, off, end, depth);
                break;
            case Decoder.ETHERTYPE_IPV6:
                Ipv6Decoder.decode(dec, p, d, off, end, depth);
                break;
            case Decoder.ETHERTYPE_PPPOE_SESSION:
                pppoe(dec, p, d, off, end, depth);
                break;
            case Decoder.ETHERTYPE_MPLS_UNICAST:
            case Decoder.ETHERTYPE_MPLS_MULTICAST:
                mpls(dec, p, d, off, end, depth);
                break;
            case Decoder.ETHERTYPE_TEB:
                if (dec.enter(p, depth)) {
                    decode(dec, p, d, off, end, depth + 1);
                }
                break;
            default:
                // ARP, LLDP, 802.3 LLC and the like: a valid frame with no IP layer.
                break;
        }
    }

    /** Records a VLAN id; false when all slots are taken. */
    static boolean addVlan(Packet p, int id) {
        if (p.vlanCount >= p.vlanIds.length) {
            return false;
        }
        p.vlanIds[p.vlanCount++] = id;
        return true;
    }

    private static void pppoe(Decoder dec, Packet p, byte[] d, int off, int end, int depth) {
        if (end - off < PPPOE_HEADER_LEN + 2) {
            p.event(DecodeEvent.PPPOE_TRUNCATED);
            return;
        }
        int length = Bytes.u16(d, off + PPPOE_LENGTH);
        int body = off + PPPOE_HEADER_LEN;
        if (length < 2 || body + length > end) {
            p.event(DecodeEvent.PPPOE_TRUNCATED);
            return;
        }
        int pppEnd = body + length;
        int proto = Bytes.u16(d, body);
        if (proto == PPP_PROTO_IPV4) {
            Ipv4Decoder.decode(dec, p, d, body + 2, pppEnd, depth);
        } else if (proto == PPP_PROTO_IPV6) {
            Ipv6Decoder.decode(dec, p, d, body + 2, pppEnd, depth);
        }
        // Other PPP protocols (LCP, IPCP, ...) carry no IP packet.
    }

    private static void mpls(Decoder dec, Packet p, byte[] d, int off, int end, int depth) {
        while (true) {
            if (end - off < MPLS_LABEL_LEN) {
                p.event(DecodeEvent.MPLS_TRUNCATED);
                return;
            }
            boolean bottom = (d[off + 2] & 0x01) != 0;
            off += MPLS_LABEL_LEN;
            if (bottom) {
                break;
            }
        }
        if (off >= end) {
            p.event(DecodeEvent.MPLS_TRUNCATED);
            return;
        }
        int version = (d[off] & 0xff) >>> 4;
        if (version == 4 || version == 6) {
            dec.ip(p, d, off, end, depth);
        }
        // Otherwise a pseudowire or control word: nothing we decode.
    }
}
