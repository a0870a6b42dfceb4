package dev.sluice.engine.decode;

/**
 * IPv6 (RFC 8200) and its extension headers.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------+---------------+---------------------------------------+
 * |Version| Traffic Class |              Flow Label               |   0
 * +-------+---------------+-------+---------------+---------------+
 * |         Payload Length        |  Next Header  |   Hop Limit   |   4
 * +-------------------------------+---------------+---------------+
 * |                  Source Address (16 bytes)                    |   8
 * |               Destination Address (16 bytes)                  |  24
 * +---------------------------------------------------------------+  40
 *
 * Extension headers walked (next header, length, body):
 *   0 hop-by-hop, 43 routing, 60 destination options, 135 mobility:
 *       | next 8 | hdr ext len 8 | ... |   length = (hdr ext len + 1) * 8
 *   51 AH:  | next 8 | payload len 8 | ... |   length = (payload len + 2) * 4
 *   44 fragment, 8 bytes:
 *       | next 8 | reserved 8 | offset 13 | res 2 | M | identification 32 |
 *   50 ESP and 59 no-next-header end the walk; so does any upper-layer protocol.
 * </pre>
 *
 * {@link Packet#ipHeaderLength} covers the fixed header and the extension headers walked; {@link
 * Packet#ipProto} is the last next-header value. A fragment header with offset 0 and M clear (an
 * atomic fragment) is flagged but the packet is decoded as a whole one.
 */
final class Ipv6Decoder {
    static final int HEADER_LEN = 40;
    static final int PAYLOAD_LENGTH = 4;
    static final int NEXT_HEADER = 6;
    static final int HOP_LIMIT = 7;
    static final int SRC = 8;
    static final int DST = 24;

    static final int NH_HOP_BY_HOP = 0;
    static final int NH_ROUTING = 43;
    static final int NH_FRAGMENT = 44;
    static final int NH_ESP = 50;
    static final int NH_AH = 51;
    static final int NH_NONE = 59;
    static final int NH_DEST_OPTS = 60;
    static final int NH_MOBILITY = 135;

    static final int FRAG_HEADER_LEN = 8;
    static final int HBH_OPT_PAD1 = 0;
    static final int HBH_OPT_JUMBO = 0xC2;

    private Ipv6Decoder() {}

