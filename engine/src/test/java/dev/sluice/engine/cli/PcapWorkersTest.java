package dev.sluice.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.engine.source.TestCorpus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sluice pcap --workers N} processes every packet once and raises exactly the alerts one worker raises. */
class PcapWorkersTest {
    /** Rules that alert on most packets: flow direction and state, stream content, UDP, ICMP, and every IP packet. */
    private static final String EVERY_PACKET_RULES = String.join("\n",
            "alert tcp any any -> any any (msg:\"established to server\"; flow:established,to_server; sid:1;)",
            "alert tcp any any -> any any (msg:\"established to client\"; flow:established,to_client; sid:2;)",
            "alert tcp any any -> any any (msg:\"http in stream\"; flow:established; content:\"HTTP/1.\"; sid:3;)",
            "alert udp any any -> any any (msg:\"udp\"; sid:4;)",
            "alert icmp any any -> any any (msg:\"icmp\"; sid:5;)",
            "alert ip any any -> any any (msg:\"ip\"; sid:6;)",
            "alert tcp any any -> any any (msg:\"get\"; flow:to_server; content:\"GET \"; sid:7;)", "");

    /** The end-of-run packet count: "sluice: [N captures, ]N packets, ...". */
    private static final Pattern PACKETS = Pattern.compile("sluice: (?:\\d+ captures, )?(\\d+) packets,");

    /** The alerts, sorted (a packet processed twice shows as a duplicate), and the packets the run counted. */
    record Result(List<String> alerts, long packets) { }

