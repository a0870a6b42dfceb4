package dev.sluice.engine.decode;

/**
 * GRE (IP protocol 47), version 0 (RFC 2784/2890) and version 1 (PPTP, RFC 2637), and the ERSPAN
 * mirroring headers it can carry. The packet continues with the inner layer.
 *
 * <pre>
 * GRE, 4 bytes + optional fields in this order:
 * +-+-+-+-+-+---------+---------+-----+--------------------------------+
 * |C|R|K|S|s| recur 3 | A | flags| ver 3| protocol type (ethertype) 16  |
 * +-+-+-+-+-+---------+---------+-----+--------------------------------+
 * | checksum 16 + reserved 16   (C set, version 0)                     |
 * | key 32 (K set; PPTP: payload length 16 + call id 16)               |
 * | sequence number 32 (S set)                                         |
 * | acknowledgment number 32 (A set, version 1 only)                   |
 *
 * ERSPAN type II (protocol 0x88BE with S set), 8 bytes, then an Ethernet frame:
 * +-------+---------------+-----+-+--+-+-------------------------------+
 * | ver 4 | VLAN 12       | COS |En|T| session id 10 | reserved / index|
 * +-------+---------------+-----+-+--+-+-------------------------------+
 *   ver = 1. Without S the frame follows GRE directly (type I).
 *
 * ERSPAN type III (protocol 0x22EB), 12 bytes (+ 8 when O is set), then the frame:
 * | ver 4 (=2) | VLAN 12 | COS,BSO,T | session id 10 | timestamp 32 |
 * | SGT 16 | P | FT 5 | hw id 6 | D | gra 2 | O |
 * </pre>
 *
 * A non-zero ERSPAN VLAN is recorded like an 802.1Q tag (Suricata does the same).
 */
final class GreDecoder {
    static final int GRE_HEADER_LEN = 4;
    static final int FLAG_CHECKSUM = 0x8000;
    static final int FLAG_ROUTING = 0x4000;
    static final int FLAG_KEY = 0x2000;
    static final int FLAG_SEQ = 0x1000;
    static final int FLAG_ACK = 0x0080;
    static final int VERSION_MASK = 0x0007;
    static final int PROTO_PPP = 0x880B;
    static final int PPP_PROTO_IPV4 = 0x0021;
    static final int PPP_PROTO_IPV6 = 0x0057;

    static final int ERSPAN_II_LEN = 8;
    static final int ERSPAN_III_LEN = 12;
    static final int ERSPAN_III_SUBHEADER_LEN = 8;

    private GreDecoder() {}

    static void decode(Decoder dec, Packet p, byte[] d, int off, int end, int depth) {
        p.ipProto = Decoder.IPPROTO_GRE;
        if (end - off < GRE_HEADER_LEN) {
            p.event(DecodeEvent.GRE_TRUNCATED);
            return;
        }
        int flags = Bytes.u16(d, off);
        int proto = Bytes.u16(d, off + 2);
        int version = flags & VERSION_MASK;
        int hlen = GRE_HEADER_LEN;
        if (version == 0) {
            if ((flags & FLAG_ROUTING) != 0) {
                // Source routing (RFC 1701) is deprecated and of variable length: not followed.
                p.event(DecodeEvent.GRE_UNSUPPORTED);
                return;
            }
            if ((flags & FLAG_CHECKSUM) != 0) {
                hlen += 4;
            }
            if ((flags & FLAG_KEY) != 0) {
                hlen += 4;
            }
            if ((flags & FLAG_SEQ) != 0) {
                hlen += 4;
            }
        } else if (version == 1) {
            // PPTP: key required, no checksum or routing; carries PPP only.
            if (proto != PROTO_PPP || (flags & FLAG_KEY) == 0
                    || (flags & (FLAG_CHECKSUM | FLAG_ROUTING)) != 0) {
                p.event(DecodeEvent.GRE_UNSUPPORTED);
                return;
            }
            hlen += 4;
            if ((flags & FLAG_SEQ) != 0) {
                hlen += 4;
            }
            if ((flags & FLAG_ACK) != 0) {
                hlen += 4;
            }
        } else {
            p.event(DecodeEvent.GRE_UNSUPPORTED);
            return;
        }
        if (end - off < hlen) {
            p.event(DecodeEvent.GRE_TRUNCATED);
            return;
        }
        int inner = off + hlen;
        if (version == 1) {
            ppp(dec, p, d, inner, end, depth);
            return;
        }
        switch (proto) {
            case Decoder.ETHERTYPE_ERSPAN_II:
                if ((flags & FLAG_SEQ) == 0) {
                    EthernetDecoder.decode(dec, p, d, inner, end, depth);
                } else {
                    erspanII(dec, p, d, inner, end, depth);
                }
                return;
            case Decoder.ETHERTYPE_ERSPAN_III:
                erspanIII(dec, p, d, inner, end, depth);
                return;
            default:
                dec.etherType(p, d, inner, end, proto, depth);
        }
    }

