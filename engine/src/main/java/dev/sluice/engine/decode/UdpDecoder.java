package dev.sluice.engine.decode;

/**
 * UDP (RFC 768), and the UDP tunnels Suricata follows by default when {@link
 * DecodeOptions#udpTunnels()} is on.
 *
 * <pre>
 *  0                   1                   2                   3
 * +-------------------------------+-------------------------------+
 * |          Source Port          |       Destination Port        |   0
 * +-------------------------------+-------------------------------+
 * |            Length             |           Checksum            |   4
 * +-------------------------------+-------------------------------+
 *
 * Teredo (either port 3544): [origin indication 0x0000, 8 bytes] then an IPv6 packet whose length
 *   is exactly the rest of the datagram (bubbles, 40 bytes with next header 59, are not followed).
 * VXLAN (destination port 4789), 8 bytes then an Ethernet frame:
 *   | flags 8 (I = 0x08) | reserved 24 | VNI 24 | reserved 8 |
 * Geneve (destination port 6081), 8 bytes + options then the inner frame:
 *   | ver 2 | opt len 6 | O C rsvd | protocol type 16 | VNI 24 | reserved 8 | options (4 * opt len) |
 * </pre>
 *
 * The datagram is {@code min(Length, IP payload)} long; a Length below 8 or beyond the IP payload
 * raises {@link DecodeEvent#UDP_BAD_LENGTH} and the IP payload is used. A zero checksum means "none"
 * over IPv4 and is invalid over IPv6.
 */
final class UdpDecoder {
    static final int HEADER_LEN = 8;
    static final int SRC_PORT = 0;
    static final int DST_PORT = 2;
    static final int LENGTH = 4;
    static final int CHECKSUM = 6;

    static final int PORT_TEREDO = 3544;
    static final int PORT_VXLAN = 4789;
    static final int PORT_GENEVE = 6081;
    static final int TEREDO_ORIGIN_LEN = 8;
    static final int VXLAN_HEADER_LEN = 8;
    static final int VXLAN_FLAG_I = 0x08;
    static final int GENEVE_HEADER_LEN = 8;

    private UdpDecoder() {}

    static void decode(Decoder dec, Packet p, byte[] d, int off, int end, boolean whole, int depth) {
        p.l4Offset = off;
        int avail = end - off;
        if (avail < HEADER_LEN) {
            truncated(p, DecodeEvent.UDP_TRUNCATED);
            return;
        }
        p.srcPort = Bytes.u16(d, off + SRC_PORT);
        p.dstPort = Bytes.u16(d, off + DST_PORT);
        int ulen = Bytes.u16(d, off + LENGTH);
        int len = avail;
        boolean lengthOk = true;
        if (ulen < HEADER_LEN) {
            p.event(DecodeEvent.UDP_BAD_LENGTH);
            lengthOk = false;
        } else if (ulen > avail) {
            // A first fragment or a cut capture holds less than the datagram: not an error then.
            if (whole) {
                p.event(DecodeEvent.UDP_BAD_LENGTH);
                lengthOk = false;
            }
        } else {
            len = ulen;
        }
        p.l4HeaderLength = HEADER_LEN;
        p.payloadOffset = off + HEADER_LEN;
        p.payloadLength = len - HEADER_LEN;

        if (whole && lengthOk && dec.opts.checksums()) {
            int stored = Bytes.u16(d, off + CHECKSUM);
            boolean bad;
            if (stored == 0) {
                bad = p.ipVersion == 6;
            } else {
                bad = !L4Checksum.verifies(p, d, off, len);
            }
            if (bad) {
                p.l4ChecksumBad = true;
                p.event(DecodeEvent.UDP_BAD_CHECKSUM);
            }
        }
        if (whole && dec.opts.udpTunnels() && p.payloadLength > 0) {
            tunnel(dec, p, d, p.payloadOffset, p.payloadOffset + p.payloadLength, depth);
        }
    }

    /** Follows a UDP tunnel when the ports and the payload say there is one. */
    private static void tunnel(Decoder dec, Packet p, byte[] d, int off, int end, int depth) {
        if (p.srcPort == PORT_TEREDO || p.dstPort == PORT_TEREDO) {
            int inner = teredo(d, off, end);
            if (inner >= 0 && dec.enter(p, depth)) {
                Ipv6Decoder.decode(dec, p, d, inner, end, depth + 1);
            }
        } else if (p.dstPort == PORT_VXLAN) {
            if (end - off >= VXLAN_HEADER_LEN + EthernetDecoder.ETH_HEADER_LEN
                    && (d[off] & VXLAN_FLAG_I) != 0 && dec.enter(p, depth)) {
                EthernetDecoder.decode(dec, p, d, off + VXLAN_HEADER_LEN, end, depth + 1);
            }
        } else if (p.dstPort == PORT_GENEVE) {
            if (end - off < GENEVE_HEADER_LEN || ((d[off] & 0xff) >>> 6) != 0) {
                return;
            }
            int hlen = GENEVE_HEADER_LEN + ((d[off] & 0x3f) << 2);
            if (end - off <= hlen || !dec.enter(p, depth)) {
                return;
            }
            dec.etherType(p, d, off + hlen, end, Bytes.u16(d, off + 2), depth + 1);
        }
    }

    /** Offset of the IPv6 packet inside a Teredo payload, or -1 when it is not one. */
    private static int teredo(byte[] d, int off, int end) {
        int start = off;
        if (end - start >= 2 && d[start] == 0) {
            if (d[start + 1] != 0) {
                // Authentication indicator or unknown: negotiation, not tunnelled data.
                return -1;
            }
            start += TEREDO_ORIGIN_LEN;
        }
        if (end - start < Ipv6Decoder.HEADER_LEN || ((d[start] & 0xff) >>> 4) != 6) {
            return -1;
        }
        int plen = Bytes.u16(d, start + Ipv6Decoder.PAYLOAD_LENGTH);
        int nh = d[start + Ipv6Decoder.NEXT_HEADER] & 0xff;
        if (plen == 0 && nh == Ipv6Decoder.NH_NONE) {
            return -1;
        }
        return end - start == Ipv6Decoder.HEADER_LEN + plen ? start : -1;
    }

    /** A first fragment may legitimately end inside the transport header: no event then. */
    private static void truncated(Packet p, DecodeEvent e) {
        if (!p.fragment) {
            p.event(e);
        }
    }
}
