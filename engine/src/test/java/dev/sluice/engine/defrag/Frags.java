package dev.sluice.engine.defrag;

import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.Checksum;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds whole datagrams and their fragments (raw IP bytes) for defragmentation tests. */
final class Frags {
    static final byte[] SRC4 = {10, 0, 0, 1};
    static final byte[] DST4 = {10, 0, 0, 2};
    static final byte[] SRC6 = bytes(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    static final byte[] DST6 = bytes(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2);
    static final int UDP = 17;
    static final int ICMP = 1;
    static final int ICMPV6 = 58;

    private Frags() {}

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    static byte[] fill(char c, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    /** {@code n} bytes of a recognisable, non-repeating pattern. */
    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + (i >>> 8) * 13);
        }
        return b;
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static byte[] cat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** A UDP header and payload with the checksum for {@code src}/{@code dst}. */
    static byte[] udp(byte[] src, byte[] dst, int sport, int dport, byte[] payload) {
        byte[] u = new byte[8 + payload.length];
        put16(u, 0, sport);
        put16(u, 2, dport);
        put16(u, 4, u.length);
        System.arraycopy(payload, 0, u, 8, payload.length);
        byte[] ph = cat(src, dst);
        long acc = Checksum.pseudoHeader(ph, 0, src.length, src.length, UDP, u.length);
        int c = ~Checksum.fold(Checksum.add(u, 0, u.length, acc)) & 0xffff;
        put16(u, 6, c == 0 ? 0xffff : c);
        return u;
    }

    /** A whole IPv4 datagram (DF clear) carrying {@code l4}; {@code options} padded by the caller. */
    static byte[] ipv4(int id, int proto, byte[] options, byte[] l4) {
        int hlen = 20 + options.length;
        byte[] h = new byte[hlen];
        h[0] = (byte) (0x40 | (hlen >> 2));
        put16(h, 2, hlen + l4.length);
        put16(h, 4, id);
        h[8] = 64;
        h[9] = (byte) proto;
        System.arraycopy(SRC4, 0, h, 12, 4);
        System.arraycopy(DST4, 0, h, 16, 4);
        System.arraycopy(options, 0, h, 20, options.length);
        put16(h, 10, Checksum.compute(h, 0, hlen));
        return cat(h, l4);
    }

    /** One IPv4 fragment: {@code header} of the datagram with length, MF and offset set. */
    static byte[] ipv4Fragment(byte[] header, int offBytes, boolean more, byte[] data) {
        byte[] h = header.clone();
        put16(h, 2, h.length + data.length);
        put16(h, 6, (more ? 0x2000 : 0) | (offBytes >> 3));
        h[10] = 0;
        h[11] = 0;
        put16(h, 10, Checksum.compute(h, 0, h.length));
        return cat(h, data);
    }

    /** A bare IPv4 fragment from 10.0.0.1 to 10.0.0.2. */
    static byte[] ipv4Fragment(int id, int proto, int offBytes, boolean more, byte[] data) {
        byte[] h = Arrays.copyOf(ipv4(id, proto, new byte[0], new byte[0]), 20);
        return ipv4Fragment(h, offBytes, more, data);
    }

    /** Cuts an IPv4 datagram into fragments of {@code size} data bytes (a multiple of 8). */
    static List<byte[]> fragment4(byte[] datagram, int size) {
        int hlen = (datagram[0] & 0x0f) << 2;
        byte[] header = Arrays.copyOf(datagram, hlen);
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < datagram.length - hlen; off += size) {
            int len = Math.min(size, datagram.length - hlen - off);
            boolean more = off + len < datagram.length - hlen;
            out.add(ipv4Fragment(header, off, more, Arrays.copyOfRange(datagram, hlen + off, hlen + off + len)));
        }
        return out;
    }

    /** A whole IPv6 packet: fixed header, {@code ext} (already chained, ending in {@code nh}) and l4. */
    static byte[] ipv6(int firstNh, byte[] ext, byte[] l4) {
        byte[] h = new byte[40];
        h[0] = 0x60;
        put16(h, 4, ext.length + l4.length);
        h[6] = (byte) firstNh;
        h[7] = 64;
        System.arraycopy(SRC6, 0, h, 8, 16);
        System.arraycopy(DST6, 0, h, 24, 16);
        return cat(h, ext, l4);
    }

    /**
     * Cuts an IPv6 packet into fragments of {@code size} data bytes: the first {@code unfragLen}
     * bytes after the fixed header stay in every fragment, the next-header byte at {@code
     * prevNhIndex} (from the packet start) becomes 44 and the fragment header carries what it said.
     */
    static List<byte[]> fragment6(byte[] packet, int unfragLen, int prevNhIndex, int id, int size) {
        int keep = 40 + unfragLen;
        byte[] head = Arrays.copyOf(packet, keep);
        int nh = head[prevNhIndex] & 0xff;
        head[prevNhIndex] = 44;
        List<byte[]> out = new ArrayList<>();
        int dataLen = packet.length - keep;
        for (int off = 0; off < dataLen; off += size) {
            int len = Math.min(size, dataLen - off);
            boolean more = off + len < dataLen;
            out.add(ipv6Fragment(head, nh, id, off, more, Arrays.copyOfRange(packet, keep + off, keep + off + len)));
        }
        return out;
    }

    /** One IPv6 fragment: {@code head} (fixed header and unfragmentable part) + fragment header + data. */
    static byte[] ipv6Fragment(byte[] head, int nh, int id, int offBytes, boolean more, byte[] data) {
        byte[] fh = new byte[8];
        fh[0] = (byte) nh;
        put16(fh, 2, offBytes | (more ? 1 : 0));
        put16(fh, 4, id >>> 16);
        put16(fh, 6, id & 0xffff);
        byte[] p = cat(head, fh, data);
        put16(p, 4, p.length - 40);
        return p;
    }

    /** A bare IPv6 fragment with no unfragmentable extension headers. */
    static byte[] ipv6Fragment(int id, int nh, int offBytes, boolean more, byte[] data) {
        byte[] head = ipv6(44, new byte[0], new byte[0]);
        return ipv6Fragment(head, nh, id, offBytes, more, data);
    }

    /** Decodes raw IP bytes (link type {@code linkType}) into a fresh packet numbered {@code number}. */
    static Packet decode(int linkType, byte[] data, long number, long tsMicros) {
        Frame f = new Frame();
        f.ensureCapacity(data.length);
        System.arraycopy(data, 0, f.data, 0, data.length);
        f.length = data.length;
        f.wireLength = data.length;
        f.linkType = linkType;
        f.tsSeconds = tsMicros / 1_000_000;
        f.tsNanos = (int) (tsMicros % 1_000_000) * 1000;
        f.id = number;
        Packet p = new Packet();
        p.reset(f, number);
        new Decoder(DecodeOptions.DEFAULT).decode(p);
        return p;
    }

    static Packet raw4(byte[] ip, long number) {
        return decode(Frame.LINK_IPV4, ip, number, 1_000_000L * number);
    }

    static Packet raw6(byte[] ip, long number) {
        return decode(Frame.LINK_IPV6, ip, number, 1_000_000L * number);
    }

    /** The bytes of the packet's frame. */
    static byte[] frameBytes(Packet p) {
        return Arrays.copyOf(p.frame.data, p.frame.length);
    }

    /** The payload the decoder found, as bytes. */
    static byte[] payload(Packet p) {
        return Arrays.copyOfRange(p.frame.data, p.payloadOffset, p.payloadOffset + p.payloadLength);
    }
}
