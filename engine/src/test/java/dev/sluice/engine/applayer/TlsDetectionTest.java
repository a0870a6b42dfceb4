package dev.sluice.engine.applayer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.engine.applayer.tls.TlsMessages;
import dev.sluice.engine.cli.SluiceCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static dev.sluice.engine.applayer.tls.TlsMessages.certificateBody;
import static dev.sluice.engine.applayer.tls.TlsMessages.clientHelloBody;
import static dev.sluice.engine.applayer.tls.TlsMessages.concat;
import static dev.sluice.engine.applayer.tls.TlsMessages.handshake;
import static dev.sluice.engine.applayer.tls.TlsMessages.record;
import static dev.sluice.engine.applayer.tls.TlsMessages.selfSigned;
import static dev.sluice.engine.applayer.tls.TlsMessages.serverHelloBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sluice pcap} over generated TLS captures: TLS is found by content on any port, rules on
 * tls.sni / ja3.hash / the certificate / ssl_version fire once, on the packet that completed the
 * message, and eve.json carries app_proto "tls" and the tls object.
 */
class TlsDetectionTest {
    private static final String JA3 = "771,4865-49199-156,0-10-11-16-13-43,29-23,0";

    /** A handshake on {@code port}: the ClientHello cut in two segments, then the server flight. Returns pcap numbers. */
    private static int[] handshakeFlow(AppLayerDetectionTest.Capture cap, int cport, int port, String sni) {
        long cs = 1000;
        long ss = 9000;
        cap.tcp(true, cport, port, cs, 0, 0x02, new byte[0]);
        cap.tcp(false, cport, port, ss, cs + 1, 0x12, new byte[0]);
        cap.tcp(true, cport, port, cs + 1, ss + 1, 0x10, new byte[0]);
        byte[] ch = record(22, handshake(1, clientHelloBody(sni, 0)));
        int cut = 60;
        int first = cap.tcp(true, cport, port, cs + 1, ss + 1, 0x18, Arrays.copyOf(ch, cut));
        cap.tcp(false, cport, port, ss + 1, cs + 1 + cut, 0x10, new byte[0]);
        int second = cap.tcp(true, cport, port, cs + 1 + cut, ss + 1, 0x18, Arrays.copyOfRange(ch, cut, ch.length));
        byte[] flight = concat(record(22, handshake(2, serverHelloBody(0xc02f, false))),
                record(22, concat(handshake(11, certificateBody(selfSigned())), handshake(14, new byte[0]))));
        int server = cap.tcp(false, cport, port, ss + 1, cs + 1 + ch.length, 0x18, flight);
        cap.tcp(true, cport, port, cs + 1 + ch.length, ss + 1 + flight.length, 0x10, new byte[0]);
        return new int[] {first, second, server};
    }

    private static List<JsonNode> run(Path dir, AppLayerDetectionTest.Capture cap, String rules, String... extra) throws IOException {
        Path pcap = cap.write(dir.resolve("in.pcap"));
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

    @Test
    void sniJa3AndCertificateRulesFireOnceOnTheCompletingPacket(@TempDir Path dir) throws Exception {
        AppLayerDetectionTest.Capture cap = new AppLayerDetectionTest.Capture();
        int[] pk = handshakeFlow(cap, 40100, 443, "login.bank.example.com");
        String ja3 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(JA3.getBytes(StandardCharsets.US_ASCII)));
        List<JsonNode> eve = run(dir, cap, String.join("\n",
                "alert tls any any -> any any (msg:\"sni\"; tls.sni; content:\"bank.example.com\"; endswith; sid:1;)",
                "alert tls any any -> any any (msg:\"ja3\"; ja3.hash; content:\"" + ja3 + "\"; sid:2;)",
                "alert tls any any -> any any (msg:\"subject\"; flow:to_client; tls.cert_subject; content:\"CN=test.example.com\"; sid:3;)",
                "alert tls any any -> any any (msg:\"old subject\"; tls.subject:\"Sluice Test\"; sid:4;)",
                "alert tcp any any -> any any (msg:\"version\"; ssl_version:tls1.2; flow:to_server; sid:5;)",
                "alert tls any any -> any any (msg:\"other sni\"; tls.sni; content:\"bank.example\"; endswith; sid:6;)",
                "alert tls any any -> any any (msg:\"serial\"; tls.cert_serial; content:\"0C:D0:A8\"; sid:7;)",
                "alert tls any any -> any any (msg:\"state\"; ssl_state:server_hello; sid:8;)", ""));
        assertEquals(1, alerts(eve, 1).size());
        JsonNode sni = alerts(eve, 1).get(0);
        assertEquals(pk[1], sni.path("pcap_cnt").asInt(), "fires on the segment that completed the ClientHello");
        assertEquals("tls", sni.path("app_proto").asText());
        assertEquals("login.bank.example.com", sni.path("tls").path("sni").asText());
        assertEquals(ja3, sni.path("tls").path("ja3").path("hash").asText());
        assertEquals(JA3, sni.path("tls").path("ja3").path("string").asText());
        assertEquals(1, alerts(eve, 2).size());
        assertEquals(1, alerts(eve, 3).size());
        JsonNode subj = alerts(eve, 3).get(0);
        assertEquals(pk[2], subj.path("pcap_cnt").asInt());
        assertEquals("C=US, ST=WA, O=Sluice Test, CN=test.example.com", subj.path("tls").path("subject").asText());
        assertEquals("0C:D0:A8", subj.path("tls").path("serial").asText());
        assertEquals("TLS 1.2", subj.path("tls").path("version").asText());
        assertEquals(1, alerts(eve, 4).size());
        assertEquals(1, alerts(eve, 5).size());
        assertEquals(0, alerts(eve, 6).size());
        assertEquals(1, alerts(eve, 7).size());
        assertEquals(1, alerts(eve, 8).size());
    }