    /** Alerts as (sid, addresses, ports, protocol, packet number) lines, sorted: flow ids differ between runs. */
    private static List<String> alerts(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode n : PcapCommandTest.eve(dir)) {
            if (n.path("event_type").asText().equals("alert")) {
                out.add(n.path("alert").path("signature_id").asLong() + " " + n.path("src_ip").asText() + ":" + n.path("src_port").asInt()
                        + " " + n.path("dest_ip").asText() + ":" + n.path("dest_port").asInt() + " " + n.path("proto").asText()
                        + " " + n.path("pcap_cnt").asLong());
            }
        }
        Collections.sort(out);
        return out;
    }

    private static Result runWith(int workers, Path capture, Path rules, Path out) throws IOException {
        PcapCommandTest.Run r = PcapCommandTest.run("pcap", "--workers", Integer.toString(workers), "-r", capture.toString(),
                "-S", rules.toString(), "-l", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("packets/s") && r.err().contains("Mbit/s"), r.err());
        Matcher m = PACKETS.matcher(r.err());
        assertTrue(m.find(), "no packet count in: " + r.err());
        return new Result(alerts(out), Long.parseLong(m.group(1)));
    }

    private static void python(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "generator timed out");
        assertEquals(0, p.exitValue(), output);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void threeWorkersRaiseTheSameAlertsAsOneOnAGeneratedCapture(@TempDir Path dir) throws Exception {
        Path shared = TestCorpus.shared();
        Assumptions.assumeTrue(shared != null && Files.isRegularFile(shared.resolve("bench/gen_pcap.py")), "bench generators not found");
        Path bench = shared.resolve("bench");
        python(dir, bench.resolve("gen_rules.py").toString(), "-n", "400", "--seed", "3", "-o", "g.rules");
        python(dir, bench.resolve("gen_pcap.py").toString(), "bulk", "-o", "g.pcap", "--flows", "1500",
                "--inject", "g.rules.literals", "--inject-prob", "0.02", "--seed", "9");
        Result one = runWith(1, dir.resolve("g.pcap"), dir.resolve("g.rules"), dir.resolve("one"));
        Result three = runWith(3, dir.resolve("g.pcap"), dir.resolve("g.rules"), dir.resolve("three"));
        assertTrue(one.alerts().size() > 20, "the capture must raise alerts to compare: " + one.alerts().size());
        assertSameRun(one, three);
    }

    /** The same packet count and equal sorted alert lists (duplicates count), or a short list of the differences. */
    private static void assertSameRun(Result one, Result many) {
        assertEquals(one.packets(), many.packets(), "packets counted");
        if (one.alerts().equals(many.alerts())) {
            return;
        }
        Set<String> missing = new TreeSet<>(one.alerts());
        missing.removeAll(many.alerts());
        Set<String> extra = new TreeSet<>(many.alerts());
        extra.removeAll(one.alerts());
        throw new AssertionError(one.alerts().size() + " alerts with one worker, " + many.alerts().size() + " with several; "
                + missing.size() + " missing, e.g. " + missing.stream().limit(5).toList() + "; " + extra.size()
                + " extra, e.g. " + extra.stream().limit(5).toList() + (missing.isEmpty() && extra.isEmpty() ? " (duplicates differ)" : ""));
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void threeWorkersRaiseTheSameAlertsAsOneOnTheRealCaptures(@TempDir Path dir) throws Exception {
        Path pcaps = TestCorpus.file("pcaps/ipfragments.pcap").getParent();
        Path rules = dir.resolve("every.rules");
        Files.writeString(rules, EVERY_PACKET_RULES);
        // The whole folder: fragments (IPv4 and IPv6), QinQ, tunnels, HTTP, DNS, one capture after another.
        Result one = runWith(1, pcaps, rules, dir.resolve("one"));
        Result three = runWith(3, pcaps, rules, dir.resolve("three"));
        assertTrue(one.alerts().size() > 1000, "the captures must raise alerts to compare: " + one.alerts().size());
        assertSameRun(one, three);
    }

    @Test
    void severalWorkersWarnOnceAboutCountsAndHostBitsThatSpanAddressPairs(@TempDir Path dir) throws IOException {
        Path rules = dir.resolve("split.rules");
        Files.writeString(rules, String.join("\n",
                "alert ip any any -> any any (msg:\"by src\"; threshold:type limit, track by_src, count 1, seconds 60; sid:1;)",
                "alert ip any any -> any any (msg:\"by rule\"; detection_filter:track by_rule, count 5, seconds 60; sid:2;)",
                "alert ip any any -> any any (msg:\"by flow\"; threshold:type limit, track by_flow, count 1, seconds 60; sid:3;)",
                "alert ip any any -> any any (msg:\"host bit\"; hostbits:set,seen,track ip_src; sid:4;)",
                "alert ip any any -> any any (msg:\"pair bit\"; xbits:set,pair,track ip_pair; sid:5;)", ""));
        PcapCommandTest.Run many = PcapCommandTest.run("pcap", "--workers", "2", "-r", PcapCommandTest.PCAP.toString(),
                "-S", rules.toString(), "-l", dir.resolve("many").toString());
        assertEquals(0, many.exit(), many.err());
        List<String> warned = many.err().lines().filter(l -> l.startsWith("warning: --workers:")).toList();
        assertEquals(1, warned.size(), many.err());
        assertTrue(warned.get(0).contains(" 2 rules count by source, destination or rule") && warned.get(0).contains(" 1 rules use host bits"),
                warned.get(0));
        PcapCommandTest.Run one = PcapCommandTest.run("pcap", "--workers", "1", "-r", PcapCommandTest.PCAP.toString(),
                "-S", rules.toString(), "-l", dir.resolve("one").toString());
        assertEquals(0, one.exit(), one.err());
        assertTrue(!one.err().contains("warning: --workers:"), one.err());
    }

    @Test
    void workersOutOfRangeIsAOneLineError(@TempDir Path dir) {
        PcapCommandTest.Run r = PcapCommandTest.run("pcap", "--workers", "0", "-r", PcapCommandTest.PCAP.toString(),
                "-S", PcapCommandTest.RULES.toString(), "-l", dir.toString());
        assertTrue(r.exit() != 0);
        assertTrue(r.err().contains("--workers takes 1 to 64, not 0"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }
}