    static void decode(Decoder dec, Packet p, byte[] d, int off, int end, int depth) {
        int avail = end - off;
        if (avail < HEADER_LEN) {
            p.event(DecodeEvent.IPV6_TRUNCATED);
            return;
        }
        if (((d[off] & 0xff) >>> 4) != 6) {
            p.event(DecodeEvent.IPV6_BAD_VERSION);
            return;
        }
        int plen = Bytes.u16(d, off + PAYLOAD_LENGTH);
        int nh = d[off + NEXT_HEADER] & 0xff;
        int total = HEADER_LEN + plen;
        boolean clipped = false;
        if (plen == 0 && nh == NH_HOP_BY_HOP && hasJumboOption(d, off + HEADER_LEN, end)) {
            p.event(DecodeEvent.IPV6_JUMBO);
            total = avail;
        } else if (total > avail) {
            p.event(DecodeEvent.IPV6_TRUNC_PKT);
            total = avail;
            clipped = true;
        }
        if (p.ipVersion != 0) {
            // An outer IP layer was decoded: this inner one replaces it.
            Decoder.clearNetwork(p);
        }
        p.ipVersion = 6;
        p.ipOffset = off;
        p.ipTotalLength = total;
        p.srcAddrOffset = off + SRC;
        p.dstAddrOffset = off + DST;
        p.tos = (Bytes.u16(d, off) >>> 4) & 0xff;
        p.ttl = d[off + HOP_LIMIT] & 0xff;

        int ipEnd = off + total;
        int cur = off + HEADER_LEN;
        boolean stopped = false; // true when the walk ended on a bad or non-first-fragment header
        walk:
        while (true) {
            int len;
            switch (nh) {
                case NH_HOP_BY_HOP:
                case NH_ROUTING:
                case NH_DEST_OPTS:
                case NH_MOBILITY:
                    if (ipEnd - cur < 2) {
                        len = -1;
                    } else {
                        len = ((d[cur + 1] & 0xff) + 1) << 3;
                    }
                    break;
                case NH_AH:
                    if (ipEnd - cur < 2) {
                        len = -1;
                    } else {
                        len = ((d[cur + 1] & 0xff) + 2) << 2;
                    }
                    break;
                case NH_FRAGMENT:
                    len = FRAG_HEADER_LEN;
                    break;
                default:
                    // After an extension header, whatever follows needs at least two bytes: less is
                    // a truncated extension header chain (the reference engine's rule), even for TCP.
                    if (cur > off + HEADER_LEN && nh != NH_NONE && ipEnd - cur < 2) {
                        p.event(DecodeEvent.IPV6_EXTHDR_TRUNCATED);
                        stopped = true;
                    }
                    break walk;
            }
            if (len < 0 || len > ipEnd - cur) {
                p.event(DecodeEvent.IPV6_EXTHDR_TRUNCATED);
                stopped = true;
                break;
            }
            if (nh == NH_FRAGMENT && fragmentHeader(p, d, cur, ipEnd)) {
                nh = d[cur] & 0xff;
                cur += len;
                stopped = true;
                break;
            }
            nh = d[cur] & 0xff;
            cur += len;
        }
        p.ipHeaderLength = cur - off;
        p.ipProto = nh;
        if (stopped || nh == NH_NONE || nh == NH_ESP) {
            // Nothing (decodable) follows: the rest is opaque payload.
            p.l4Offset = cur;
            p.payloadOffset = cur;
            p.payloadLength = ipEnd - cur;
            return;
        }
        if (nh == Packet.IPPROTO_ICMP) {
            p.event(DecodeEvent.IPV6_WITH_ICMPV4);
        }
        dec.transport(p, d, cur, ipEnd, nh, !p.fragment && !clipped, depth);
    }

    /**
     * Records the fragment header at {@code cur}.
     *
     * @return true when the walk must stop here (a fragment other than the first)
     */
    private static boolean fragmentHeader(Packet p, byte[] d, int cur, int ipEnd) {
        if (p.fragHeaderOffset != 0) {
            p.event(DecodeEvent.IPV6_EXTHDR_DUPL_FH);
        } else {
            p.fragHeaderOffset = cur;
        }
        int offM = Bytes.u16(d, cur + 2);
        int fragOffset = offM >>> 3;
        boolean more = (offM & 0x1) != 0;
        if (fragOffset == 0 && !more) {
            p.event(DecodeEvent.IPV6_EXTHDR_USELESS_FH);
            return false;
        }
        p.fragment = true;
        p.fragOffset = fragOffset;
        p.ipFlags = more ? Ipv4Decoder.FLAG_MF : 0;
        p.ipId = Bytes.s32(d, cur + 4);
        if (more && ((ipEnd - cur - FRAG_HEADER_LEN) & 7) != 0) {
            p.event(DecodeEvent.IPV6_FRAG_INVALID_LENGTH);
        }
        return fragOffset != 0;
    }

    /** True when the hop-by-hop header at {@code off} carries a jumbo payload option. */
    private static boolean hasJumboOption(byte[] d, int off, int end) {
        if (end - off < 2) {
            return false;
        }
        int hdrEnd = Math.min(end, off + (((d[off + 1] & 0xff) + 1) << 3));
        int cur = off + 2;
        while (cur < hdrEnd) {
            int type = d[cur] & 0xff;
            if (type == HBH_OPT_PAD1) {
                cur++;
                continue;
            }
            if (type == HBH_OPT_JUMBO) {
                return true;
            }
            if (cur + 1 >= hdrEnd) {
                return false;
            }
            cur += 2 + (d[cur + 1] & 0xff);
        }
        return false;
    }
}