    @Test
    void tlsHeaderRuleFindsTlsOnAnotherPortAndNotOnOtherFlows(@TempDir Path dir) throws IOException {
        AppLayerDetectionTest.Capture cap = new AppLayerDetectionTest.Capture();
        handshakeFlow(cap, 40200, 8443, "odd.port.test");
        cap.tcp(true, 40201, 443, 500, 0, 0x02, new byte[0]);
        cap.tcp(false, 40201, 443, 700, 501, 0x12, new byte[0]);
        cap.tcp(true, 40201, 443, 501, 701, 0x10, new byte[0]);
        cap.tcp(true, 40201, 443, 501, 701, 0x18, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        List<JsonNode> eve = run(dir, cap, String.join("\n",
                "alert tls any any -> any any (msg:\"tls sni\"; tls.sni; content:\"odd.port\"; sid:1;)",
                "alert tls any any -> any 8443 (msg:\"any tls packet to server\"; flow:to_server; content:\"|16 03|\"; sid:2;)",
                "alert tls any any -> any 443 (msg:\"tls on 443\"; content:\"GET\"; sid:3;)", ""));
        assertEquals(1, alerts(eve, 1).size());
        assertTrue(alerts(eve, 2).size() >= 1);
        assertEquals(0, alerts(eve, 3).size(), "port 443 alone does not make a flow TLS");
    }

    @Test
    void helloAndCertificateInSeparatePacketsFireEachRuleOnce(@TempDir Path dir) throws IOException {
        AppLayerDetectionTest.Capture cap = new AppLayerDetectionTest.Capture();
        int c = 40400;
        long cs = 100;
        long ss = 200;
        cap.tcp(true, c, 443, cs, 0, 0x02, new byte[0]);
        cap.tcp(false, c, 443, ss, cs + 1, 0x12, new byte[0]);
        cap.tcp(true, c, 443, cs + 1, ss + 1, 0x10, new byte[0]);
        byte[] ch = record(22, handshake(1, clientHelloBody("two.packets.test", 0)));
        cap.tcp(true, c, 443, cs + 1, ss + 1, 0x18, ch);
        byte[] sh = record(22, handshake(2, serverHelloBody(0xc02f, false)));
        int helloPk = cap.tcp(false, c, 443, ss + 1, cs + 1 + ch.length, 0x18, sh);
        byte[] cert = record(22, concat(handshake(11, certificateBody(selfSigned())), handshake(14, new byte[0])));
        int certPk = cap.tcp(false, c, 443, ss + 1 + sh.length, cs + 1 + ch.length, 0x18, cert);
        cap.tcp(true, c, 443, cs + 1 + ch.length, ss + 1 + sh.length + cert.length, 0x10, new byte[0]);
        List<JsonNode> eve = run(dir, cap, String.join("\n",
                "alert tls any any -> any any (msg:\"ja3s\"; ja3s.string; content:\"771,49199,\"; startswith; sid:1;)",
                "alert tls any any -> any any (msg:\"issuer\"; tls.cert_issuer; content:\"Sluice Test\"; sid:2;)",
                "alert tls any any -> any any (msg:\"both\"; ja3s.string; content:\"49199\"; tls.cert_subject; content:\"test.example\"; sid:3;)",
                "alert tcp any any -> any any (msg:\"server version\"; ssl_version:tls1.2; flow:to_client; sid:4;)", ""));
        assertEquals(1, alerts(eve, 1).size());
        assertEquals(helloPk, alerts(eve, 1).get(0).path("pcap_cnt").asInt());
        assertEquals(1, alerts(eve, 2).size());
        assertEquals(certPk, alerts(eve, 2).get(0).path("pcap_cnt").asInt());
        assertEquals(1, alerts(eve, 3).size(), "the hello of one packet and the certificate of the next");
        assertEquals(certPk, alerts(eve, 3).get(0).path("pcap_cnt").asInt());
        assertEquals(1, alerts(eve, 4).size(), "once per direction, not once per handshake packet");
    }

    @Test
    void inlineDropsThePacketCompletingTheClientHello(@TempDir Path dir) throws IOException {
        AppLayerDetectionTest.Capture cap = new AppLayerDetectionTest.Capture();
        int[] pk = handshakeFlow(cap, 40300, 443, "blocked.example.net");
        List<JsonNode> eve = run(dir, cap,
                "drop tls any any -> any any (msg:\"block sni\"; tls.sni; content:\"blocked.example.net\"; sid:1;)\n", "--ips");
        List<JsonNode> drops = eve.stream().filter(n -> n.path("event_type").asText().equals("drop")).toList();
        assertTrue(drops.stream().anyMatch(n -> n.path("pcap_cnt").asInt() == pk[1]), eve.toString());
        assertEquals(pk[1], alerts(eve, 1).get(0).path("pcap_cnt").asInt());
    }
}
