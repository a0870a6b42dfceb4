package dev.sluice.engine.applayer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.engine.cli.SluiceCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.sluice.engine.applayer.dns.DnsMessages.query;
import static dev.sluice.engine.applayer.dns.DnsMessages.responseA;
import static dev.sluice.engine.applayer.dns.DnsMessages.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sluice pcap} over small generated captures: DNS is detected by content, parsed over UDP and
 * TCP, and rules on dns.query / the {@code dns} header protocol fire on the packet that completed the
 * message; eve.json carries app_proto and the dns object.
 */
class AppLayerDetectionTest {
    private static final byte[] CLIENT = {10, 0, 0, 1};
    private static final byte[] SERVER = {10, 0, 0, 2};

    /** Ethernet/IPv4 frames with correct checksums, written as a classic pcap. */
    static final class Capture {
        final List<byte[]> frames = new ArrayList<>();

        int udp(boolean toServer, int cport, int sport, byte[] payload) {
            byte[] l4 = new byte[8 + payload.length];
            put16(l4, 0, toServer ? cport : sport);
            put16(l4, 2, toServer ? sport : cport);
            put16(l4, 4, l4.length);
            System.arraycopy(payload, 0, l4, 8, payload.length);
            return ip(toServer, 17, l4, 6);
        }

        int tcp(boolean toServer, int cport, int sport, long seq, long ack, int flags, byte[] payload) {
            byte[] l4 = new byte[20 + payload.length];
            put16(l4, 0, toServer ? cport : sport);
            put16(l4, 2, toServer ? sport : cport);
            put32(l4, 4, seq);
            put32(l4, 8, ack);
            l4[12] = 0x50;
            l4[13] = (byte) flags;
            put16(l4, 14, 64240);
            System.arraycopy(payload, 0, l4, 20, payload.length);
            return ip(toServer, 6, l4, 16);
        }

        private int ip(boolean toServer, int proto, byte[] l4, int csumAt) {
            byte[] src = toServer ? CLIENT : SERVER;
            byte[] dst = toServer ? SERVER : CLIENT;
            long acc = sum(src) + sum(dst) + proto + l4.length;
            int c = fold(acc + sum(l4));
            put16(l4, csumAt, c == 0 && proto == 17 ? 0xffff : c);
            byte[] f = new byte[14 + 20 + l4.length];
            put16(f, 12, 0x0800);
            f[14] = 0x45;
            put16(f, 16, 20 + l4.length);
            put16(f, 18, frames.size() + 1);
            f[22] = 64;
            f[23] = (byte) proto;
            System.arraycopy(src, 0, f, 26, 4);
            System.arraycopy(dst, 0, f, 30, 4);
            put16(f, 24, fold(sum(Arrays.copyOfRange(f, 14, 34))));
            System.arraycopy(l4, 0, f, 34, l4.length);
            frames.add(f);
            return frames.size();
        }

        Path write(Path file) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer gh = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            gh.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            out.write(gh.array());
            int ms = 0;
            for (byte[] f : frames) {
                ms++;
                ByteBuffer rh = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                rh.putInt(1_700_000_000).putInt(ms * 1000).putInt(f.length).putInt(f.length);
                out.write(rh.array());
                out.write(f);
            }
            Files.write(file, out.toByteArray());
            return file;
        }

        private static long sum(byte[] b) {
            long s = 0;
            for (int i = 0; i < b.length; i += 2) {
                s += (b[i] & 0xff) << 8 | (i + 1 < b.length ? b[i + 1] & 0xff : 0);
            }
            return s;
        }

        private static int fold(long s) {
            while (s >> 16 != 0) {
                s = (s & 0xffff) + (s >> 16);
            }
            return (int) (~s & 0xffff);
        }

        private static void put16(byte[] b, int off, int v) {
            b[off] = (byte) (v >> 8);
            b[off + 1] = (byte) v;
        }

