package dev.sluice.engine.evasion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes tiny classic pcap files (link type Ethernet) for the evasion tests, and builds the IP
 * packets that go in them: IPv4 and IPv6 carrying TCP with correct checksums (IPv4 header, TCP
 * pseudo-header), and IP fragments of such packets cut anywhere on 8-byte boundaries, so fragments
 * may be sent in any order and may overlap. Overlapping fragments with different bytes are cut from
 * two versions of the same datagram.
 *
 * <pre>
 * pcap file:   global header (24) | record header (16) | frame | record header | frame ...
 * frame:       dst mac (6) | src mac (6) | ethertype (2) | IP packet
 * IPv4:        ver/ihl | tos | total len | id | flags+frag off | ttl | proto | csum | src | dst
 * IPv6:        ver/tc/flow (4) | payload len | next hdr | hop limit | src (16) | dst (16)
 * IPv6 frag:   next hdr | 0 | frag off (13 bits) &lt;&lt; 3 | M | identification (4)
 * TCP:         sport | dport | seq | ack | off/flags | window | csum | urg
 * </pre>
 *
 * Frames are numbered from 1 in the order they are added, as {@code pcap_cnt} counts them; each is
 * one millisecond after the previous.
 */
final class CaptureBuilder {
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86dd;
    static final int PROTO_TCP = 6;
    static final int NH_FRAGMENT = 44;

    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;

    /** IPv4: 20-byte header, no options. */
    static final int IPV4_HEADER = 20;
    static final int IPV4_LEN = 2;
    static final int IPV4_ID = 4;
    static final int IPV4_FRAG = 6;
    static final int IPV4_CSUM = 10;
    static final int IPV4_SRC = 12;
    /** IPv6: fixed 40-byte header. */
    static final int IPV6_HEADER = 40;
    static final int IPV6_PLEN = 4;
    static final int IPV6_NH = 6;
    static final int IPV6_SRC = 8;
    /** TCP: 20-byte header, no options. */
    static final int TCP_HEADER = 20;
    static final int TCP_CSUM = 16;

    private static final long T0_SECONDS = 1_700_000_000L;

    private final List<byte[]> frames = new ArrayList<>();

    /** Adds one IP packet as an Ethernet frame; returns its frame number ({@code pcap_cnt}). */
    int add(byte[] ipPacket) {
        int version = (ipPacket[0] & 0xff) >>> 4;
        byte[] f = new byte[14 + ipPacket.length];
        // locally administered MACs; the engine does not look at them
        f[0] = 2;
        f[5] = 2;
        f[6] = 2;
        f[11] = 1;
        put16(f, 12, version == 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4);
        System.arraycopy(ipPacket, 0, f, 14, ipPacket.length);
        frames.add(f);
        return frames.size();
    }

    /** Frames added so far (the number of the last one). */
    int count() {
        return frames.size();
    }

    /** Writes the capture to {@code file} and returns it. */
    Path write(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer gh = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        gh.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.write(gh.array());
        long micros = 0;
        for (byte[] f : frames) {
            micros += 1000;
            ByteBuffer rh = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            rh.putInt((int) (T0_SECONDS + micros / 1_000_000)).putInt((int) (micros % 1_000_000))
                    .putInt(f.length).putInt(f.length);
            out.write(rh.array());
            out.write(f);
        }
        Files.write(file, out.toByteArray());
        return file;
    }

    // ---------------------------------------------------------------- packets

    /** A TCP header plus payload with the checksum for {@code src}/{@code dst} (4 or 16 bytes each). */
    static byte[] tcp(byte[] src, byte[] dst, int sport, int dport, long seq, long ack, int flags, int window,
            byte[] payload) {
        byte[] t = new byte[TCP_HEADER + payload.length];
        put16(t, 0, sport);
        put16(t, 2, dport);
        put32(t, 4, seq);
        put32(t, 8, (flags & ACK) != 0 ? ack : 0);
        t[12] = (byte) ((TCP_HEADER / 4) << 4);
        t[13] = (byte) flags;
        put16(t, 14, window);
        System.arraycopy(payload, 0, t, TCP_HEADER, payload.length);
        put16(t, TCP_CSUM, l4Checksum(src, dst, PROTO_TCP, t));
        return t;
    }

    /** An unfragmented IPv4 packet (DF clear so it may be fragmented) carrying {@code l4}. */
    static byte[] ipv4(byte[] src, byte[] dst, int proto, int id, byte[] l4) {
        byte[] p = new byte[IPV4_HEADER + l4.length];
        p[0] = 0x45;
        put16(p, IPV4_LEN, p.length);
        put16(p, IPV4_ID, id);
        p[8] = 64;
        p[9] = (byte) proto;
        System.arraycopy(src, 0, p, IPV4_SRC, 4);
        System.arraycopy(dst, 0, p, IPV4_SRC + 4, 4);
        put16(p, IPV4_CSUM, checksum(p, 0, IPV4_HEADER, 0));
        System.arraycopy(l4, 0, p, IPV4_HEADER, l4.length);
        return p;
    }

