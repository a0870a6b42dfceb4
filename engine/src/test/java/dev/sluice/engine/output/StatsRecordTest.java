package dev.sluice.engine.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.engine.cli.SluiceCli;
import dev.sluice.engine.pipeline.Stats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.sluice.engine.output.Events.tcpAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** eve.json {@code stats} records: Suricata's counter names, eve.json only, and {@code sluice pcap}'s final record. */
class StatsRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void statsRecordCarriesTotalsUnderSuricatasNames() throws Exception {
        Stats total = new Stats();
        total.packets = 1000;
        total.bytes = 150_000;
        total.alerts = 7;
        total.accepted = 990;
        total.dropped = 10;
        StatsSnapshot s = StatsSnapshot.of(42, total, 1003, 3, true)
                .withTables(50, 12, 30, 2, 40, 5, 1, 6, 4, 1)
                .at(1_259_098_029L, 534_255);
        JsonNode n = JSON.readTree(EveFormatter.formatStats(s));
        assertEquals("2009-11-24T21:27:09.534255+0000", n.path("timestamp").asText());
        assertEquals("stats", n.path("event_type").asText());
        assertEquals(List.of("timestamp", "event_type", "stats"), fieldNames(n));
        JsonNode st = n.path("stats");
        assertEquals(42, st.path("uptime").asLong());
        assertEquals(1003, st.path("capture").path("kernel_packets").asLong());
        assertEquals(3, st.path("capture").path("kernel_drops").asLong());
        assertEquals(1000, st.path("decoder").path("pkts").asLong());
        assertEquals(150_000, st.path("decoder").path("bytes").asLong());
        assertEquals(150, st.path("decoder").path("avg_pkt_size").asLong());
        assertEquals(7, st.path("detect").path("alert").asLong());
        assertEquals(50, st.path("flow").path("total").asLong());
        assertEquals(12, st.path("flow").path("active").asLong());
        assertEquals(2, st.path("flow").path("get_used").asLong());
        assertEquals(30, st.path("flow").path("mgr").path("flows_timeout").asLong());
        assertEquals(40, st.path("tcp").path("sessions").asLong());
        assertEquals(5, st.path("tcp").path("active_sessions").asLong());
        assertEquals(1, st.path("tcp").path("ssn_memcap_drop").asLong());
        assertEquals(6, st.path("tcp").path("segment_memcap_drop").asLong());
        assertEquals(1, st.path("defrag").path("max_trackers_reached").asLong());
        assertEquals(4, st.path("defrag").path("mgr").path("tracker_timeout").asLong());
        assertEquals(990, st.path("ips").path("accepted").asLong());
        assertEquals(10, st.path("ips").path("blocked").asLong());
    }

    @Test
    void bypassedFlowsPacketsAreCountedAsLocalOrCaptureBypass() throws Exception {
        StatsSnapshot s = StatsSnapshot.of(1, new Stats(), -1, -1, true).withBypass(12, 3400, false);
        JsonNode fb = JSON.readTree(EveFormatter.formatStats(s)).path("stats").path("flow_bypassed");
        assertEquals(12, fb.path("local_pkts").asLong());
        assertEquals(3400, fb.path("local_bytes").asLong());
        fb = JSON.readTree(EveFormatter.formatStats(s.withBypass(5, 600, true))).path("stats").path("flow_bypassed");
        assertEquals(List.of("local_capture_pkts", "local_capture_bytes"), fieldNames(fb));
        assertEquals(5, fb.path("local_capture_pkts").asLong());
    }

    @Test
    void countersTheEngineDoesNotHaveAreLeftOut() throws Exception {
        JsonNode st = JSON.readTree(EveFormatter.formatStats(StatsSnapshot.of(1, new Stats(), -1, -1, false))).path("stats");
        assertEquals(List.of("uptime", "decoder", "detect"), fieldNames(st));
        assertEquals(0, st.path("decoder").path("avg_pkt_size").asLong(), "no division by zero packets");
    }

    @Test
    void statsGoToEveJsonOnlyNotFastLog(@TempDir Path dir) throws Exception {
        OutputWriter w = new OutputWriter(dir);
        assertTrue(w.offer(tcpAlert().build()));
        assertTrue(w.offerStats(StatsSnapshot.of(3, new Stats(), -1, -1, false)));
        assertTrue(w.offer(tcpAlert().pcapCnt(54).build()));
        w.close();
        List<String> eve = Files.readAllLines(dir.resolve("eve.json"));
        assertEquals(3, eve.size());
        assertEquals("stats", JSON.readTree(eve.get(1)).path("event_type").asText(), "in the order queued");
        assertEquals(2, Files.readAllLines(dir.resolve("fast.log")).size());
        assertEquals(2, w.written(), "events, not stats records");
        assertEquals(0, w.lost());
        assertFalse(w.offerStats(StatsSnapshot.of(4, new Stats(), -1, -1, false)), "closed");
        assertEquals(1, w.lost());
    }

    @Test
    void pcapWritesOneStatsRecordWithTheRunsTotalsWhenStatsAreEnabled(@TempDir Path dir) throws Exception {
        Path capture = Path.of("/work/shared/corpus/pcaps/http_google.pcap");
        assumeTrue(Files.isRegularFile(capture), "capture corpus missing");
        Path rules = Files.writeString(dir.resolve("t.rules"),
                "alert tcp any any -> any any (msg:\"syn\"; flags:S,12; sid:1;)\n"
                        + "drop http any any -> any any (msg:\"get\"; flow:established,to_server; http.method; content:\"GET\"; sid:2;)\n");
        List<JsonNode> with = pcap(dir.resolve("with"), capture, rules, "--ips", "--set", "stats.enabled=yes");
        List<JsonNode> stats = with.stream().filter(n -> n.path("event_type").asText().equals("stats")).toList();
        assertEquals(1, stats.size());
        assertEquals("stats", with.get(with.size() - 1).path("event_type").asText(), "after every event of the run");
        JsonNode st = stats.get(0).path("stats");
        assertEquals(12, st.path("decoder").path("pkts").asLong(), "the capture's 12 packets");
        assertEquals(Files.size(capture) - 24 - 12 * 16, st.path("decoder").path("bytes").asLong(), "frame bytes");
        long alerts = with.stream().filter(n -> n.path("event_type").asText().equals("alert")).count();
        assertEquals(alerts, st.path("detect").path("alert").asLong());
        long drops = with.stream().filter(n -> n.path("event_type").asText().equals("drop")).count();
        assertTrue(drops > 0);
        assertEquals(drops, st.path("ips").path("blocked").asLong());
        assertEquals(12 - drops, st.path("ips").path("accepted").asLong());
        assertTrue(st.path("flow").path("total").asLong() >= 1);

        List<JsonNode> without = pcap(dir.resolve("without"), capture, rules, "--ips");
        assertTrue(without.stream().noneMatch(n -> n.path("event_type").asText().equals("stats")));
    }

    private static List<JsonNode> pcap(Path out, Path capture, Path rules, String... extra) throws Exception {
        Files.createDirectories(out);
        List<String> args = new java.util.ArrayList<>(List.of("pcap", "-r", capture.toString(), "-S", rules.toString(),
                "-l", out.toString(), "-k", "none"));
        args.addAll(List.of(extra));
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = SluiceCli.execute(args.toArray(new String[0]));
        } finally {
            System.setErr(oldErr);
        }
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        List<JsonNode> l = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("eve.json"))) {
            l.add(JSON.readTree(line));
        }
        return l;
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> l = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(l::add);
        return l;
    }
}