    private static void ppp(Decoder dec, Packet p, byte[] d, int off, int end, int depth) {
        if (off < end && (d[off] & 0xff) == 0xff) {
            // Address 0xFF and control 0x03, unless compressed away.
            off += 2;
        }
        if (off >= end) {
            p.event(DecodeEvent.GRE_TRUNCATED);
            return;
        }
        int proto;
        if ((d[off] & 0x01) != 0) {
            // Protocol field compression: a single odd byte.
            proto = d[off] & 0xff;
            off += 1;
        } else {
            if (end - off < 2) {
                p.event(DecodeEvent.GRE_TRUNCATED);
                return;
            }
            proto = Bytes.u16(d, off);
            off += 2;
        }
        if (proto == PPP_PROTO_IPV4) {
            Ipv4Decoder.decode(dec, p, d, off, end, depth);
        } else if (proto == PPP_PROTO_IPV6) {
            Ipv6Decoder.decode(dec, p, d, off, end, depth);
        }
    }

    private static void erspanII(Decoder dec, Packet p, byte[] d, int off, int end, int depth) {
        if (end - off < ERSPAN_II_LEN) {
            p.event(DecodeEvent.ERSPAN_INVALID);
            return;
        }
        int verVlan = Bytes.u16(d, off);
        if ((verVlan >>> 12) != 1) {
            p.event(DecodeEvent.ERSPAN_INVALID);
            return;
        }
        if (!recordVlan(p, verVlan & 0x0fff)) {
            return;
        }
        EthernetDecoder.decode(dec, p, d, off + ERSPAN_II_LEN, end, depth);
    }

    private static void erspanIII(Decoder dec, Packet p, byte[] d, int off, int end, int depth) {
        if (end - off < ERSPAN_III_LEN) {
            p.event(DecodeEvent.ERSPAN_INVALID);
            return;
        }
        int verVlan = Bytes.u16(d, off);
        if ((verVlan >>> 12) != 2) {
            p.event(DecodeEvent.ERSPAN_INVALID);
            return;
        }
        int last = Bytes.u16(d, off + 10);
        int frameType = (last >>> 10) & 0x1f;
        int hlen = ERSPAN_III_LEN + ((last & 0x0001) != 0 ? ERSPAN_III_SUBHEADER_LEN : 0);
        if (end - off < hlen) {
            p.event(DecodeEvent.ERSPAN_INVALID);
            return;
        }
        if (!recordVlan(p, verVlan & 0x0fff)) {
            return;
        }
        if (frameType == 0) {
            EthernetDecoder.decode(dec, p, d, off + hlen, end, depth);
        } else {
            // Frame type 2 is a bare IP datagram.
            dec.ip(p, d, off + hlen, end, depth);
        }
    }

    private static boolean recordVlan(Packet p, int vlan) {
        if (vlan != 0 && !EthernetDecoder.addVlan(p, vlan)) {
            p.event(DecodeEvent.ERSPAN_INVALID);
            return false;
        }
        return true;
    }
}
