package dev.sluice.engine.decode;

/**
 * Link layers other than Ethernet: Linux cooked captures and BSD loopback.
 *
 * <pre>
 * Linux SLL (LINKTYPE 113), 16 bytes:
 * +---------------+---------------+---------------+-------------------------------+
 * | packet type 2 | ARPHRD type 2 | addr length 2 | link-layer address (8 bytes)  |
 * +---------------+---------------+---------------+-------------------------------+
 * | protocol 2 (ethertype) |  payload ...
 *
 * Linux SLL2 (LINKTYPE 276), 20 bytes:
 * +------------+------------+-------------------+------------+--------+---------+----------+
 * | protocol 2 | reserved 2 | interface index 4 | ARPHRD 2   | type 1 | alen 1  | addr 8   |
 * +------------+------------+-------------------+------------+--------+---------+----------+
 *
 * BSD loopback NULL (0) / LOOP (108), 4 bytes:
 * +-------------------------------+
 * | address family (host order for NULL, network order for LOOP; both accepted) |
 * +-------------------------------+   2 = IPv4; 24, 28, 30 = IPv6 (BSD flavours)
 * </pre>
 */
final class LinkDecoder {
    static final int SLL_HEADER_LEN = 16;
    static final int SLL_PROTOCOL = 14;
    static final int SLL2_HEADER_LEN = 20;
    static final int SLL2_PROTOCOL = 0;
    static final int LOOPBACK_HEADER_LEN = 4;

    static final int AF_INET = 2;
    static final int AF_INET6_BSD = 24;
    static final int AF_INET6_FREEBSD = 28;
    static final int AF_INET6_DARWIN = 30;

    private LinkDecoder() {}

    static void sll(Decoder dec, Packet p, byte[] d, int end) {
        if (end < SLL_HEADER_LEN) {
            p.event(DecodeEvent.LINK_TRUNCATED);
            return;
        }
        dec.etherType(p, d, SLL_HEADER_LEN, end, Bytes.u16(d, SLL_PROTOCOL), 0);
    }

    static void sll2(Decoder dec, Packet p, byte[] d, int end) {
        if (end < SLL2_HEADER_LEN) {
            p.event(DecodeEvent.LINK_TRUNCATED);
            return;
        }
        dec.etherType(p, d, SLL2_HEADER_LEN, end, Bytes.u16(d, SLL2_PROTOCOL), 0);
    }

    static void loopback(Decoder dec, Packet p, byte[] d, int end) {
        if (end < LOOPBACK_HEADER_LEN) {
            p.event(DecodeEvent.LINK_TRUNCATED);
            return;
        }
        int be = Bytes.s32(d, 0);
        // The family was written in the capturing host's order: accept either reading.
        int family = be >= 0 && be < 256 ? be : Integer.reverseBytes(be);
        switch (family) {
            case AF_INET:
                Ipv4Decoder.decode(dec, p, d, LOOPBACK_HEADER_LEN, end, 0);
                break;
            case AF_INET6_BSD:
            case AF_INET6_FREEBSD:
            case AF_INET6_DARWIN:
                Ipv6Decoder.decode(dec, p, d, LOOPBACK_HEADER_LEN, end, 0);
                break;
            default:
                p.event(DecodeEvent.UNSUPPORTED_L3);
                break;
        }
    }
}
