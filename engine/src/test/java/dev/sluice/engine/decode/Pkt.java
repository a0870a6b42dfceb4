package dev.sluice.engine.decode;

import dev.sluice.capture.Frame;
import java.io.ByteArrayOutputStream;

/** A tiny packet builder for decoder tests: layers are byte arrays wrapped from the inside out. */
final class Pkt {
    static final byte[] SRC4 = {10, 0, 0, 1};
    static final byte[] DST4 = {(byte) 192, (byte) 168, 1, 2};
    static final byte[] SRC6 = hex("20010db8000000000000000000000001");
    static final byte[] DST6 = hex("20010db80000000000000000000000ff");

    private Pkt() {}

    static byte[] hex(String s) {
        s = s.replaceAll("\\s+", "");
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, long v) {
        put16(b, off, (int) (v >>> 16));
        put16(b, off + 2, (int) v);
    }

    static byte[] eth(int type, byte[] payload) {
        byte[] h = hex("0200000000020200000000010000");
        put16(h, 12, type);
        return cat(h, payload);
    }

    /** A VLAN tag (to follow an ethertype 0x8100/0x88a8) announcing {@code innerType}. */
    static byte[] vlan(int id, int innerType, byte[] payload) {
        byte[] h = new byte[4];
        put16(h, 0, id);
        put16(h, 2, innerType);
        return cat(h, payload);
    }

    static byte[] ipv4(int proto, byte[] payload) {
        return ipv4(proto, new byte[0], 0, payload);
    }

    /** IPv4 with options (padded by the caller to 4 bytes), flags/offset word, valid checksums. */
    static byte[] ipv4(int proto, byte[] options, int flagsFrag, byte[] payload) {
        int hlen = 20 + options.length;
        byte[] h = new byte[hlen];
        h[0] = (byte) (0x40 | (hlen / 4));
        h[1] = 0x10;
        put16(h, 2, hlen + payload.length);
        put16(h, 4, 0x1234);
        put16(h, 6, flagsFrag);
        h[8] = 64;
        h[9] = (byte) proto;
        System.arraycopy(SRC4, 0, h, 12, 4);
        System.arraycopy(DST4, 0, h, 16, 4);
        System.arraycopy(options, 0, h, 20, options.length);
        put16(h, 10, Checksum.compute(h, 0, hlen));
        byte[] l4 = payload.clone();
        if (flagsFrag == 0) {
            fixL4(l4, proto, h, 12, 16, 4);
        }
        return cat(h, l4);
    }

    /** IPv6 with {@code nh} as the first next header and {@code rest} (ext headers + upper layer). */
    static byte[] ipv6(int nh, byte[] rest) {
        return ipv6(nh, rest, -1, 0);
    }

    /** As {@link #ipv6(int, byte[])}; the upper layer {@code upperProto} starts at {@code upperOff} of rest. */
    static byte[] ipv6(int nh, byte[] rest, int upperProto, int upperOff) {
        byte[] h = new byte[40];
        h[0] = 0x60;
        put16(h, 4, rest.length);
        h[6] = (byte) nh;
        h[7] = 64;
        System.arraycopy(SRC6, 0, h, 8, 16);
        System.arraycopy(DST6, 0, h, 24, 16);
        byte[] r = rest.clone();
        int proto = upperProto < 0 ? nh : upperProto;
        byte[] l4 = java.util.Arrays.copyOfRange(r, upperOff, r.length);
        fixL4(l4, proto, h, 8, 24, 16);
        System.arraycopy(l4, 0, r, upperOff, l4.length);
        return cat(h, r);
    }

    /** Fills the transport checksum of {@code l4} (field assumed zero). */
    static void fixL4(byte[] l4, int proto, byte[] ip, int srcOff, int dstOff, int addrLen) {
        int field;
        boolean pseudo = true;
        switch (proto) {
            case 6: field = 16; break;
            case 17: field = 6; break;
            case 1: field = 2; pseudo = false; break;
            case 58: field = 2; break;
            default: return;
        }
        if (l4.length < field + 2) {
            return;
        }
        long acc = pseudo ? Checksum.pseudoHeader(ip, srcOff, dstOff, addrLen, proto, l4.length) : 0;
        int c = ~Checksum.fold(Checksum.add(l4, 0, l4.length, acc)) & 0xffff;
        if (proto == 17 && c == 0) {
            c = 0xffff;
        }
        put16(l4, field, c);
    }

    static byte[] tcp(int sport, int dport, int flags, byte[] options, byte[] payload) {
        int hlen = 20 + options.length;
        byte[] h = new byte[hlen];
        put16(h, 0, sport);
        put16(h, 2, dport);
        put32(h, 4, 0xA0000001L);
        put32(h, 8, 0xB0000002L);
        h[12] = (byte) ((hlen / 4) << 4);
        h[13] = (byte) flags;
        put16(h, 14, 29200);
        System.arraycopy(options, 0, h, 20, options.length);
        return cat(h, payload);
    }

    static byte[] tcp(int sport, int dport, byte[] payload) {
        return tcp(sport, dport, 0x18, new byte[0], payload);
    }

    static byte[] udp(int sport, int dport, byte[] payload) {
        byte[] h = new byte[8];
        put16(h, 0, sport);
        put16(h, 2, dport);
        put16(h, 4, 8 + payload.length);
        return cat(h, payload);
    }

    static byte[] icmp(int type, int code, int id, int seq, byte[] payload) {
        byte[] h = new byte[8];
        h[0] = (byte) type;
        h[1] = (byte) code;
        put16(h, 4, id);
        put16(h, 6, seq);
        return cat(h, payload);
    }

    static Packet decode(int linkType, byte[] data) {
        return decode(linkType, data, DecodeOptions.DEFAULT);
    }

    static Packet decode(int linkType, byte[] data, DecodeOptions opts) {
        Frame f = new Frame();
        f.data = data.clone();
        f.length = data.length;
        f.wireLength = data.length;
        f.linkType = linkType;
        Packet p = new Packet();
        p.reset(f, 1);
        new Decoder(opts).decode(p);
        return p;
    }

    static Packet decodeEth(byte[] data) {
        return decode(Frame.LINK_ETHERNET, data);
    }

    static String payload(Packet p) {
        return new String(p.frame.data, p.payloadOffset, p.payloadLength,
                java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static String src(Packet p) {
        return IpAddr.format(p.frame.data, p.srcAddrOffset, p.ipVersion);
    }

    static String dst(Packet p) {
        return IpAddr.format(p.frame.data, p.dstAddrOffset, p.ipVersion);
    }
}
