package dev.sluice.engine.applayer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.engine.cli.SluiceCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sluice pcap} over generated HTTP conversations: HTTP is found by content on any port, rules
 * on HTTP buffers (sticky and old modifiers) fire once per transaction on the packet that completed
 * what they inspect, inline mode drops that packet, and eve.json carries app_proto and the http
 * object.
 */
class HttpDetectionTest {
    private static final int ACK = 0x10;
    private static final int PSH_ACK = 0x18;

    /** One TCP conversation with a handshake; each send returns the packet's number in the capture. */
    private static final class Conversation {
        final AppLayerDetectionTest.Capture cap = new AppLayerDetectionTest.Capture();
        final int cport;
        final int sport;
        long cseq = 1000;
        long sseq = 5000;

        Conversation(int cport, int sport) {
            this.cport = cport;
            this.sport = sport;
            cap.tcp(true, cport, sport, cseq++, 0, 0x02, new byte[0]);
            cap.tcp(false, cport, sport, sseq++, cseq, 0x12, new byte[0]);
            cap.tcp(true, cport, sport, cseq, sseq, ACK, new byte[0]);
        }

        int client(String data) {
            byte[] b = data.getBytes(StandardCharsets.ISO_8859_1);
            int n = cap.tcp(true, cport, sport, cseq, sseq, PSH_ACK, b);
            cseq += b.length;
            cap.tcp(false, cport, sport, sseq, cseq, ACK, new byte[0]);
            return n;
        }

        int server(String data) {
            byte[] b = data.getBytes(StandardCharsets.ISO_8859_1);
            int n = cap.tcp(false, cport, sport, sseq, cseq, PSH_ACK, b);
            sseq += b.length;
            cap.tcp(true, cport, sport, cseq, sseq, ACK, new byte[0]);
            return n;
        }
    }

