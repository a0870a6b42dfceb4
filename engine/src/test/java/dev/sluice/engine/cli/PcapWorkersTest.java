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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sluice pcap --workers N} raises exactly the alerts one worker raises. */
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

    /** Alerts as (sid, addresses, ports, protocol, packet number) lines: flow ids differ between runs. */
    private static Set<String> alerts(Path dir) throws IOException {
        Set<String> out = new TreeSet<>();
        for (JsonNode n : PcapCommandTest.eve(dir)) {
            if (n.path("event_type").asText().equals("alert")) {
                out.add(n.path("alert").path("signature_id").asLong() + " " + n.path("src_ip").asText() + ":" + n.path("src_port").asInt()
                        + " " + n.path("dest_ip").asText() + ":" + n.path("dest_port").asInt() + " " + n.path("proto").asText()
                        + " " + n.path("pcap_cnt").asLong());
            }
        }
        return out;
    }

    private static Set<String> runWith(int workers, Path capture, Path rules, Path out) throws IOException {
        PcapCommandTest.Run r = PcapCommandTest.run("pcap", "--workers", Integer.toString(workers), "-r", capture.toString(),
                "-S", rules.toString(), "-l", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("packets/s") && r.err().contains("Mbit/s"), r.err());
        return alerts(out);
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
        Set<String> one = runWith(1, dir.resolve("g.pcap"), dir.resolve("g.rules"), dir.resolve("one"));
        Set<String> three = runWith(3, dir.resolve("g.pcap"), dir.resolve("g.rules"), dir.resolve("three"));
        assertTrue(one.size() > 20, "the capture must raise alerts to compare: " + one.size());
        assertSameAlerts(one, three);
    }

    /** Equal sets, or a short list of the differences. */
    private static void assertSameAlerts(Set<String> one, Set<String> many) {
        Set<String> missing = new TreeSet<>(one);
        missing.removeAll(many);
        Set<String> extra = new TreeSet<>(many);
        extra.removeAll(one);
        assertTrue(missing.isEmpty() && extra.isEmpty(), missing.size() + " alerts missing, e.g. "
                + missing.stream().limit(5).toList() + "; " + extra.size() + " extra, e.g. " + extra.stream().limit(5).toList());
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void threeWorkersRaiseTheSameAlertsAsOneOnTheRealCaptures(@TempDir Path dir) throws Exception {
        Path pcaps = TestCorpus.file("pcaps/ipfragments.pcap").getParent();
        Path rules = dir.resolve("every.rules");
        Files.writeString(rules, EVERY_PACKET_RULES);
        // The whole folder: fragments (IPv4 and IPv6), QinQ, tunnels, HTTP, DNS, one capture after another.
        Set<String> one = runWith(1, pcaps, rules, dir.resolve("one"));
        Set<String> three = runWith(3, pcaps, rules, dir.resolve("three"));
        assertTrue(one.size() > 1000, "the captures must raise alerts to compare: " + one.size());
        assertSameAlerts(one, three);
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
