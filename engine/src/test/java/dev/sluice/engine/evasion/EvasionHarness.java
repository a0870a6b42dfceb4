package dev.sluice.engine.evasion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.engine.cli.SluiceCli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Evasion suite: captures that hide an attack from a naive packet matcher, run through
 * {@code sluice pcap} in IDS mode and inline ({@code --ips}), checking that the attack is seen
 * exactly once, on the right packet, and (inline) blocked from that packet on.
 *
 * <p>The attack is an HTTP request containing {@code union select} ({@link #ATTACK}); rule sid 1
 * drops it. Where an overlap decides what the stream spells, the other version of the bytes spells
 * {@code union lesect} ({@link #DECOY}: two 16-bit words of the pattern swapped, so IP fragments of
 * either version carry the same TCP checksum) and alert rule sid 2 reports it, so every outcome is
 * positively one of the two. No single packet ever carries the whole pattern unless the case says
 * so.
 *
 * <p>Expected timing. IDS: stream data is inspected once the server acknowledged it, on the next
 * client packet (or at FIN/RST); a pattern inside one packet matches on that packet. Inline: data is
 * inspected as soon as it is contiguous, so the packet that completes the pattern is dropped, with
 * every later packet of the flow.
 *
 * <table>
 * <caption>cases</caption>
 * <tr><th>class</th><th>case</th></tr>
 * <tr><td>{@link SegmentationEvasionTest}</td><td>a. pattern split at every byte position over two
 *     in-order segments (IPv4; a few cuts over IPv6); pattern inside one segment (packet match, no
 *     duplicate from the stream)</td></tr>
 * <tr><td>{@link SegmentationEvasionTest}</td><td>b. three segments in all 6 orders</td></tr>
 * <tr><td>{@link SegmentationEvasionTest}</td><td>f. one byte per segment, server ACKing each byte or
 *     only at the end</td></tr>
 * <tr><td>{@link OverlapEvasionTest}</td><td>c. overlapping segments with different data, six overlap
 *     shapes x both orders x policies first, last, bsd, linux, windows, solaris (IDS); first data wins
 *     inline</td></tr>
 * <tr><td>{@link OverlapEvasionTest}</td><td>d. retransmission with different bytes, benign then
 *     malicious and the reverse, per policy (IDS), first wins inline; and a retransmission of data
 *     the server already ACKed, which must never replace it (the IDS half is disabled: engine bug,
 *     see the test)</td></tr>
 * <tr><td>{@link FragmentEvasionTest}</td><td>e. IPv4 and IPv6 fragments in reverse order; overlapping
 *     fragments in six shapes x both orders x defrag policies first, last, bsd, bsd-right, linux,
 *     windows, solaris</td></tr>
 * <tr><td>{@link CleanTrafficTest}</td><td>g. clean traffic in the same shapes raises nothing and,
 *     inline, drops nothing</td></tr>
 * </table>
 */
final class EvasionHarness {
    static final String ATTACK = "union select";
    static final String DECOY = "union lesect";
    static final int ATTACK_SID = 1;
    static final int DECOY_SID = 2;

    /** The request carrying the attack; {@link #AT} is where the pattern starts (even, see {@link #DECOY}). */
    static final byte[] REQUEST = ascii("GET /q?id=1 union select pass from users HTTP/1.1\r\nHost: a\r\n\r\n");
    static final int AT = 12;
    /** The same request spelling the decoy: differs from {@link #REQUEST} only at AT+6 and AT+8. */
    static final byte[] DECOY_REQUEST = ascii("GET /q?id=1 union lesect pass from users HTTP/1.1\r\nHost: a\r\n\r\n");
    /** A request with neither pattern. */
    static final byte[] CLEAN_REQUEST = ascii("GET /q?id=1 order by name from users HTTP/1.1\r\nHost: a\r\n\r\n");

    static final String RULES = String.join("\n",
            "drop tcp any any -> any any (msg:\"evasion union select\"; flow:established,to_server;"
                    + " content:\"union select\"; nocase; sid:1; rev:1;)",
            "alert tcp any any -> any any (msg:\"evasion decoy union lesect\"; flow:established,to_server;"
                    + " content:\"union lesect\"; nocase; sid:2; rev:1;)",
            "");

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvasionHarness() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** What one {@code sluice pcap} run produced. */
    record Result(String label, int exit, String err, List<JsonNode> eve, List<String> fast, int frames) {
        List<JsonNode> events(String type) {
            return eve.stream().filter(n -> n.path("event_type").asText().equals(type)).toList();
        }

        List<JsonNode> alerts(int sid) {
            return events("alert").stream().filter(n -> n.path("alert").path("signature_id").asInt() == sid).toList();
        }

        /** The run's output, for assertion messages. */
        String dump() {
            return label + "\n" + eve.stream().map(n -> n.path("pcap_cnt") + " " + n.path("event_type").asText()
                    + " " + n.path("alert").path("signature_id").asText() + " " + n.path("alert").path("action").asText())
                    .collect(Collectors.joining("\n")) + "\n" + err;
        }
    }

    /** Writes the capture and the rules into {@code dir} and runs {@code sluice pcap} over them in-process. */
    static Result run(Path dir, CaptureBuilder cap, boolean ips, String... sets) throws IOException {
        int n = RUNS.incrementAndGet();
        Path pcap = cap.write(dir.resolve("evasion-" + n + ".pcap"));
        Path rules = dir.resolve("evasion.rules");
        if (!Files.exists(rules)) {
            Files.writeString(rules, RULES);
        }
        Path out = Files.createDirectories(dir.resolve("out-" + n));
        List<String> args = new ArrayList<>(List.of("pcap", "-r", pcap.toString(), "-S", rules.toString(),
                "-l", out.toString()));
        if (ips) {
            args.add("--ips");
        }
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream so = new ByteArrayOutputStream();
        ByteArrayOutputStream se = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(so, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(se, true, StandardCharsets.UTF_8));
            code = SluiceCli.execute(args.toArray(String[]::new));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String err = se.toString(StandardCharsets.UTF_8);
        List<JsonNode> eve = new ArrayList<>();
        Path evePath = out.resolve("eve.json");
        if (Files.exists(evePath)) {
            for (String line : Files.readAllLines(evePath)) {
                if (!line.isBlank()) {
                    eve.add(JSON.readTree(line));
                }
            }
        }
        Path fastPath = out.resolve("fast.log");
        List<String> fast = Files.exists(fastPath) ? Files.readAllLines(fastPath) : List.of();
        String label = (ips ? "--ips " : "") + String.join(" ", sets) + " (" + pcap.getFileName() + ")";
        Result r = new Result(label, code, err, eve, fast, cap.count());
        assertEquals(0, code, r.dump());
        assertFalse(err.contains("error on packet"), r.dump());
        return r;
    }

    // ---------------------------------------------------------------- assertions

    /**
     * IDS mode: exactly one alert, rule {@code sid}, on frame {@code pcapCnt}, allowed; nothing
     * dropped; no alert of any other rule.
     */
    static void assertIdsAlert(Result r, int sid, long pcapCnt) {
        List<JsonNode> alerts = r.events("alert");
        assertEquals(1, alerts.size(), "exactly one alert expected\n" + r.dump());
        JsonNode a = alerts.get(0);
        assertEquals(sid, a.path("alert").path("signature_id").asInt(), r.dump());
        assertEquals(pcapCnt, a.path("pcap_cnt").asLong(), "alert on the wrong packet\n" + r.dump());
        assertEquals("allowed", a.path("alert").path("action").asText(), r.dump());
        assertEquals("to_server", a.path("direction").asText(), r.dump());
        assertEquals(0, r.events("drop").size(), "IDS mode drops nothing\n" + r.dump());
        assertTrue(r.err().contains(" 0 dropped"), r.dump());
        assertEquals(1, r.fast().size(), r.fast().toString());
        assertTrue(r.fast().get(0).contains("[1:" + sid + ":1]"), r.fast().toString());
    }

    /**
     * Inline mode, attack seen: one alert of sid 1, blocked, on frame {@code pcapCnt}; that frame and
     * every later one (the capture holds only the attacked flow from there on) are dropped, the first
     * drop record carrying the alert; nothing else alerts; the stats line counts the drops.
     */
    static void assertBlocked(Result r, long pcapCnt) {
        List<JsonNode> alerts = r.events("alert");
        assertEquals(1, alerts.size(), "exactly one alert expected\n" + r.dump());
        JsonNode a = alerts.get(0);
        assertEquals(ATTACK_SID, a.path("alert").path("signature_id").asInt(), r.dump());
        assertEquals("blocked", a.path("alert").path("action").asText(), r.dump());
        assertEquals(pcapCnt, a.path("pcap_cnt").asLong(), "blocked on the wrong packet\n" + r.dump());
        // Before the attack completes, only segments that disagreed with kept stream data may be dropped.
        List<JsonNode> normalized = r.events("drop").stream()
                .filter(n -> n.path("pcap_cnt").asLong() < pcapCnt).toList();
        for (JsonNode n : normalized) {
            assertEquals("stream normalization", n.path("drop").path("reason").asText(), r.dump());
        }
        List<JsonNode> ruleDrops = r.events("drop").stream().filter(n -> n.path("pcap_cnt").asLong() >= pcapCnt).toList();
        List<Long> dropped = ruleDrops.stream().map(n -> n.path("pcap_cnt").asLong()).toList();
        List<Long> expected = LongStream.rangeClosed(pcapCnt, r.frames()).boxed().toList();
        assertEquals(expected, dropped, "the completing packet and every later packet must be dropped\n" + r.dump());
        JsonNode first = ruleDrops.get(0);
        assertEquals(ATTACK_SID, first.path("alert").path("signature_id").asInt(), r.dump());
        assertTrue(ruleDrops.stream().skip(1).allMatch(n -> n.path("alert").isMissingNode()), r.dump());
        assertTrue(r.err().contains(String.format(Locale.ROOT, " %d dropped", expected.size() + normalized.size())), r.dump());
        assertTrue(r.fast().stream().anyMatch(l -> l.contains("[Drop] [**] [1:1:1] evasion union select")),
                r.fast().toString());
    }

    /** Inline mode, attack not in the stream: only the decoy alert (allowed) on frame {@code pcapCnt}; nothing dropped. */
    static void assertInlineDecoy(Result r, long pcapCnt) {
        List<JsonNode> alerts = r.events("alert");
        assertEquals(1, alerts.size(), "exactly one alert expected\n" + r.dump());
        JsonNode a = alerts.get(0);
        assertEquals(DECOY_SID, a.path("alert").path("signature_id").asInt(), r.dump());
        assertEquals("allowed", a.path("alert").path("action").asText(), r.dump());
        assertEquals(pcapCnt, a.path("pcap_cnt").asLong(), "decoy seen on the wrong packet\n" + r.dump());
        assertEquals(0, r.events("drop").size(), r.dump());
        assertTrue(r.err().contains(" 0 dropped"), r.dump());
    }

    /**
     * Inline, the decoy data came first and wins: the decoy alerts (allowed), and every segment that
     * carried other bytes for the same stream positions is dropped by normalization — so the attack
     * bytes never reach the server — while no rule drops anything.
     */
    static void assertInlineDecoyNormalized(Result r, long pcapCnt) {
        List<JsonNode> alerts = r.events("alert");
        assertEquals(1, alerts.size(), "exactly one alert expected\n" + r.dump());
        JsonNode a = alerts.get(0);
        assertEquals(DECOY_SID, a.path("alert").path("signature_id").asInt(), r.dump());
        assertEquals("allowed", a.path("alert").path("action").asText(), r.dump());
        assertEquals(pcapCnt, a.path("pcap_cnt").asLong(), "decoy seen on the wrong packet\n" + r.dump());
        List<JsonNode> drops = r.events("drop");
        assertTrue(drops.size() >= 1, "the segment with the other bytes must be dropped\n" + r.dump());
        for (JsonNode d : drops) {
            assertTrue(d.path("alert").isMissingNode(), "no rule drops here\n" + r.dump());
            assertEquals("stream normalization", d.path("drop").path("reason").asText(), r.dump());
        }
    }

    /** No alert and no drop at all. */
    static void assertQuiet(Result r) {
        assertEquals(0, r.eve().size(), "nothing expected\n" + r.dump());
        assertEquals(0, r.fast().size(), r.fast().toString());
        assertTrue(r.err().contains(" " + r.frames() + " packets, 0 alerts, 0 dropped"), r.dump());
    }

    /** The stats line says {@code n} IP datagrams were reassembled (so a quiet run is not a lost datagram). */
    static void assertReassembled(Result r, int n) {
        assertTrue(r.err().contains("ip datagrams reassembled " + n + ","), r.dump());
    }
}
