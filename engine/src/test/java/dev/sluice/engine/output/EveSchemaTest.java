package dev.sluice.engine.output;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.sluice.engine.cli.SluiceCli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every eve.json record {@code sluice pcap} writes validates against Suricata's EVE JSON schema
 * (whose objects refuse unknown fields): alerts over real captures with http, dns and tls objects,
 * IPv4 and IPv6, TCP, UDP and ICMP, drop records inline, and the stats record.
 */
class EveSchemaTest {
    private static final Path CORPUS = Path.of("/work/shared/corpus");
    private static final Path SCHEMA = CORPUS.resolve("eve-schema/schema.json");
    private static final Path PCAPS = CORPUS.resolve("pcaps");

    private static final String RULES = String.join("\n",
            "alert http any any -> any any (msg:\"schema http request\"; flow:established,to_server; http.method; content:\"GET\"; classtype:policy-violation; sid:9100001; rev:2;)",
            "alert http any any -> any any (msg:\"schema http response\"; flow:established,to_client; http.stat_code; content:\"200\"; sid:9100002; rev:1;)",
            "alert dns any any -> any any (msg:\"schema dns query\"; dns.query; content:\".\"; sid:9100003; rev:1;)",
            "alert tls any any -> any any (msg:\"schema tls sni\"; flow:established,to_server; tls.sni; content:\".\"; sid:9100004; rev:1;)",
            "alert tls any any -> any any (msg:\"schema tls cert\"; flow:established,to_client; tls.cert_subject; content:\"=\"; sid:9100005; rev:1;)",
            "alert tcp any any -> any any (msg:\"schema syn\"; flags:S,12; sid:9100006; rev:1;)",
            "alert icmp any any -> any any (msg:\"schema icmp\"; sid:9100007; rev:1;)",
            "alert udp any any -> any any (msg:\"schema udp\"; dsize:>0; sid:9100008; rev:1;)",
            "alert ip any any -> any any (msg:\"schema fragment\"; fragbits:M; sid:9100009; rev:1;)",
            "");
    private static final String DROP_RULES = String.join("\n",
            "drop http any any -> any any (msg:\"schema drop GET\"; flow:established,to_server; http.method; content:\"GET\"; classtype:web-application-attack; sid:9100101; rev:1;)",
            "drop dns any any -> any any (msg:\"schema drop dns\"; dns.query; content:\".\"; sid:9100102; rev:1;)",
            "reject icmp any any -> any any (msg:\"schema reject icmp\"; itype:8; sid:9100103; rev:1;)",
            "");

    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        assumeTrue(Files.isRegularFile(SCHEMA), "EVE schema corpus missing: " + SCHEMA);
        try (InputStream in = Files.newInputStream(SCHEMA)) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in, InputFormat.JSON);
        }
    }

    @Test
    void alertRecordsOverRealCapturesValidate(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String pcap : List.of("http_google.pcap", "sv_testmyids.pcap", "sv_http_ipv6.pcap", "http_ip4and6.pcapng",
                "wireshark_dns.pcap", "sv_dns_sofacy.pcap", "dns_tcp.pcapng", "sv_tls_sessions.pcap",
                "sv_tls13_draft28.pcap", "sv_vlan_3tags_icmp.pcap", "ipfragments.pcap", "ipv6_fragments.pcapng",
                "activeosfingerprinting.pcap")) {
            lines.addAll(run(dir.resolve(pcap), pcap, RULES));
        }
        Set<String> seen = validateAll(lines);
        for (String want : List.of("alert", "alert.http", "alert.dns", "alert.tls", "proto:TCP", "proto:UDP",
                "proto:ICMP", "proto:IPv6-ICMP", "ipv6", "icmp_type", "stats")) {
            assertTrue(seen.contains(want), "no record with " + want + " among " + lines.size() + " lines: " + seen);
        }
    }

    @Test
    void dropAndStatsRecordsInlineValidate(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String pcap : List.of("http_google.pcap", "sv_http_ipv6.pcap", "wireshark_dns.pcap", "ipfragments.pcap")) {
            lines.addAll(run(dir.resolve(pcap), pcap, DROP_RULES, "--ips"));
        }
        Set<String> seen = validateAll(lines);
        for (String want : List.of("drop", "drop.reason:rules", "drop.reason:flow drop", "alert.blocked", "alert.http",
                "alert.dns", "stats", "stats.ips")) {
            assertTrue(seen.contains(want), "no record with " + want + " among " + lines.size() + " lines: " + seen);
        }
    }

    @Test
    void etOpenAlertsValidate(@TempDir Path dir) throws IOException {
        Path et = CORPUS.resolve("et-open");
        List<String> args = new ArrayList<>();
        // fire on these captures: GPL ATTACK_RESPONSE id check, ET POLICY curl, ET EXPLOIT log4j, ET INFO SimpleHTTP
        for (String f : List.of("emerging-attack_response.rules", "emerging-exploit.rules", "emerging-info.rules",
                "emerging-policy.rules")) {
            if (Files.isRegularFile(et.resolve(f))) {
                args.add("-S");
                args.add(et.resolve(f).toString());
            }
        }
        assumeTrue(!args.isEmpty(), "ET Open corpus missing");
        List<String> lines = new ArrayList<>();
        for (String pcap : List.of("sv_testmyids.pcap", "sv_log4j_simplehttp.pcap")) {
            lines.addAll(run(dir.resolve(pcap), pcap, null, args.toArray(new String[0])));
        }
        Set<String> seen = validateAll(lines);
        assertTrue(seen.contains("alert.http"), "no ET Open alert with its http object: " + seen);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"signature_id\":2100498")), "GPL ATTACK_RESPONSE id check");
    }

    @Test
    void statsRecordWithEveryCounterValidates() {
        StatsSnapshot s = new StatsSnapshot(1_700_000_000L, 5, 12, 1000, 3, 997, 123_456, 4, true, 990, 7,
                50, 10, 40, 2, 30, 5, 1, 0, 3, 1, java.util.Map.of("flow.memcap", 3L, "detect.pcre_limit", 5L,
                        "exception_policy.tcp.reassembly.drop_flow", 1L, "app_layer.error.http.parser", 2L,
                        "exception_policy.app_layer.error.bypass", 2L, "engine.error", 0L, "defrag.memuse", 7L,
                        "exception_policy.engine.error.drop_packet", 1L, "tcp.reassembly_memuse", 9L),
                77, 90_000, false);
        assertEquals(List.of(), schema.validate(EveFormatter.formatStats(s), InputFormat.JSON));
        s = s.withBypass(77, 90_000, true);
        List<Error> errors = schema.validate(EveFormatter.formatStats(s), InputFormat.JSON);
        assertEquals(List.of(), errors);
    }

    @Test
    void schemaRefusesFieldsSuricataDoesNotWrite() {
        String good = EveFormatter.format(Events.tcpAlert().build());
        assertEquals(List.of(), schema.validate(good, InputFormat.JSON));
        assertEquals(1, schema.validate(good.replace("\"src_port\"", "\"source_port\""), InputFormat.JSON).size());
        assertEquals(1, schema.validate(good.replace("\"signature_id\":2001219", "\"signature_id\":\"2001219\""),
                InputFormat.JSON).size());
        String stats = EveFormatter.formatStats(StatsSnapshot.of(1, new dev.sluice.engine.pipeline.Stats(), 1, 0, true));
        assertEquals(List.of(), schema.validate(stats, InputFormat.JSON));
        assertEquals(1, schema.validate(stats.replace("\"pkts\"", "\"packets\""), InputFormat.JSON).size());
    }

    // ---------------------------------------------------------------- helpers

    /** Runs {@code sluice pcap} with a final stats record and returns eve.json's lines. */
    private static List<String> run(Path dir, String pcap, String rules, String... extra) throws IOException {
        Path capture = PCAPS.resolve(pcap);
        assumeTrue(Files.isRegularFile(capture), "capture corpus missing: " + capture);
        Files.createDirectories(dir);
        Path out = Files.createDirectories(dir.resolve("out"));
        List<String> args = new ArrayList<>(List.of("pcap", "-r", capture.toString(), "-l", out.toString(), "-k", "none",
                "--set", "stats.enabled=yes", "--set", "stream.midstream=true"));
        if (rules != null) {
            args.add("-S");
            args.add(Files.writeString(dir.resolve("test.rules"), rules).toString());
        }
        args.addAll(List.of(extra));
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = SluiceCli.execute(args.toArray(new String[0]));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        assertEquals(0, code, pcap + ": " + err.toString(StandardCharsets.UTF_8));
        return Files.readAllLines(out.resolve("eve.json"));
    }

    /** Validates every line; fails listing the distinct problems. Returns what kinds of records were seen. */
    private static Set<String> validateAll(List<String> lines) throws IOException {
        Set<String> problems = new TreeSet<>();
        Set<String> seen = new TreeSet<>();
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : lines) {
            for (Error e : schema.validate(line, InputFormat.JSON)) {
                problems.add(e.getInstanceLocation() + ": " + e.getMessage() + "  (e.g. " + abbreviate(line) + ")");
            }
            com.fasterxml.jackson.databind.JsonNode n = m.readTree(line);
            String type = n.path("event_type").asText();
            seen.add(type);
            seen.add("proto:" + n.path("proto").asText());
            if (n.path("src_ip").asText().contains(":")) {
                seen.add("ipv6");
            }
            if (n.has("icmp_type")) {
                seen.add("icmp_type");
            }
            for (String app : List.of("http", "dns", "tls")) {
                if (n.has(app)) {
                    seen.add(type + "." + app);
                }
            }
            if (n.has("drop")) {
                seen.add("drop.reason:" + n.path("drop").path("reason").asText());
            }
            if ("blocked".equals(n.path("alert").path("action").asText())) {
                seen.add("alert.blocked");
            }
            if (n.path("stats").has("ips")) {
                seen.add("stats.ips");
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " kinds of schema violations in " + lines.size() + " lines:\n" + String.join("\n", problems));
        }
        return seen;
    }

    private static String abbreviate(String line) {
        return line.length() <= 400 ? line : line.substring(0, 400) + "...";
    }
}
