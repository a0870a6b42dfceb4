package dev.sluice.engine.mutation;

import java.util.Arrays;
import java.util.Random;

import static dev.sluice.engine.mutation.RawPackets.*;

/**
 * Damages raw IP packets the ways an attacker or a broken stack would: bit flips, byte
 * overwrites, truncations, junk appended, bogus length fields (IPv4 total length and IHL, TCP data
 * offset, UDP length, IPv6 payload length, extension header and option lengths), random IPv4 and
 * TCP options, another protocol number, a fragment made of a whole packet, and payloads spliced
 * with protocol words. All choices come from the {@link Random} given, so a seed replays them.
 */
public final class Mutator {
    /** Mutation kinds, for counting what was done. */
    public static final String[] KINDS = {"bitflip", "overwrite", "truncate", "extend", "ip-length", "ihl",
        "tcp-offset", "udp-length", "ext-length", "option-length", "ip-options", "tcp-options", "proto",
        "fragment", "splice", "tcp-flags"};
    public final long[] counts = new long[KINDS.length];

    private static final byte[][] WORDS = {
        ascii("GET / HTTP/1.1\r\n"), ascii("POST /cgi-bin/../../etc/passwd HTTP/1.0\r\n"), ascii("\r\n\r\n"),
        ascii("Host: evil.example\r\n"), ascii("Content-Length: 99999999999\r\n"), ascii("Transfer-Encoding: chunked\r\n"),
        ascii("ffffffff\r\n"), ascii("HTTP/1.1 200 OK\r\n"), ascii("User-Agent: sqlmap\r\n"), ascii(" UNION SELECT "),
        {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03},
        {0x16, 0x03, 0x03, (byte) 0xff, (byte) 0xff, 0x0b, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        {0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},
        {(byte) 0xc0, 0x0c}, {(byte) 0xc0, 0x00}, {0x3f}, {0x00}, {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        {0x30, (byte) 0x82, (byte) 0xff, (byte) 0xff}, {0x06, 0x03, 0x55, 0x04, 0x03},
    };
    private static final int[] PROTOS = {TCP, UDP, ICMP, ICMPV6, 47, 4, 41, HOP_BY_HOP, ROUTING, FRAGMENT, DEST_OPTS, AH, 59, 132, 255};

    /** A damaged copy of {@code p}: one to three mutations. */
    public byte[] mutate(byte[] p, Random r) {
        byte[] m = p.clone();
        int n = 1 + (r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0);
        for (int i = 0; i < n; i++) {
            m = once(m, r);
        }
        return m;
    }

    byte[] once(byte[] m, Random r) {
        int kind = r.nextInt(KINDS.length);
        counts[kind]++;
        Layout l = layout(m, m.length);
        switch (kind) {
            case 0 -> {
                int flips = 1 + r.nextInt(8);
                // Half the time within the headers, where one bit changes the meaning most.
                int span = r.nextBoolean() ? Math.min(m.length, Math.max(1, l.l4 < 0 ? 60 : l.l4 + 40)) : m.length;
                for (int k = 0; k < flips && span > 0; k++) {
                    int bit = r.nextInt(span * 8);
                    m[bit >>> 3] ^= (byte) (1 << (bit & 7));
                }
            }
            case 1 -> {
                int k = 1 + r.nextInt(6);
                for (int i = 0; i < k && m.length > 0; i++) {
                    m[r.nextInt(m.length)] = interesting(r);
                }
            }
            case 2 -> m = Arrays.copyOf(m, m.length == 0 ? 0 : r.nextInt(m.length));
            case 3 -> {
                int add = 1 + r.nextInt(r.nextInt(8) == 0 ? 1400 : 64);
                byte[] e = Arrays.copyOf(m, m.length + add);
                for (int i = m.length; i < e.length; i++) {
                    e[i] = (byte) r.nextInt(256);
                }
                if (r.nextBoolean()) {
                    coverLength(e, l);
                }
                m = e;
            }
            case 4 -> {
                int v = bogus16(r, m.length);
                if (l.version == 6) {
                    put16(m, 4, v);
                } else {
                    put16(m, 2, v);
                }
            }
            case 5 -> {
                if (m.length > 0) {
                    m[0] = (byte) ((m[0] & 0xf0) | r.nextInt(16));
                }
            }
            case 6 -> {
                if (l.proto == TCP && l.l4 >= 0 && l.l4 + 12 < m.length) {
                    m[l.l4 + 12] = (byte) ((r.nextInt(16) << 4) | (m[l.l4 + 12] & 0x0f));
                } else {
                    return once(m, r);
                }
            }
            case 7 -> {
                if (l.proto == UDP && l.l4 >= 0) {
                    put16(m, l.l4 + 4, bogus16(r, m.length - l.l4));
                } else {
                    return once(m, r);
                }
            }
            case 8 -> {
                if (l.extCount > 0) {
                    int at = l.extOffsets[r.nextInt(l.extCount)] + 1;
                    if (at < m.length) {
                        m[at] = interesting(r);
                    }
                } else if (l.version == 6 && m.length >= 40) {
                    m = insertIpv6Ext(m, r);
                } else {
                    return once(m, r);
                }
            }
            case 9 -> {
                // An option's length byte: inside IPv4 options, TCP options, or IPv6 TLV options.
                int from;
                int to;
                if (l.version == 4 && l.ipHeaderLength > 20) {
                    from = 20;
                    to = Math.min(l.ipHeaderLength, m.length);
                } else if (l.proto == TCP && l.l4 >= 0 && l.l4 + 20 < m.length) {
                    from = l.l4 + 20;
                    to = Math.min(m.length, l.l4 + ((m[l.l4 + 12] & 0xf0) >>> 2));
                } else if (l.extCount > 0) {
                    from = l.extOffsets[0] + 2;
                    to = Math.min(m.length, from + 6);
                } else {
                    return r.nextBoolean() ? insertIpOptions(m, l, r) : insertTcpOptions(m, l, r);
                }
                if (to > from + 1) {
                    int at = from + 1 + r.nextInt(to - from - 1);
                    m[at] = interesting(r);
                }
            }
            case 10 -> m = insertIpOptions(m, l, r);
            case 11 -> m = insertTcpOptions(m, l, r);
            case 12 -> {
                int p = PROTOS[r.nextInt(PROTOS.length)];
                if (l.version == 4 && m.length > 9) {
                    m[9] = (byte) p;
                } else if (l.version == 6 && m.length > 6) {
                    if (l.extCount > 0 && r.nextBoolean()) {
                        m[l.extOffsets[l.extCount - 1]] = (byte) p;
                    } else {
                        m[6] = (byte) p;
                    }
                }
            }
            case 13 -> m = makeFragment(m, l, r);
            case 14 -> {
                byte[] w = WORDS[r.nextInt(WORDS.length)];
                int start = l.l4 >= 0 ? l.l4 : 0;
                if (m.length > start) {
                    int at = start + r.nextInt(m.length - start);
                    byte[] e = Arrays.copyOf(m, Math.max(m.length, at + w.length));
                    System.arraycopy(w, 0, e, at, w.length);
                    if (e.length > m.length) {
                        coverLength(e, l);
                    }
                    m = e;
                }
            }
            default -> {
                if (l.proto == TCP && l.l4 >= 0 && l.l4 + 13 < m.length) {
                    m[l.l4 + 13] = (byte) r.nextInt(256);
                } else {
                    return once(m, r);
                }
            }
        }
        return m;
    }

    /** Makes the IP length field cover the whole (grown) packet, so the junk is read as data. */
    private static void coverLength(byte[] m, Layout l) {
        if (l.version == 4) {
            put16(m, 2, Math.min(0xffff, m.length));
        } else if (l.version == 6) {
            put16(m, 4, Math.min(0xffff, m.length - 40));
        }
    }

    private static byte interesting(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> (byte) 0xff;
            case 2 -> (byte) 0x7f;
            case 3 -> (byte) 0x80;
            case 4 -> (byte) (1 + r.nextInt(4));
            default -> (byte) r.nextInt(256);
        };
    }

    private static int bogus16(Random r, int actual) {
        return switch (r.nextInt(7)) {
            case 0 -> 0;
            case 1 -> 0xffff;
            case 2 -> Math.max(0, actual - 1 - r.nextInt(Math.max(1, actual)));
            case 3 -> actual + 1 + r.nextInt(64);
            case 4 -> r.nextInt(41);
            case 5 -> actual & 0xffff;
            default -> r.nextInt(0x10000);
        };
    }

    /** IPv4 options, valid-looking or not, inserted after the fixed header (IHL and length follow). */
    private static byte[] insertIpOptions(byte[] m, Layout l, Random r) {
        if (l.version != 4 || m.length < 20) {
            return m;
        }
        byte[] opts = ipOptions(r);
        int oldHl = Math.min(m.length, Math.max(20, l.ipHeaderLength));
        int newOpt = Math.min(40, (opts.length + 3) & ~3);
        byte[] e = new byte[20 + newOpt + (m.length - oldHl)];
        System.arraycopy(m, 0, e, 0, 20);
        System.arraycopy(opts, 0, e, 20, Math.min(opts.length, newOpt));
        System.arraycopy(m, oldHl, e, 20 + newOpt, m.length - oldHl);
        e[0] = (byte) (0x40 | ((20 + newOpt) / 4));
        if (r.nextInt(4) != 0) {
            put16(e, 2, e.length);
        }
        return e;
    }

    /** Random IPv4 options: record route, timestamps, source routes, router alert, security, junk. */
    static byte[] ipOptions(Random r) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        int k = 1 + r.nextInt(4);
        for (int i = 0; i < k && b.size() < 40; i++) {
            switch (r.nextInt(9)) {
                case 0 -> b.write(1);
                case 1 -> b.write(0);
                case 2 -> {
                    int len = 3 + 4 * r.nextInt(4);
                    b.write(7);
                    b.write(r.nextInt(5) == 0 ? r.nextInt(256) : len);
                    b.write(4 + 4 * r.nextInt(3));
                    b.writeBytes(randomBytes(r, len - 3));
                }
                case 3 -> {
                    int len = 4 + 8 * r.nextInt(3);
                    b.write(0x44);
                    b.write(r.nextInt(5) == 0 ? r.nextInt(256) : len);
                    b.write(5 + 4 * r.nextInt(4));
                    b.write(r.nextInt(256));
                    b.writeBytes(randomBytes(r, len - 4));
                }
                case 4, 5 -> {
                    int len = 3 + 4 * r.nextInt(3);
                    b.write(r.nextBoolean() ? 0x83 : 0x89);
                    b.write(r.nextInt(5) == 0 ? r.nextInt(256) : len);
                    b.write(4);
                    b.writeBytes(randomBytes(r, len - 3));
                }
                case 6 -> b.writeBytes(new byte[] {(byte) 0x94, 4, 0, 0});
                case 7 -> {
                    b.write(0x82);
                    b.write(11);
                    b.writeBytes(randomBytes(r, 9));
                }
                default -> {
                    b.write(r.nextInt(256));
                    b.write(r.nextInt(256));
                    b.writeBytes(randomBytes(r, r.nextInt(6)));
                }
            }
        }
        byte[] o = b.toByteArray();
        return o.length > 40 ? Arrays.copyOf(o, 40) : o;
    }