    /** An IPv6 packet (no extension headers) carrying {@code l4} of protocol {@code nh}. */
    static byte[] ipv6(byte[] src, byte[] dst, int nh, byte[] l4) {
        byte[] p = new byte[IPV6_HEADER + l4.length];
        p[0] = 0x60;
        put16(p, IPV6_PLEN, l4.length);
        p[IPV6_NH] = (byte) nh;
        p[7] = 64;
        System.arraycopy(src, 0, p, IPV6_SRC, 16);
        System.arraycopy(dst, 0, p, IPV6_SRC + 16, 16);
        System.arraycopy(l4, 0, p, IPV6_HEADER, l4.length);
        return p;
    }

    // ---------------------------------------------------------------- fragments

    /**
     * The IPv4 fragment of {@code datagram} (an unfragmented packet from {@link #ipv4}) holding its
     * payload bytes {@code [off, end)}; {@code off} must be a multiple of 8, and so must {@code end}
     * unless it is the end of the payload. More-fragments is set unless {@code end} is the end.
     */
    static byte[] ipv4Fragment(byte[] datagram, int off, int end) {
        int payload = datagram.length - IPV4_HEADER;
        checkCut(off, end, payload);
        byte[] p = new byte[IPV4_HEADER + end - off];
        System.arraycopy(datagram, 0, p, 0, IPV4_HEADER);
        System.arraycopy(datagram, IPV4_HEADER + off, p, IPV4_HEADER, end - off);
        put16(p, IPV4_LEN, p.length);
        put16(p, IPV4_FRAG, (end < payload ? 0x2000 : 0) | (off >>> 3));
        put16(p, IPV4_CSUM, 0);
        put16(p, IPV4_CSUM, checksum(p, 0, IPV4_HEADER, 0));
        return p;
    }

    /** {@code datagram} cut into IPv4 fragments of {@code size} payload bytes (a multiple of 8), in order. */
    static List<byte[]> fragment4(byte[] datagram, int size) {
        List<byte[]> out = new ArrayList<>();
        int payload = datagram.length - IPV4_HEADER;
        for (int off = 0; off < payload; off += size) {
            out.add(ipv4Fragment(datagram, off, Math.min(payload, off + size)));
        }
        return out;
    }

    /**
     * The IPv6 fragment of {@code packet} (from {@link #ipv6}, no extension headers) holding bytes
     * {@code [off, end)} of what follows the fixed header, behind a fragment header with
     * identification {@code id}. Cut rules as for {@link #ipv4Fragment}.
     */
    static byte[] ipv6Fragment(byte[] packet, int id, int off, int end) {
        int payload = packet.length - IPV6_HEADER;
        checkCut(off, end, payload);
        byte[] p = new byte[IPV6_HEADER + 8 + end - off];
        System.arraycopy(packet, 0, p, 0, IPV6_HEADER);
        p[IPV6_NH] = (byte) NH_FRAGMENT;
        put16(p, IPV6_PLEN, 8 + end - off);
        p[IPV6_HEADER] = packet[IPV6_NH];
        put16(p, IPV6_HEADER + 2, off | (end < payload ? 1 : 0));
        put32(p, IPV6_HEADER + 4, id & 0xffffffffL);
        System.arraycopy(packet, IPV6_HEADER + off, p, IPV6_HEADER + 8, end - off);
        return p;
    }

    /** {@code packet} cut into IPv6 fragments of {@code size} bytes (a multiple of 8), in order. */
    static List<byte[]> fragment6(byte[] packet, int id, int size) {
        List<byte[]> out = new ArrayList<>();
        int payload = packet.length - IPV6_HEADER;
        for (int off = 0; off < payload; off += size) {
            out.add(ipv6Fragment(packet, id, off, Math.min(payload, off + size)));
        }
        return out;
    }

    private static void checkCut(int off, int end, int payload) {
        if (off < 0 || off % 8 != 0 || end <= off || end > payload || (end < payload && end % 8 != 0)) {
            throw new IllegalArgumentException("bad fragment cut [" + off + ", " + end + ") of " + payload);
        }
    }

    // ---------------------------------------------------------------- checksums

    /** The TCP/UDP checksum of {@code l4} (its checksum field counted as is) for the pseudo-header. */
    static int l4Checksum(byte[] src, byte[] dst, int proto, byte[] l4) {
        long acc = sum(src, 0, src.length, 0);
        acc = sum(dst, 0, dst.length, acc);
        // IPv4: zero, protocol, 16-bit length; IPv6: 32-bit length, three zeros, next header
        acc += proto;
        acc += l4.length;
        return checksum(l4, 0, l4.length, acc);
    }

    /** The Internet checksum (one's complement of the one's complement sum) of {@code b[off, off+len)} plus {@code acc}. */
    static int checksum(byte[] b, int off, int len, long acc) {
        long s = sum(b, off, len, acc);
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }

    private static long sum(byte[] b, int off, int len, long acc) {
        int i = 0;
        for (; i + 1 < len; i += 2) {
            acc += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
        }
        if (i < len) {
            acc += (b[off + i] & 0xff) << 8;
        }
        return acc;
    }

    // ---------------------------------------------------------------- bytes

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
