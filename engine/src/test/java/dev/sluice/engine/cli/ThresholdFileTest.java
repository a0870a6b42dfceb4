package dev.sluice.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.sluice.engine.cli.PcapCommandTest.count;
import static dev.sluice.engine.cli.PcapCommandTest.eve;
import static dev.sluice.engine.cli.PcapCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sluice pcap} with sluice.yaml's {@code threshold-file}: suppress, threshold and rate_filter
 * entries acting on small generated captures of UDP datagrams carrying "attack" or "clean".
 */
class ThresholdFileTest {
    /** One datagram of the capture; each is {@code second} seconds after the capture's start. */
    record Dgram(String src, int sport, String dst, int dport, String payload, int second) { }

    /**
     * Writes a classic pcap (Ethernet) of IPv4/UDP datagrams.
     * <pre>
     * IPv4: ver/ihl | tos | total len | id | flags+frag | ttl | proto | csum | src | dst   (20)
     * UDP:  sport | dport | len | csum (0: none)                                          (8)
     * </pre>
     */
    static Path capture(Path dir, Dgram... dgrams) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer gh = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        gh.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(gh.array());
        int id = 1;
        for (Dgram d : dgrams) {
            byte[] pl = d.payload().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            int ipLen = 20 + 8 + pl.length;
            ByteBuffer f = ByteBuffer.allocate(14 + ipLen);
            f.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
            f.put((byte) 0x45).put((byte) 0).putShort((short) ipLen).putShort((short) id++).putShort((short) 0)
                    .put((byte) 64).put((byte) 17).putShort((short) 0).put(addr(d.src())).put(addr(d.dst()));
            f.putShort(24, checksum(f.array(), 14, 20));
            f.putShort((short) d.sport()).putShort((short) d.dport()).putShort((short) (8 + pl.length)).putShort((short) 0)
                    .put(pl);
            ByteBuffer rh = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            rh.putInt(1_700_000_000 + d.second()).putInt(0).putInt(f.capacity()).putInt(f.capacity());
            out.writeBytes(rh.array());
            out.writeBytes(f.array());
        }
        Path p = dir.resolve("t.pcap");
        Files.write(p, out.toByteArray());
        return p;
    }

    private static byte[] addr(String dotted) {
        String[] s = dotted.split("\\.");
        byte[] a = new byte[4];
        for (int i = 0; i < 4; i++) {
            a[i] = (byte) Integer.parseInt(s[i]);
        }
        return a;
    }

    private static short checksum(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = 0; i < len; i += 2) {
            sum += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (short) ~sum;
    }

    /** {@code n} "attack" datagrams from {@code src} one second apart, each from its own port. */
    private static Dgram[] attacks(String src, int n, int firstSecond) {
        Dgram[] d = new Dgram[n];
        for (int i = 0; i < n; i++) {
            d[i] = new Dgram(src, 40000 + firstSecond + i, "10.9.9.9", 53, "attack", firstSecond + i);
        }
        return d;
    }

    private static Dgram[] concat(Dgram[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(Dgram[]::new);
    }

    /** Rules file, threshold file and a sluice.yaml naming it (relative), in {@code dir}. */
    private static Path setUp(Path dir, String rules, String thresholds) throws IOException {
        Files.writeString(dir.resolve("t.rules"), rules);
        Files.writeString(dir.resolve("threshold.config"), thresholds);
        Path yaml = dir.resolve("sluice.yaml");
        Files.writeString(yaml, """
                threshold-file: threshold.config
                vars:
                  address-groups:
                    TRUSTED: "[10.0.0.2]"
                """);
        return yaml;
    }

    /** Runs {@code sluice pcap} into a fresh log folder ({@code out1}, {@code out2}, ...) and reads its eve.json. */
    private static List<JsonNode> pcap(Path dir, Path capture, String... extra) throws IOException {
        int n = 1;
        while (Files.exists(dir.resolve("out" + n))) {
            n++;
        }
        Path out = Files.createDirectories(dir.resolve("out" + n));
        List<String> args = new java.util.ArrayList<>(List.of("pcap", "-r", capture.toString(),
                "-S", dir.resolve("t.rules").toString(), "-l", out.toString()));
        args.addAll(List.of(extra));
        PcapCommandTest.Run r = run(args.toArray(new String[0]));
        assertEquals(0, r.exit(), r.err());
        return eve(out);
    }

    private static long alertsFrom(List<JsonNode> eve, long sid, String src) {
        return eve.stream().filter(n -> n.path("event_type").asText().equals("alert")
                && n.path("alert").path("signature_id").asLong() == sid && n.path("src_ip").asText().equals(src)).count();
    }

    private static List<Long> dropsAt(List<JsonNode> eve) {
        return eve.stream().filter(n -> n.path("event_type").asText().equals("drop"))
                .map(n -> n.path("pcap_cnt").asLong()).toList();
    }

    private static final String TWO_RULES = """
            alert udp any any -> any any (msg:"one"; content:"attack"; sid:1;)
            alert udp any any -> any any (msg:"two"; content:"attack"; sid:2;)
            """;

    @Test
    void suppressBySidRemovesThatRulesAlertsOnly(@TempDir Path dir) throws IOException {
        Path yaml = setUp(dir, TWO_RULES, "# quiet rule one\nsuppress gen_id 1, sig_id 1\n");
        Path cap = capture(dir, attacks("10.0.0.1", 3, 0));
        List<JsonNode> without = pcap(dir, cap);
        assertEquals(3, count(without, "alert", 1), "without the file sid 1 alerts");
        List<JsonNode> with = pcap(dir, cap, "-c", yaml.toString());
        assertEquals(0, count(with, "alert", 1));
        assertEquals(3, count(with, "alert", 2));
    }

    @Test
    void suppressByIpRemovesOnlyThatHostsAlerts(@TempDir Path dir) throws IOException {
        Path yaml = setUp(dir, TWO_RULES, """
                suppress gen_id 1, sig_id 1, track by_src, ip 10.0.0.1
                suppress gen_id 1, sig_id 2, track by_either, ip $TRUSTED
                """);
        Path cap = capture(dir, concat(attacks("10.0.0.1", 2, 0), attacks("10.0.0.2", 2, 2), attacks("10.0.0.3", 2, 4)));
        List<JsonNode> eve = pcap(dir, cap, "-c", yaml.toString());
        assertEquals(0, alertsFrom(eve, 1, "10.0.0.1"));
        assertEquals(2, alertsFrom(eve, 1, "10.0.0.2"));
        assertEquals(2, alertsFrom(eve, 1, "10.0.0.3"));
        assertEquals(2, alertsFrom(eve, 2, "10.0.0.1"));
        assertEquals(0, alertsFrom(eve, 2, "10.0.0.2"), "$TRUSTED comes from sluice.yaml's address groups");
        assertEquals(2, alertsFrom(eve, 2, "10.0.0.3"));
    }

    @Test
    void thresholdInTheFileOverridesTheRules(@TempDir Path dir) throws IOException {
        Path yaml = setUp(dir, """
                alert udp any any -> any any (msg:"noisy"; content:"attack"; threshold:type threshold, track by_src, count 5, seconds 60; sid:1;)
                """, "threshold gen_id 1, sig_id 1, type limit, track by_src, count 2, seconds 60\n");
        Path cap = capture(dir, attacks("10.0.0.1", 4, 0));
        assertEquals(0, count(pcap(dir, cap), "alert", 1), "the rule's own threshold needs 5 matches");
        assertEquals(2, count(pcap(dir, cap, "-c", yaml.toString()), "alert", 1), "the file's limit of 2 applies");
    }

    @Test
    void rateFilterDropDropsInlineAfterCountAndOnlyThePacket(@TempDir Path dir) throws IOException {
        Path yaml = setUp(dir, "alert udp any any -> any any (msg:\"flood\"; content:\"attack\"; sid:1;)\n", """
                rate_filter gen_id 1, sig_id 1, track by_src, count 2, seconds 60, \\
                    new_action drop, timeout 30
                """);
        // One flow: five attacks, a clean datagram, then an attack after the timeout.
        Dgram[] d = {
            new Dgram("10.0.0.1", 4000, "10.9.9.9", 53, "attack", 0),
            new Dgram("10.0.0.1", 4000, "10.9.9.9", 53, "attack", 1),
            new Dgram("10.0.0.1", 4000, "10.9.9.9", 53, "attack", 2),
            new Dgram("10.0.0.1", 4000, "10.9.9.9", 53, "attack", 3),
            new Dgram("10.0.0.1", 4000, "10.9.9.9", 53, "attack", 4),
            new Dgram("10.0.0.1", 4000, "10.9.9.9", 53, "clean", 5),
            new Dgram("10.0.0.1", 4000, "10.9.9.9", 53, "attack", 40),
        };
        Path cap = capture(dir, d);
        List<JsonNode> eve = pcap(dir, cap, "-c", yaml.toString(), "--ips");
        assertEquals(List.of(3L, 4L, 5L), dropsAt(eve), "dropped from the match past count, for the timeout; the flow lives on");
        assertEquals(6, count(eve, "alert", 1), "a rate filter does not stop alerts");
        List<String> actions = eve.stream().filter(n -> n.path("event_type").asText().equals("alert"))
                .map(n -> n.path("pcap_cnt").asLong() + ":" + n.path("alert").path("action").asText()).toList();
        assertEquals(List.of("1:allowed", "2:allowed", "3:blocked", "4:blocked", "5:blocked", "7:allowed"), actions);
        List<String> fast = Files.readAllLines(dir.resolve("out1").resolve("fast.log"));
        assertEquals(3, fast.stream().filter(l -> l.contains("[Drop]")).count(), String.join("\n", fast));

        List<JsonNode> ids = pcap(dir, cap, "-c", yaml.toString());
        assertEquals(List.of(), dropsAt(ids), "without --ips nothing is dropped");
    }

    @Test
    void rateFilterAlertLetsADropRulesPacketsThroughOnceTheRateIsExceeded(@TempDir Path dir) throws IOException {
        Path yaml = setUp(dir, "drop udp any any -> any any (msg:\"x\"; content:\"attack\"; sid:1;)\n",
                "rate_filter gen_id 1, sig_id 1, track by_rule, count 1, seconds 60, new_action alert, timeout 60\n");
        Path cap = capture(dir, attacks("10.0.0.1", 3, 0));
        List<JsonNode> eve = pcap(dir, cap, "-c", yaml.toString(), "--ips");
        assertEquals(List.of(1L), dropsAt(eve), "the first match drops; past the count the rule only alerts");
        assertEquals(3, count(eve, "alert", 1));
    }

    @Test
    void suppressedDropRuleStillDropsInline(@TempDir Path dir) throws IOException {
        Path yaml = setUp(dir, "drop udp any any -> any any (msg:\"x\"; content:\"attack\"; sid:1;)\n",
                "suppress gen_id 1, sig_id 1\n");
        Path cap = capture(dir, attacks("10.0.0.1", 2, 0));
        List<JsonNode> eve = pcap(dir, cap, "-c", yaml.toString(), "--ips");
        assertEquals(0, count(eve, "alert", 1), "suppressed: no alert");
        assertEquals(List.of(1L, 2L), dropsAt(eve), "but the rule's action still applies");
    }

    @Test
    void wildcardSigIdZeroReachesEveryRuleWithoutItsOwnThreshold(@TempDir Path dir) throws IOException {
        Path yaml = setUp(dir, """
                alert udp any any -> any any (msg:"one"; content:"attack"; sid:1;)
                alert udp any any -> any any (msg:"two"; content:"attack"; sid:2;)
                alert udp any any -> any any (msg:"own"; content:"attack"; threshold:type threshold, track by_src, count 2, seconds 60; sid:3;)
                """, "threshold gen_id 1, sig_id 0, type limit, track by_src, count 1, seconds 60\n");
        Path cap = capture(dir, attacks("10.0.0.1", 4, 0));
        List<JsonNode> eve = pcap(dir, cap, "-c", yaml.toString());
        assertEquals(1, count(eve, "alert", 1));
        assertEquals(1, count(eve, "alert", 2));
        assertEquals(2, count(eve, "alert", 3), "a rule's own threshold is not overridden by a wildcard");
    }

    @Test
    void setOptionNamesTheFile(@TempDir Path dir) throws IOException {
        setUp(dir, TWO_RULES, "suppress gen_id 0, sig_id 0, track by_dst, ip 10.9.9.0/24\n");
        Path cap = capture(dir, attacks("10.0.0.1", 2, 0));
        List<JsonNode> eve = pcap(dir, cap, "--set", "threshold-file=" + dir.resolve("threshold.config"));
        assertEquals(0, count(eve, "alert", -1));
    }

    @Test
    void entryForAnUnknownSidIsAWarning(@TempDir Path dir) throws IOException {
        Path yaml = setUp(dir, TWO_RULES, "suppress gen_id 1, sig_id 99\n");
        Path cap = capture(dir, attacks("10.0.0.1", 1, 0));
        PcapCommandTest.Run r = run("pcap", "-r", cap.toString(), "-S", dir.resolve("t.rules").toString(),
                "-l", dir.toString(), "-c", yaml.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("warning: " + dir.resolve("threshold.config") + ":1: no loaded rule has gid 1 sid 99"),
                r.err());
    }

    @Test
    void badEntryIsOneLineErrorWithFileAndLineAndExitTwo(@TempDir Path dir) throws IOException {
        Path yaml = setUp(dir, TWO_RULES, "suppress gen_id 1, sig_id 1\n\nsuppress gen_id 1, sig_id 2, track by_src\n");
        Path cap = capture(dir, attacks("10.0.0.1", 1, 0));
        PcapCommandTest.Run r = run("pcap", "-r", cap.toString(), "-S", dir.resolve("t.rules").toString(),
                "-l", dir.toString(), "-c", yaml.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals("sluice: " + dir.resolve("threshold.config")
                + ":3: suppress with 'track' needs 'ip' (an address, a CIDR, a [list] or a $variable)", r.err().strip());
        assertFalse(Files.exists(dir.resolve("eve.json")), "nothing runs");
    }

    @Test
    void missingFileIsOneLineErrorAndExitTwo(@TempDir Path dir) throws IOException {
        setUp(dir, TWO_RULES, "");
        Path cap = capture(dir, attacks("10.0.0.1", 1, 0));
        PcapCommandTest.Run r = run("pcap", "-r", cap.toString(), "-S", dir.resolve("t.rules").toString(),
                "-l", dir.toString(), "--set", "threshold-file=" + dir.resolve("nope.config"));
        assertEquals(2, r.exit(), r.err());
        assertEquals("sluice: " + dir.resolve("nope.config") + ": cannot read threshold-file: no such file", r.err().strip());
    }
}
