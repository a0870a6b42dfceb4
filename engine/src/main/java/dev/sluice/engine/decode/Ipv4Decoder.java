package dev.sluice.engine.decode;

/**
 * IPv4 (RFC 791).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------+-------+---------------+-------------------------------+
 * |Version|  IHL  |      TOS      |          Total Length         |   0
 * +-------+-------+---------------+-----+-------------------------+
 * |         Identification        |Flags|     Fragment Offset     |   4
 * +---------------+---------------+-----+-------------------------+
 * |      TTL      |   Protocol    |        Header Checksum        |   8
 * +---------------+---------------+-------------------------------+
 * |                        Source Address                         |  12
 * +---------------------------------------------------------------+
 * |                     Destination Address                       |  16
 * +---------------------------------------------------------------+
 * |                 Options (IHL > 5) ...                         |  20
 * +---------------------------------------------------------------+
 * Flags: reserved, DF, MF (MF is bit 0 of Packet.ipFlags). Options: type 0 (EOL) and 1 (NOP) are
 * one byte; every other option is type, length (counting both), data.
 * </pre>
 *
 * The packet ends where Total Length says (Ethernet padding after it is ignored), clipped to the
 * captured bytes with {@link DecodeEvent#IPV4_TRUNC_PKT}. A bad header checksum is flagged and
 * decoding goes on.
 */
final class Ipv4Decoder {
    static final int HEADER_LEN = 20;
    static final int VER_IHL = 0;
    static final int TOS = 1;
    static final int TOTAL_LENGTH = 2;
    static final int IDENT = 4;
    static final int FLAGS_FRAG = 6;
    static final int TTL = 8;
    static final int PROTOCOL = 9;
    static final int SRC = 12;
    static final int DST = 16;

    static final int FLAG_MF = 0x1;
    static final int OPT_EOL = 0;
    static final int OPT_NOP = 1;
    static final int OPT_RR = 7;
    static final int OPT_TS = 68;
    static final int OPT_SEC = 130;
    static final int OPT_LSRR = 131;
    static final int OPT_ESEC = 133;
    static final int OPT_SATID = 136;
    static final int OPT_SSRR = 137;

    private Ipv4Decoder() {}

    static void decode(Decoder dec, Packet p, byte[] d, int off, int end, int depth) {
        int avail = end - off;
        if (avail < HEADER_LEN) {
            p.event(DecodeEvent.IPV4_TRUNCATED);
            return;
        }
        int verIhl = d[off + VER_IHL] & 0xff;
        if ((verIhl >>> 4) != 4) {
            p.event(DecodeEvent.IPV4_BAD_VERSION);
            return;
        }
        int hlen = (verIhl & 0x0f) << 2;
        if (hlen < HEADER_LEN) {
            p.event(DecodeEvent.IPV4_HLEN_TOO_SMALL);
            return;
        }
        int total = Bytes.u16(d, off + TOTAL_LENGTH);
        if (total < hlen) {
            p.event(DecodeEvent.IPV4_IPLEN_SMALLER_THAN_HLEN);
            return;
        }
        if (hlen > avail) {
            p.event(DecodeEvent.IPV4_TRUNCATED);
            return;
        }
        boolean clipped = false;
        if (total > avail) {
            p.event(DecodeEvent.IPV4_TRUNC_PKT);
            total = avail;
            clipped = true;
        }
        if (p.ipVersion != 0) {
            // An outer IP layer was decoded: this inner one replaces it.
            Decoder.clearNetwork(p);
        }
        p.ipVersion = 4;
        p.ipOffset = off;
        p.ipHeaderLength = hlen;
        p.ipTotalLength = total;
        p.srcAddrOffset = off + SRC;
        p.dstAddrOffset = off + DST;
        p.tos = d[off + TOS] & 0xff;
        p.ipId = Bytes.u16(d, off + IDENT);
        int flagsFrag = Bytes.u16(d, off + FLAGS_FRAG);
        p.ipFlags = flagsFrag >>> 13;
        p.fragOffset = flagsFrag & 0x1fff;
        p.ttl = d[off + TTL] & 0xff;
        int proto = d[off + PROTOCOL] & 0xff;
        p.ipProto = proto;
        p.fragment = (p.ipFlags & FLAG_MF) != 0 || p.fragOffset != 0;

        if (hlen > HEADER_LEN) {
            options(p, d, off + HEADER_LEN, off + hlen);
        }
        if (dec.opts.checksums() && !Checksum.verifies(Checksum.add(d, off, hlen, 0))) {
            p.ipChecksumBad = true;
            p.event(DecodeEvent.IPV4_BAD_CHECKSUM);
        }

        int l4 = off + hlen;
        int ipEnd = off + total;
        if (p.fragOffset != 0) {
            // Not the first fragment: no transport header here, the payload is the fragment data.
            p.l4Offset = l4;
            p.payloadOffset = l4;
            p.payloadLength = ipEnd - l4;
            return;
        }
        if (proto == Packet.IPPROTO_ICMPV6) {
            p.event(DecodeEvent.IPV4_WITH_ICMPV6);
        }
        dec.transport(p, d, l4, ipEnd, proto, !p.fragment && !clipped, depth);
    }

    /** Walks the options in {@code off..end}, recording each type in {@link Packet#ipOptions}. */
    static void options(Packet p, byte[] d, int off, int end) {
        long seen = 0;
        while (off < end) {
            int type = d[off] & 0xff;
            if (type == OPT_EOL) {
                seen |= IpOptions.EOL;
                break;
            }
            if (type == OPT_NOP) {
                seen |= IpOptions.NOP;
                off++;
                continue;
            }
            if (off + 1 >= end) {
                p.event(DecodeEvent.IPV4_OPT_INVALID);
                break;
            }
            int len = d[off + 1] & 0xff;
            if (len < 2 || off + len > end || len < minLength(type)) {
                p.event(DecodeEvent.IPV4_OPT_INVALID);
                break;
            }
            seen |= IpOptions.bitForType(type);
            off += len;
        }
        p.ipOptions = seen;
    }

    /** Smallest valid length of an option, type and length bytes included. */
    private static int minLength(int type) {
        switch (type) {
            case OPT_RR:
            case OPT_LSRR:
            case OPT_SSRR:
            case OPT_SEC:
            case OPT_ESEC:
                return 3;
            case OPT_TS:
                return 4;
            case OPT_SATID:
                return 4;
            default:
                return 2;
        }
    }
}
