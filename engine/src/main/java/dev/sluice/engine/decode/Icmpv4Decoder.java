package dev.sluice.engine.decode;

/**
 * ICMPv4 (RFC 792).
 *
 * <pre>
 *  0                   1                   2                   3
 * +---------------+---------------+-------------------------------+
 * |     Type      |     Code      |           Checksum            |   0
 * +---------------+---------------+-------------------------------+
 * |   Identifier (echo & co.)     |   Sequence Number (echo & co.)|   4
 * +-------------------------------+-------------------------------+
 * |   Data ...                                                    |   8
 * </pre>
 *
 * Identifier and sequence are recorded for the query/reply types that have them: echo (8/0),
 * timestamp (13/14), information (15/16) and address mask (17/18). The payload starts after the
 * 8-byte header. The checksum covers the whole message.
 */
final class Icmpv4Decoder {
    static final int HEADER_LEN = 8;
    static final int TYPE = 0;
    static final int CODE = 1;
    static final int ID = 4;
    static final int SEQ = 6;

    private Icmpv4Decoder() {}

    static void decode(Decoder dec, Packet p, byte[] d, int off, int end, boolean whole) {
        p.l4Offset = off;
        int avail = end - off;
        if (avail < HEADER_LEN) {
            truncated(p, DecodeEvent.ICMPV4_TRUNCATED);
            return;
        }
        int type = d[off + TYPE] & 0xff;
        p.icmpType = type;
        p.icmpCode = d[off + CODE] & 0xff;
        if (hasIdSeq(type)) {
            p.icmpId = Bytes.u16(d, off + ID);
            p.icmpSeq = Bytes.u16(d, off + SEQ);
        }
        p.l4HeaderLength = HEADER_LEN;
        p.payloadOffset = off + HEADER_LEN;
        p.payloadLength = avail - HEADER_LEN;
        if (whole && dec.opts.checksums() && !Checksum.verifies(Checksum.add(d, off, avail, 0))) {
            p.l4ChecksumBad = true;
            p.event(DecodeEvent.ICMPV4_BAD_CHECKSUM);
        }
    }

    static boolean hasIdSeq(int type) {
        switch (type) {
            case 0:
            case 8:
            case 13:
            case 14:
            case 15:
            case 16:
            case 17:
            case 18:
                return true;
            default:
                return false;
        }
    }

    /** A first fragment may legitimately end inside the transport header: no event then. */
    private static void truncated(Packet p, DecodeEvent e) {
        if (!p.fragment) {
            p.event(e);
        }
    }
}
