package dev.sluice.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sluice pcap} end to end over the shipped sample capture and rules. */
class PcapCommandTest {
    static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();
    static final Path PCAP = SAMPLES.resolve("sample.pcap");
    static final Path RULES = SAMPLES.resolve("sample.rules");

    record Run(int exit, String out, String err) { }

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = SluiceCli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static List<JsonNode> eve(Path dir) throws IOException {
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("eve.json"))) {
            out.add(m.readTree(line));
        }
        return out;
    }

    static long count(List<JsonNode> eve, String type, long sid) {
        return eve.stream().filter(n -> n.path("event_type").asText().equals(type)
                && (sid < 0 || n.path("alert").path("signature_id").asLong() == sid)).count();
    }

    @Test
    void sampleRaisesTheExpectedAlertsInIdsMode(@TempDir Path out) throws IOException {
        Run r = run("pcap", "-r", PCAP.toString(), "-S", RULES.toString(), "-l", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> fast = Files.readAllLines(out.resolve("fast.log"));
        assertEquals(6, fast.size(), String.join("\n", fast));
        assertTrue(fast.stream().anyMatch(l -> l.contains("[wDrop] [**] [1:9000002:1] SLUICE SAMPLE path traversal")), fast.toString());
        assertTrue(fast.stream().anyMatch(l -> l.contains("[1:9000001:1]") && l.contains("[Classification: Web Application Attack] [Priority: 1] {TCP} 203.0.113.7:40002 -> 192.168.1.10:80")), fast.toString());
        assertEquals(2, fast.stream().filter(l -> l.contains("[1:9000005:1]")).count());
        assertTrue(fast.stream().anyMatch(l -> l.contains("[1:9000004:1]") && l.contains("{ICMP} 203.0.113.7:8 -> 192.168.1.10:0")), fast.toString());
        assertFalse(fast.stream().anyMatch(l -> l.contains("9000006")), "the clean request must not alert");
        List<JsonNode> eve = eve(out);
        assertEquals(6, count(eve, "alert", -1));
        assertEquals(0, count(eve, "drop", -1), "IDS mode drops nothing");
        JsonNode sqli = eve.stream().filter(n -> n.path("alert").path("signature_id").asLong() == 9000001).findFirst().orElseThrow();
        assertEquals(12, sqli.path("pcap_cnt").asLong(), "alert on the packet carrying the request");
        assertEquals("allowed", sqli.path("alert").path("action").asText());
        assertEquals("2023-11-14T22:13:20.018000+0000", sqli.path("timestamp").asText());
    }

    @Test
    void dropsFlowAfterDropRuleMatchesInIpsMode(@TempDir Path out) throws IOException {
        Run r = run("pcap", "-r", PCAP.toString(), "-S", RULES.toString(), "-l", out.toString(), "--ips");
        assertEquals(0, r.exit(), r.err());
        List<String> fast = Files.readAllLines(out.resolve("fast.log"));
        assertTrue(fast.stream().anyMatch(l -> l.contains("[Drop] [**] [1:9000002:1]")), fast.toString());
        List<JsonNode> eve = eve(out);
        JsonNode alert = eve.stream().filter(n -> n.path("event_type").asText().equals("alert")
                && n.path("alert").path("signature_id").asLong() == 9000002).findFirst().orElseThrow();
        assertEquals("blocked", alert.path("alert").path("action").asText());
        long dropPkt = alert.path("pcap_cnt").asLong();
        // The packet that matched and every later packet of the flow (response, FINs, last ACK) are dropped.
        List<JsonNode> drops = eve.stream().filter(n -> n.path("event_type").asText().equals("drop")).toList();
        assertEquals(5, drops.size(), drops.toString());
        assertEquals(dropPkt, drops.get(0).path("pcap_cnt").asLong());
        assertEquals(9000002, drops.get(0).path("alert").path("signature_id").asLong());
        assertTrue(drops.stream().skip(1).allMatch(n -> n.path("alert").isMissingNode()));
        assertTrue(r.err().contains("5 dropped"), r.err());
        // The 404 of the dropped flow never reached the client, so only one 404 alert remains.
        assertEquals(1, count(eve, "alert", 9000005));
    }

    @Test
    void ipsDryRunListsTheFlowsEachDropRuleWouldCut(@TempDir Path out) throws IOException {
        Run r = run("pcap", "-r", PCAP.toString(), "-S", RULES.toString(), "-l", out.toString(), "--ips");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Flows cut by drop rules: 1 flows by 1 rules"), r.out());
        assertTrue(r.out().contains("[1:9000002:1] SLUICE SAMPLE path traversal to /etc/passwd: 1 flows cut, 5 packets dropped"), r.out());
        JsonNode firstDrop = eve(out).stream().filter(n -> n.path("event_type").asText().equals("drop")).findFirst().orElseThrow();
        String flow = "{TCP} " + firstDrop.path("src_ip").asText() + ":" + firstDrop.path("src_port").asInt() + " -> "
                + firstDrop.path("dest_ip").asText() + ":" + firstDrop.path("dest_port").asInt() + "  5 packets dropped";
        assertTrue(r.out().contains(flow), flow + " in " + r.out());
    }

    @Test
    void flipCandidateShowsTheFlowsItWouldCutBeforeTheFlip(@TempDir Path out) throws IOException {
        Run r = run("pcap", "-r", PCAP.toString(), "-S", RULES.toString(), "-l", out.toString(), "--ips", "--flip", "9000001");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Flows cut by drop rules: 2 flows by 2 rules"), r.out());
        assertTrue(r.out().contains("[1:9000001:1] SLUICE SAMPLE SQL injection attempt (UNION SELECT): 1 flows cut"), r.out());
        List<String> fast = Files.readAllLines(out.resolve("fast.log"));
        assertTrue(fast.stream().anyMatch(l -> l.contains("[Drop] [**] [1:9000001:1]")), fast.toString());
        // Without --ips a flip has nothing to show.
        Run ids = run("pcap", "-r", PCAP.toString(), "-S", RULES.toString(), "-l", out.toString(), "--flip", "9000001");
        assertEquals(2, ids.exit());
        assertTrue(ids.err().contains("--flip goes with --ips"), ids.err());
        // A bad candidate is named as what it is, not as a file.
        Run bad = run("pcap", "-r", PCAP.toString(), "-S", RULES.toString(), "-l", out.toString(), "--ips", "--flip", "re:(");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("sluice: --flip:1: "), bad.err());
    }

    @Test
    void badRuleIsReportedWithFileAndLineAndTheRestLoad(@TempDir Path dir) throws IOException {
        Path rules = dir.resolve("mixed.rules");
        Files.writeString(rules, String.join("\n",
                "alert icmp any any -> any any (msg:\"ping\"; itype:8; sid:1;)",
                "alert tcp any any -> any any (msg:\"broken\"; content:\"x\"; depth:abc; sid:2;)",
                "alert icmp any any -> any any (msg:\"pong\"; itype:0; sid:3;)", ""));
        Path out = Files.createDirectory(dir.resolve("out"));
        Run r = run("pcap", "-r", PCAP.toString(), "-S", rules.toString(), "-l", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains(rules + ":2: "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals(2, Files.readAllLines(out.resolve("fast.log")).size());
    }

    @Test
    void missingCaptureIsOneLineErrorNotAStackTrace(@TempDir Path out) {
        Run r = run("pcap", "-r", out.resolve("nope.pcap").toString(), "-S", RULES.toString(), "-l", out.toString());
        assertEquals(2, r.exit());
        assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("sluice:")).count(), r.err());
        assertTrue(r.err().contains("nope.pcap: no such file"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void rulesCheckListsRefusalsAndExitsOne(@TempDir Path dir) throws IOException {
        Path rules = dir.resolve("x.rules");
        Files.writeString(rules, "alert tcp any any -> any any (msg:\"a\"; sid:1;)\nalert tcp any any -> any any (msg:\"b\"; nosuchkeyword; sid:2;)\n");
        Run r = run("rules", "check", "-S", rules.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains(rules + ":2: "), r.out());
        assertTrue(r.out().contains("1 loaded"), r.out());
        Run ok = run("rules", "check", "-S", RULES.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
    }

    @Test
    void rulesCheckRefusesASidGivenAgainInAnotherFile(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.rules");
        Path b = dir.resolve("b.rules");
        Files.writeString(a, "alert tcp any any -> any any (msg:\"a\"; sid:7;)\n");
        Files.writeString(b, "alert udp any any -> any any (msg:\"b\"; sid:7;)\n");
        Run r = run("rules", "check", "-S", a.toString(), "-S", b.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains(b + ":1: duplicate sid 7 (first at " + a + ":1)"), r.out());
        assertTrue(r.out().contains("total: 1 loaded"), r.out());
    }

    @Test
    void listKeywordsPrintsTheTable() {
        Run r = run("list-keywords");
        assertEquals(0, r.exit());
        for (String k : List.of("content", "pcre", "flow", "byte_test", "ttl", "dsize", "flowbits", "http.uri")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(k + " ")), k + " missing from\n" + r.out());
        }
    }

    @Test
    void badExceptionPolicyInTheConfigStopsWithItsFileAndLine(@TempDir Path out) throws IOException {
        Path cfg = out.resolve("sluice.yaml");
        Files.writeString(cfg, "stream:\n  midstream: false\n  memcap-policy: sometimes\n");
        Run r = run("pcap", "-c", cfg.toString(), "-r", PCAP.toString(), "-S", RULES.toString(), "-l", out.toString());
        assertTrue(r.exit() != 0, r.err());
        assertTrue(r.err().contains(cfg + ":3: stream.memcap-policy: expected one of ignore, pass-packet"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void dropPolicyInIdsModeIsIgnoreSaidOnceAndNeverCountedAsDrop(@TempDir Path out) throws IOException {
        Run r = run("pcap", "-r", PCAP.toString(), "-S", RULES.toString(), "-l", out.toString(),
                "--set", "stream.memcap=512", "--set", "stream.memcap-policy=drop-flow");
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("act as ignore")).count(), r.err());
        assertTrue(r.err().contains("note: not inline, so these drop policies act as ignore: stream.memcap-policy"), r.err());
        assertFalse(r.err().contains("drop_flow"), r.err());
    }

    @Test
    void sessionCapWithDropFlowPolicyDropsCountsAndReportsInIpsMode(@TempDir Path out) throws IOException {
        Run r = run("pcap", "--ips", "-r", PCAP.toString(), "-S", RULES.toString(), "-l", out.toString(),
                "--set", "stream.memcap=512", "--set", "stream.memcap-policy=drop-flow", "--set", "stats.enabled=yes");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("sluice: limits and exception policies: "), r.err());
        assertTrue(r.err().matches("(?s).*exception_policy\\.tcp\\.ssn_memcap\\.drop_flow=[1-9].*"), r.err());
        List<JsonNode> eve = eve(out);
        JsonNode stats = eve.stream().filter(n -> n.path("event_type").asText().equals("stats")).reduce((a, b) -> b).orElseThrow();
        long applied = stats.path("stats").path("exception_policy").path("tcp").path("ssn_memcap").path("drop_flow").asLong();
        assertTrue(applied > 0, stats.toString());
        assertEquals(applied, eve.stream().filter(n -> n.path("event_type").asText().equals("drop")
                && n.path("drop").path("reason").asText().equals("stream memcap")).count(), "one drop record per policy drop");
        assertTrue(stats.path("stats").path("tcp").path("ssn_memcap_drop").asLong() > 0, stats.toString());
    }
}