    /** TCP options inserted before the payload (data offset follows, IP length too most of the time). */
    private static byte[] insertTcpOptions(byte[] m, Layout l, Random r) {
        if (l.proto != TCP || l.l4 < 0 || l.l4 + 20 > m.length) {
            return m;
        }
        int oldOff = Math.max(20, (m[l.l4 + 12] & 0xf0) >>> 2);
        int oldEnd = Math.min(m.length, l.l4 + oldOff);
        byte[] opts = tcpOptions(r);
        int newOpt = Math.min(40, (opts.length + 3) & ~3);
        byte[] e = new byte[l.l4 + 20 + newOpt + (m.length - oldEnd)];
        System.arraycopy(m, 0, e, 0, l.l4 + 20);
        Arrays.fill(e, l.l4 + 20, l.l4 + 20 + newOpt, (byte) 1);
        System.arraycopy(opts, 0, e, l.l4 + 20, Math.min(opts.length, newOpt));
        System.arraycopy(m, oldEnd, e, l.l4 + 20 + newOpt, m.length - oldEnd);
        e[l.l4 + 12] = (byte) ((((20 + newOpt) / 4) << 4) | (e[l.l4 + 12] & 0x0f));
        if (r.nextInt(4) != 0) {
            coverLength(e, l);
        }
        return e;
    }