        private static void put32(byte[] b, int off, long v) {
            put16(b, off, (int) (v >>> 16));
            put16(b, off + 2, (int) v);
        }
    }

    private static List<JsonNode> run(Path dir, Capture cap, String rules) throws IOException {
        Path pcap = cap.write(dir.resolve("in.pcap"));
        Path r = Files.writeString(dir.resolve("test.rules"), rules);
        Path out = Files.createDirectories(dir.resolve("out"));
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = SluiceCli.execute("pcap", "-r", pcap.toString(), "-S", r.toString(), "-l", out.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> eve = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("eve.json"))) {
            JsonNode n = m.readTree(line);
            if (n.path("event_type").asText().equals("alert")) {
                eve.add(n);
            }
        }
        return eve;
    }

    private static List<JsonNode> bySid(List<JsonNode> eve, long sid) {
        return eve.stream().filter(n -> n.path("alert").path("signature_id").asLong() == sid).toList();
    }

    @Test
    void dnsQueryRuleAlertsOnAUdpQueryWithTheDnsObject(@TempDir Path dir) throws IOException {
        Capture cap = new Capture();
        int q = cap.udp(true, 40000, 53, query(0x1111, "www.evil-domain.test", 1));
        int a = cap.udp(false, 40000, 53, responseA(0x1111, "www.evil-domain.test", 192, 0, 2, 9));
        List<JsonNode> eve = run(dir, cap, String.join("\n",
                "alert dns any any -> any any (msg:\"query\"; dns.query; content:\"evil-domain\"; sid:1;)",
                "alert dns any any -> any any (msg:\"answer\"; dns.answers.rrname; content:\"evil-domain\"; sid:2;)",
                "alert udp any any -> any any (msg:\"raw\"; content:\"|0b|evil-domain\"; sid:3;)",
                "alert dns any any -> any any (msg:\"opcode\"; dns.opcode:0; flow:to_server; sid:4;)",
                "alert dns any any -> any any (msg:\"no such name\"; dns.query; content:\"harmless\"; sid:5;)", ""));
        JsonNode hit = bySid(eve, 1).get(0);
        assertEquals(1, bySid(eve, 1).size());
        assertEquals(q, hit.path("pcap_cnt").asInt());
        assertEquals("dns", hit.path("app_proto").asText());
        JsonNode dns = hit.path("dns");
        assertEquals(3, dns.path("version").asInt());
        assertEquals("request", dns.path("type").asText());
        assertEquals(0x1111, dns.path("id").asInt());
        assertEquals("www.evil-domain.test", dns.path("queries").get(0).path("rrname").asText());
        assertEquals("A", dns.path("queries").get(0).path("rrtype").asText());
        JsonNode ans = bySid(eve, 2).get(0);
        assertEquals(a, ans.path("pcap_cnt").asInt());
        assertEquals("192.0.2.9", ans.path("dns").path("answers").get(0).path("rdata").asText());
        assertEquals(2, bySid(eve, 3).size(), "a udp content rule still sees the raw payload of both packets");
        assertTrue(bySid(eve, 3).get(0).path("dns").isMissingNode(), "packet matches carry no transaction");
        assertEquals(1, bySid(eve, 4).size());
        assertTrue(bySid(eve, 5).isEmpty());
    }

    @Test
    void dnsHeaderRuleFindsDnsOnAnotherPortByContent(@TempDir Path dir) throws IOException {
        Capture cap = new Capture();
        cap.udp(true, 40001, 5300, query(0x2222, "odd-port.example", 16));
        cap.udp(true, 40002, 5301, "not dns at all, just text".getBytes(StandardCharsets.US_ASCII));
        List<JsonNode> eve = run(dir, cap, String.join("\n",
                "alert dns any any -> any any (msg:\"q\"; dns.query; content:\"odd-port\"; sid:1;)",
                "alert dns any any -> any any (msg:\"any dns packet\"; sid:2;)",
                "alert dns any any -> any any (msg:\"txt\"; dns.rrtype:TXT; sid:3;)",
                "alert dns any any -> any any (msg:\"dns payload\"; content:\"text\"; sid:4;)", ""));
        assertEquals(1, bySid(eve, 1).size());
        assertEquals(1, bySid(eve, 2).size(), "the dns protocol applies only to the flow detected as DNS");
        assertEquals(1, bySid(eve, 3).size());
        assertTrue(bySid(eve, 4).isEmpty());
    }

    @Test
    void dnsQuerySplitOverTwoTcpSegmentsAlertsOnTheSecond(@TempDir Path dir) throws IOException {
        Capture cap = new Capture();
        int c = 40003;
        long cs = 1000;
        long ss = 5000;
        cap.tcp(true, c, 53, cs, 0, 0x02, new byte[0]);
        cap.tcp(false, c, 53, ss, cs + 1, 0x12, new byte[0]);
        cap.tcp(true, c, 53, cs + 1, ss + 1, 0x10, new byte[0]);
        byte[] framed = tcp(query(0x3333, "split.tcp.example", 1));
        int cut = 9;
        int first = cap.tcp(true, c, 53, cs + 1, ss + 1, 0x18, Arrays.copyOf(framed, cut));
        cap.tcp(false, c, 53, ss + 1, cs + 1 + cut, 0x10, new byte[0]);
        int second = cap.tcp(true, c, 53, cs + 1 + cut, ss + 1, 0x18, Arrays.copyOfRange(framed, cut, framed.length));
        cap.tcp(false, c, 53, ss + 1, cs + 1 + framed.length, 0x10, new byte[0]);
        List<JsonNode> eve = run(dir, cap, String.join("\n",
                "alert dns any any -> any any (msg:\"q\"; dns.query; content:\"split.tcp\"; sid:1;)",
                "alert tcp any any -> any any (msg:\"dns_query old form\"; dns_query; content:\"example\"; endswith; sid:2;)", ""));
        assertEquals(1, bySid(eve, 1).size());
        assertEquals(second, bySid(eve, 1).get(0).path("pcap_cnt").asInt());
        assertFalse(first == second);
        assertEquals("dns", bySid(eve, 1).get(0).path("app_proto").asText());
        assertEquals(1, bySid(eve, 2).size());
    }
}
