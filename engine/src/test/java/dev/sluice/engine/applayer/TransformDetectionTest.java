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

import static dev.sluice.engine.applayer.dns.DnsMessages.query;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code sluice pcap} with buffer transforms on dns.query: prefiltered (dotprefix, case change) and
 * unprefiltered (a digest) rules alert on exactly the queries their transformed buffer matches.
 */
class TransformDetectionTest {
    private static List<Long> sids(Path dir, AppLayerDetectionTest.Capture cap, String rules) throws IOException {
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
        List<Long> sids = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("eve.json"))) {
            JsonNode n = m.readTree(line);
            if (n.path("event_type").asText().equals("alert")) {
                sids.add(n.path("alert").path("signature_id").asLong() * 100 + n.path("pcap_cnt").asLong());
            }
        }
        sids.sort(null);
        return sids;
    }

    @Test
    void transformedDnsQueryRulesAlertOnTheirQueriesOnly(@TempDir Path dir) throws IOException {
        AppLayerDetectionTest.Capture cap = new AppLayerDetectionTest.Capture();
        cap.udp(true, 40000, 53, query(0x1001, "example.com", 1));
        cap.udp(true, 40001, 53, query(0x1002, "www.example.com", 1));
        cap.udp(true, 40002, 53, query(0x1003, "badexample.com", 1));
        cap.udp(true, 40003, 53, query(0x1004, "example.com.evil", 1));
        cap.udp(true, 40004, 53, query(0x1005, "MAIL.EXAMPLE.COM", 1));
        List<Long> hits = sids(dir, cap, String.join("\n",
                "alert dns any any -> any any (msg:\"domain\"; dns.query; dotprefix; content:\".example.com\"; endswith; sid:1;)",
                "alert dns any any -> any any (msg:\"case\"; dns.query; to_lowercase; dotprefix; content:\".example.com\"; endswith; sid:2;)",
                "alert dns any any -> any any (msg:\"md5\"; dns.query; to_md5; content:\"|5a ba bd 60 3b 22 78 03 02 dd 8d 83 49 8e 51 72|\"; sid:3;)",
                "alert dns any any -> any any (msg:\"raw\"; dns.query; content:\".example.com\"; endswith; sid:4;)", ""));
        // sid * 100 + packet number
        assertEquals(List.of(101L, 102L, 201L, 202L, 205L, 301L, 402L), hits);
    }
}
