package dev.sluice.engine.decode;

/**
 * TCP (RFC 9293).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------------------------------+-------------------------------+
 * |          Source Port          |       Destination Port        |   0
 * +-------------------------------+-------------------------------+
 * |                        Sequence Number                        |   4
 * +---------------------------------------------------------------+
 * |                    Acknowledgment Number                      |   8
 * +-------+-----+-+---------------+-------------------------------+
 * |  Data | Rsv |N|C E U A P R S F|            Window             |  12
 * | Offset|     |S|W C R C S S Y I|                               |
 * +-------+-----+-+---------------+-------------------------------+
 * |           Checksum            |         Urgent Pointer        |  16
 * +-------------------------------+-------------------------------+
 * |                    Options (data offset > 5)                  |  20
 * +---------------------------------------------------------------+
 * Options: kind 0 (EOL) and 1 (NOP) are one byte, the rest kind, length, data:
 *   2 MSS (4), 3 window scale (3), 4 SACK permitted (2), 5 SACK (2 + 8n), 8 timestamps (10).
 * </pre>
 *
 * {@link Packet#tcpFlags} holds the 8 flag bits (CWR..FIN); NS is not kept. A bad option length
 * raises {@link DecodeEvent#TCP_OPT_INVALID} and the packet is still decoded; so is a packet with a
 * bad checksum.
 */
final class TcpDecoder {
    static final int HEADER_LEN = 20;
    static final int SRC_PORT = 0;
    static final int DST_PORT = 2;
    static final int SEQ = 4;
    static final int ACK = 8;
    static final int DATA_OFFSET = 12;
    static final int FLAGS = 13;
    static final int WINDOW = 14;

    static final int OPT_EOL = 0;
    static final int OPT_NOP = 1;
    static final int OPT_MSS = 2;
    static final int OPT_WSCALE = 3;
    static final int OPT_SACK_PERMITTED = 4;
    static final int OPT_SACK = 5;
    static final int OPT_TIMESTAMPS = 8;
    static final int SACK_BLOCK_LEN = 8;

    private TcpDecoder() {}

    /** The segment at {@code off..end}; {@code whole} false disables the checksum check. */
    static void decode(Decoder dec, Packet p, byte[] d, int off, int end, boolean whole) {
        p.l4Offset = off;
        int avail = end - off;
        if (avail < HEADER_LEN) {
            truncated(p, DecodeEvent.TCP_TRUNCATED);
            return;
        }
        int hlen = ((d[off + DATA_OFFSET] & 0xff) >>> 4) << 2;
        if (hlen < HEADER_LEN) {
            p.event(DecodeEvent.TCP_HLEN_TOO_SMALL);
            return;
        }
        if (hlen > avail) {
            truncated(p, DecodeEvent.TCP_TRUNCATED);
            return;
        }
        p.srcPort = Bytes.u16(d, off + SRC_PORT);
        p.dstPort = Bytes.u16(d, off + DST_PORT);
        p.tcpSeq = Bytes.u32(d, off + SEQ);
        p.tcpAck = Bytes.u32(d, off + ACK);
        p.tcpFlags = d[off + FLAGS] & 0xff;
        p.tcpWindow = Bytes.u16(d, off + WINDOW);
        if (hlen > HEADER_LEN) {
            options(p, d, off + HEADER_LEN, off + hlen);
        }
        p.l4HeaderLength = hlen;
        p.payloadOffset = off + hlen;
        p.payloadLength = avail - hlen;
        if (whole && dec.opts.checksums() && !L4Checksum.verifies(p, d, off, avail)) {
            p.l4ChecksumBad = true;
            p.event(DecodeEvent.TCP_BAD_CHECKSUM);
        }
    }

    /** Walks the options in {@code off..end}. */
    static void options(Packet p, byte[] d, int off, int end) {
        while (off < end) {
            int kind = d[off] & 0xff;
            if (kind == OPT_EOL) {
                return;
            }
            if (kind == OPT_NOP) {
                off++;
                continue;
            }
            if (off + 1 >= end) {
                p.event(DecodeEvent.TCP_OPT_INVALID);
                return;
            }
            int len = d[off + 1] & 0xff;
            if (len < 2 || off + len > end) {
                // Without a usable length the rest of the option space cannot be walked.
                p.event(DecodeEvent.TCP_OPT_INVALID);
                return;
            }
            switch (kind) {
                case OPT_MSS:
                    if (len == 4) {
                        p.tcpMss = Bytes.u16(d, off + 2);
                    } else {
                        p.event(DecodeEvent.TCP_OPT_INVALID);
                    }
                    break;
                case OPT_WSCALE:
                    if (len == 3) {
                        p.tcpWscale = d[off + 2] & 0xff;
                    } else {
                        p.event(DecodeEvent.TCP_OPT_INVALID);
                    }
                    break;
                case OPT_SACK_PERMITTED:
                    if (len == 2) {
                        p.tcpSackPermitted = true;
                    } else {
                        p.event(DecodeEvent.TCP_OPT_INVALID);
                    }
                    break;
                case OPT_SACK:
                    // An empty SACK (length 2) is tolerated, as Suricata does.
                    if (len == 2 || (len >= 10 && len <= 34 && ((len - 2) & 7) == 0)) {
                        p.tcpSackOffset = off + 2;
                        p.tcpSackBlocks = (len - 2) / SACK_BLOCK_LEN;
                    } else {
                        p.event(DecodeEvent.TCP_OPT_INVALID);
                    }
                    break;
                case OPT_TIMESTAMPS:
                    if (len == 10) {
                        p.tcpHasTimestamps = true;
                        p.tcpTsVal = Bytes.u32(d, off + 2);
                        p.tcpTsEcr = Bytes.u32(d, off + 6);
                    } else {
                        p.event(DecodeEvent.TCP_OPT_INVALID);
                    }
                    break;
                default:
                    break;
            }
            off += len;
        }
    }

    /** A first fragment may legitimately end inside the transport header: no event then. */
    private static void truncated(Packet p, DecodeEvent e) {
        if (!p.fragment) {
            p.event(e);
        }
    }
}