    private static List<JsonNode> run(Path dir, Conversation c, String rules, String... extra) throws IOException {
        Files.createDirectories(dir);
        Path pcap = c.cap.write(dir.resolve("in.pcap"));
        Path r = Files.writeString(dir.resolve("test.rules"), rules);
        Path out = Files.createDirectories(dir.resolve("out"));
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("pcap", "-r", pcap.toString(), "-S", r.toString(), "-l", out.toString()));
        args.addAll(List.of(extra));
        int code;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = SluiceCli.execute(args.toArray(new String[0]));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> eve = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("eve.json"))) {
            eve.add(m.readTree(line));
        }
        return eve;
    }

    private static List<JsonNode> alerts(List<JsonNode> eve, long sid) {
        return eve.stream().filter(n -> n.path("event_type").asText().equals("alert")
                && n.path("alert").path("signature_id").asLong() == sid).toList();
    }

    private static final String SLEEP_RULE =
            "%s http any any -> any any (msg:\"sqli sleep\"; flow:established,to_server; http.uri; content:\"?id=sleep(1)\"; sid:1;)\n";

    private static Conversation sleepRequestInThreeSegments(int[] packets) {
        Conversation c = new Conversation(41000, 8080);
        packets[0] = c.client("GET /?id=sl");
        packets[1] = c.client("eep%281%29 HTTP/1.");
        packets[2] = c.client("1\r\nHost: shop.example\r\nUser-Agent: sqlmap\r\n\r\n");
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        return c;
    }

    @Test
    void sleepRequestSplitAcrossThreeSegmentsIsCaughtOnHttpUriInIdsMode(@TempDir Path dir) throws IOException {
        int[] pk = new int[3];
        Conversation c = sleepRequestInThreeSegments(pk);
        List<JsonNode> eve = run(dir, c, String.format(SLEEP_RULE, "alert"));
        List<JsonNode> hits = alerts(eve, 1);
        assertEquals(1, hits.size(), "once per transaction, although the response updates it: " + eve);
        JsonNode a = hits.get(0);
        assertEquals(pk[2], a.path("pcap_cnt").asInt(), "on the packet that completed the request");
        assertEquals("http", a.path("app_proto").asText());
        JsonNode http = a.path("http");
        assertEquals("shop.example", http.path("hostname").asText());
        assertEquals("/?id=sleep%281%29", http.path("url").asText());
        assertEquals("GET", http.path("http_method").asText());
        assertEquals("sqlmap", http.path("http_user_agent").asText());
        assertEquals("HTTP/1.1", http.path("protocol").asText());
    }

    @Test
    void sleepRequestSplitAcrossThreeSegmentsIsDroppedInlineOnHttpUri(@TempDir Path dir) throws IOException {
        int[] pk = new int[3];
        Conversation c = sleepRequestInThreeSegments(pk);
        List<JsonNode> eve = run(dir, c, String.format(SLEEP_RULE, "drop"), "--ips");
        List<JsonNode> drops = eve.stream().filter(n -> n.path("event_type").asText().equals("drop")).toList();
        assertTrue(drops.stream().anyMatch(n -> n.path("pcap_cnt").asInt() == pk[2]), eve.toString());
        assertTrue(drops.stream().noneMatch(n -> n.path("pcap_cnt").asInt() < pk[2]), "nothing before the request was complete");
        assertEquals(1, alerts(eve, 1).size());
        assertEquals("blocked", alerts(eve, 1).get(0).path("alert").path("action").asText());
    }

    @Test
    void methodUriOldModifierAndStatusCodeRulesEachFireOnTheirPacket(@TempDir Path dir) throws IOException {
        Conversation c = new Conversation(41001, 80);
        int post = c.client("POST /wp-login.php HTTP/1.1\r\nHost: blog.example\r\nContent-Length: 9\r\n\r\nlog=admin");
        int resp = c.server("HTTP/1.1 403 Forbidden\r\nServer: nginx\r\nContent-Length: 0\r\n\r\n");
        int get = c.client("GET /admin/../phpmyadmin/index.php HTTP/1.1\r\nHost: blog.example\r\n\r\n");
        List<JsonNode> eve = run(dir, c, String.join("\n",
                "alert http any any -> any any (msg:\"post login\"; flow:to_server; http.method; content:\"POST\"; http.uri; content:\"/wp-login.php\"; sid:2;)",
                "alert tcp any any -> any any (msg:\"old modifier\"; content:\"/phpmyadmin/\"; http_uri; sid:3;)",
                "alert http any any -> any any (msg:\"forbidden\"; flow:to_client; http.stat_code; content:\"403\"; sid:4;)",
                "alert http any any -> any any (msg:\"body\"; http.request_body; content:\"log=admin\"; sid:5;)",
                "alert http any any -> any any (msg:\"raw uri keeps the dots\"; http.uri.raw; content:\"/admin/../\"; sid:6;)",
                "alert http any any -> any any (msg:\"normalised uri has none\"; http.uri; content:\"/admin/\"; sid:7;)",
                "alert http any any -> any any (msg:\"uricontent\"; uricontent:\"wp-login\"; urilen:>5; sid:8;)",
                ""));
        assertEquals(post, alerts(eve, 2).get(0).path("pcap_cnt").asInt());
        assertEquals(1, alerts(eve, 2).size());
        assertEquals(get, alerts(eve, 3).get(0).path("pcap_cnt").asInt());
        assertEquals(1, alerts(eve, 3).size());
        JsonNode forbidden = alerts(eve, 4).get(0);
        assertEquals(resp, forbidden.path("pcap_cnt").asInt());
        assertEquals(403, forbidden.path("http").path("status").asInt());
        assertEquals(1, alerts(eve, 5).size());
        assertEquals(1, alerts(eve, 6).size());
        assertTrue(alerts(eve, 7).isEmpty(), "http.uri is normalised");
        assertEquals(1, alerts(eve, 8).size());
    }

    @Test
    void requestBodyLimitFromSetBoundsTheInspectedBody(@TempDir Path dir) throws IOException {
        Conversation c = new Conversation(41003, 80);
        c.client("POST /upload HTTP/1.1\r\nContent-Length: 16\r\n\r\nheadEVIL-PAYLOAD");
        String rules = String.join("\n",
                "alert http any any -> any any (msg:\"head\"; http.request_body; content:\"head\"; sid:1;)",
                "alert http any any -> any any (msg:\"tail\"; http.request_body; content:\"EVIL\"; sid:2;)", "");
        List<JsonNode> whole = run(dir.resolve("a"), c, rules);
        assertEquals(1, alerts(whole, 2).size());
        List<JsonNode> cut = run(dir.resolve("b"), c, rules,
                "--set", "app-layer.protocols.http.libhtp.default-config.request-body-limit=4");
        assertEquals(1, alerts(cut, 1).size());
        assertTrue(alerts(cut, 2).isEmpty(), "bytes past the request-body-limit are not inspected");
    }

    @Test
    void httpRulesIgnoreFlowsThatAreNotHttp(@TempDir Path dir) throws IOException {
        Conversation c = new Conversation(41002, 80);
        c.client("HELLO /index.html HTTP/1.1\r\n\r\n");
        List<JsonNode> eve = run(dir, c, String.join("\n",
                "alert http any any -> any any (msg:\"http only\"; content:\"index\"; sid:1;)",
                "alert tcp any any -> any any (msg:\"tcp\"; content:\"index\"; sid:2;)",
                "alert http any any -> any any (msg:\"uri\"; http.uri; content:\"index\"; sid:3;)", ""));
        assertTrue(alerts(eve, 1).isEmpty());
        assertEquals(1, alerts(eve, 2).size());
        assertTrue(alerts(eve, 3).isEmpty());
    }
}