    /** Random TCP options: MSS, window scale, SACK permitted and blocks, timestamps, MD5, unknown, bad lengths. */
    static byte[] tcpOptions(Random r) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        int k = 1 + r.nextInt(5);
        for (int i = 0; i < k && b.size() < 40; i++) {
            switch (r.nextInt(10)) {
                case 0 -> b.write(1);
                case 1 -> b.write(0);
                case 2 -> b.writeBytes(new byte[] {2, 4, (byte) r.nextInt(256), (byte) r.nextInt(256)});
                case 3 -> b.writeBytes(new byte[] {3, 3, (byte) r.nextInt(20)});
                case 4 -> b.writeBytes(new byte[] {4, 2});
                case 5 -> {
                    int blocks = r.nextInt(5);
                    b.write(5);
                    b.write(r.nextInt(5) == 0 ? r.nextInt(256) : 2 + 8 * blocks);
                    b.writeBytes(randomBytes(r, 8 * blocks));
                }
                case 6 -> {
                    b.write(8);
                    b.write(10);
                    b.writeBytes(randomBytes(r, 8));
                }
                case 7 -> {
                    b.write(19);
                    b.write(18);
                    b.writeBytes(randomBytes(r, 16));
                }
                case 8 -> {
                    b.write(r.nextInt(256));
                    b.write(r.nextInt(3) == 0 ? r.nextInt(256) : r.nextInt(2));
                }
                default -> {
                    b.write(30);
                    b.write(r.nextInt(256));
                    b.writeBytes(randomBytes(r, r.nextInt(8)));
                }
            }
        }
        byte[] o = b.toByteArray();
        return o.length > 40 ? Arrays.copyOf(o, 40) : o;
    }

    /** An extension header (hop-by-hop, destination options, routing or fragment) put in front of the upper layer. */
    private static byte[] insertIpv6Ext(byte[] m, Random r) {
        int type = new int[] {HOP_BY_HOP, DEST_OPTS, ROUTING, FRAGMENT, AH}[r.nextInt(5)];
        byte[] ext;
        if (type == FRAGMENT) {
            ext = new byte[8];
            put16(ext, 2, r.nextInt(0x10000));
            put32(ext, 4, r.nextInt());
        } else if (type == ROUTING) {
            int addrs = r.nextInt(3);
            ext = new byte[8 + 16 * addrs];
            ext[1] = (byte) (2 * addrs);
            ext[2] = (byte) (r.nextBoolean() ? 0 : r.nextInt(5));
            ext[3] = (byte) r.nextInt(addrs + 2);
            System.arraycopy(randomBytes(r, 16 * addrs), 0, ext, 8, 16 * addrs);
        } else if (type == AH) {
            ext = new byte[12 + 4 * r.nextInt(3)];
            ext[1] = (byte) (ext.length / 4 - 2);
            System.arraycopy(randomBytes(r, ext.length - 2), 0, ext, 2, ext.length - 2);
        } else {
            int len = 8 * (1 + r.nextInt(3));
            ext = new byte[len];
            ext[1] = (byte) (len / 8 - 1);
            int at = 2;
            while (at < len) {
                int kind = r.nextInt(5);
                if (kind == 0) {
                    ext[at++] = 0;
                } else if (at + 2 <= len) {
                    int optLen = Math.min(len - at - 2, r.nextInt(8));
                    ext[at] = (byte) new int[] {1, 5, (byte) 0xc2, 0x3e, r.nextInt(256)}[kind];
                    ext[at + 1] = (byte) (r.nextInt(6) == 0 ? r.nextInt(256) : optLen);
                    at += 2 + optLen;
                } else {
                    ext[at++] = 0;
                }
            }
        }
        ext[0] = m[6];
        byte[] e = new byte[m.length + ext.length];
        System.arraycopy(m, 0, e, 0, 40);
        System.arraycopy(ext, 0, e, 40, ext.length);
        System.arraycopy(m, 40, e, 40 + ext.length, m.length - 40);
        e[6] = (byte) type;
        put16(e, 4, Math.min(0xffff, e.length - 40));
        return e;
    }

    /** Makes a fragment of a whole packet: a random offset and more-fragments bit (IPv4), or a fragment header (IPv6). */
    private static byte[] makeFragment(byte[] m, Layout l, Random r) {
        if (l.version == 4 && m.length >= 20) {
            int off = r.nextInt(3) == 0 ? 0 : r.nextInt(r.nextBoolean() ? 16 : 0x2000);
            int flags = r.nextInt(4) == 0 ? r.nextInt(8) << 13 : (r.nextBoolean() ? 0x2000 : 0);
            put16(m, 6, flags | off);
            put16(m, 4, r.nextInt(4));
            return m;
        }
        if (l.version == 6 && m.length >= 40 && l.l4 >= 0) {
            int at = l.extCount > 0 ? l.extOffsets[l.extCount - 1] : -1;
            byte[] e = new byte[m.length + 8];
            System.arraycopy(m, 0, e, 0, l.l4);
            e[l.l4] = (byte) l.proto;
            put16(e, l.l4 + 2, (r.nextInt(3) == 0 ? 0 : r.nextInt(0x2000) << 3) | (r.nextBoolean() ? 1 : 0));
            put32(e, l.l4 + 4, r.nextInt(4));
            System.arraycopy(m, l.l4, e, l.l4 + 8, m.length - l.l4);
            if (at >= 0) {
                e[at] = (byte) FRAGMENT;
            } else {
                e[6] = (byte) FRAGMENT;
            }
            put16(e, 4, Math.min(0xffff, e.length - 40));
            return e;
        }
        return m;
    }

    static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[Math.max(0, n)];
        r.nextBytes(b);
        return b;
    }
}
