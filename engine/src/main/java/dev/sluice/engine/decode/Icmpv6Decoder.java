package dev.sluice.engine.decode;

/**
 * ICMPv6 (RFC 4443).
 *
 * <pre>
 *  0                   1                   2                   3
 * +---------------+---------------+-------------------------------+
 * |     Type      |     Code      |           Checksum            |   0
 * +---------------+---------------+-------------------------------+
 * |  Identifier (echo 128/129)    |  Sequence (echo 128/129)      |   4
 * |  or the type's 32-bit field (MTU, pointer, unused)            |
 * +-------------------------------+-------------------------------+
 * |   Data ...                                                    |   8
 * </pre>
 *
 * The checksum covers the IPv6 pseudo header (next header 58) and the whole message.
 */
final class Icmpv6Decoder {
    static final int HEADER_LEN = 8;
    static final int TYPE = 0;
    static final int CODE = 1;
    static final int ID = 4;
    static final int SEQ = 6;
    static final int ECHO_REQUEST = 128;
    static final int ECHO_REPLY = 129;

    private Icmpv6Decoder() {}

    static void decode(Decoder dec, Packet p, byte[] d, int off, int end, boolean whole) {
        p.l4Offset = off;
        int avail = end - off;
        if (avail < HEADER_LEN) {
            truncated(p, DecodeEvent.ICMPV6_TRUNCATED);
            return;
        }
        int type = d[off + TYPE] & 0xff;
        p.icmpType = type;
        p.icmpCode = d[off + CODE] & 0xff;
        if (type == ECHO_REQUEST || type == ECHO_REPLY) {
            p.icmpId = Bytes.u16(d, off + ID);
            p.icmpSeq = Bytes.u16(d, off + SEQ);
        }
        p.l4HeaderLength = HEADER_LEN;
        p.payloadOffset = off + HEADER_LEN;
        p.payloadLength = avail - HEADER_LEN;
        // Over IPv4 there is no IPv6 pseudo header to check against.
        if (whole && p.ipVersion == 6 && dec.opts.checksums() && !L4Checksum.verifies(p, d, off, avail)) {
            p.l4ChecksumBad = true;
            p.event(DecodeEvent.ICMPV6_BAD_CHECKSUM);
        }
    }

    /** A first fragment may legitimately end inside the transport header: no event then. */
    private static void truncated(Packet p, DecodeEvent e) {
        if (!p.fragment) {
            p.event(e);
        }
    }
}
