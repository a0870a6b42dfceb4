package dev.sluice.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.engine.cli.ThresholdFileTest.Dgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.sluice.engine.cli.PcapCommandTest.eve;
import static dev.sluice.engine.cli.PcapCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code sluice pcap} with flowint, xbits and hostbits rules over small generated UDP captures:
 * counting across the packets of one flow, and bits set on one flow and read on another.
 */
class FlowintXbitsCliTest {
    private static List<JsonNode> pcap(Path dir, String rules, Dgram... dgrams) throws IOException {
        Path capture = ThresholdFileTest.capture(dir, dgrams);
        Path rulesFile = dir.resolve("t.rules");
        Files.writeString(rulesFile, rules);
        Path out = Files.createDirectories(dir.resolve("out"));
        PcapCommandTest.Run r = run("pcap", "-r", capture.toString(), "-S", rulesFile.toString(), "-l", out.toString());
        assertEquals(0, r.exit(), r.err());
        return eve(out);
    }

    /** pcap_cnt of each alert of {@code sid}, in order. */
    private static List<Long> alertsAt(List<JsonNode> eve, long sid) {
        return eve.stream().filter(n -> n.path("event_type").asText().equals("alert")
                && n.path("alert").path("signature_id").asLong() == sid)
                .map(n -> n.path("pcap_cnt").asLong()).toList();
    }

    @Test
    void flowintCountsThePacketsOfOneFlow(@TempDir Path dir) throws IOException {
        // The reader comes first in the file: writers are still evaluated first.
        String rules = """
                alert udp any any -> any any (msg:"third X"; content:"X"; flowint:cnt,==,3; sid:2;)
                alert udp any any -> any any (msg:"count X"; content:"X"; flowint:cnt,+,1; noalert; sid:1;)
                alert udp any any -> any any (msg:"Y before any X"; content:"Y"; flowint:cnt,notset; sid:3;)
                alert udp any any -> any any (msg:"Y after an X"; content:"Y"; flowint:cnt,isset; sid:4;)
                alert udp any any -> any any (msg:"count all"; flowint:all,+,1; noalert; sid:5;)
                alert udp any any -> any any (msg:"seventh packet"; flowint:all,==,7; sid:6;)
                """;
        List<JsonNode> eve = pcap(dir, rules,
                new Dgram("10.0.0.1", 4000, "10.0.0.2", 53, "Y", 0),     // 1: notset
                new Dgram("10.0.0.1", 4000, "10.0.0.2", 53, "X", 0),     // 2: cnt 1
                new Dgram("10.0.0.1", 4001, "10.0.0.2", 53, "X", 0),     // 3: other flow, its cnt 1
                new Dgram("10.0.0.1", 4000, "10.0.0.2", 53, "other", 1), // 4: no X, no count
                new Dgram("10.0.0.1", 4000, "10.0.0.2", 53, "X", 1),     // 5: cnt 2
                new Dgram("10.0.0.1", 4001, "10.0.0.2", 53, "X", 1),     // 6: other flow, cnt 2
                new Dgram("10.0.0.1", 4000, "10.0.0.2", 53, "X", 2),     // 7: cnt 3 -> alert
                new Dgram("10.0.0.1", 4000, "10.0.0.2", 53, "X", 2),     // 8: cnt 4
                new Dgram("10.0.0.1", 4000, "10.0.0.2", 53, "Y", 3));    // 9: isset
        assertEquals(List.of(7L), alertsAt(eve, 2));
        assertEquals(List.of(), alertsAt(eve, 1), "noalert");
        assertEquals(List.of(1L), alertsAt(eve, 3));
        assertEquals(List.of(9L), alertsAt(eve, 4));
        assertEquals(List.of(9L), alertsAt(eve, 6), "a rule that only changes a flowint runs on every packet");
    }

    @Test
    void xbitsSetOnOneFlowAreSeenOnAnotherBetweenTheSameHostsUntilTheyExpire(@TempDir Path dir) throws IOException {
        String rules = """
                alert udp any any -> any any (msg:"pair marked"; content:"data"; xbits:isset,seen,track ip_pair; sid:2;)
                alert udp any any -> any any (msg:"pair not marked"; content:"data"; xbits:isnotset,seen,track ip_pair; sid:3;)
                alert udp any any -> any any (msg:"mark pair"; content:"login"; xbits:set,seen,track ip_pair,expire 10; noalert; sid:1;)
                """;
        List<JsonNode> eve = pcap(dir, rules,
                new Dgram("10.0.0.1", 4000, "10.0.0.2", 53, "data", 0),   // 1: before any mark
                new Dgram("10.0.0.1", 4000, "10.0.0.2", 53, "login", 1),  // 2: marks 10.0.0.1/10.0.0.2 until 11
                new Dgram("10.0.0.2", 5000, "10.0.0.1", 80, "data", 2),   // 3: another flow, reverse direction
                new Dgram("10.0.0.3", 5000, "10.0.0.1", 80, "data", 3),   // 4: another pair
                new Dgram("10.0.0.1", 6000, "10.0.0.2", 8080, "data", 11), // 5: last live second
                new Dgram("10.0.0.1", 6001, "10.0.0.2", 8080, "data", 12)); // 6: expired
        assertEquals(List.of(3L, 5L), alertsAt(eve, 2));
        assertEquals(List.of(1L, 4L, 6L), alertsAt(eve, 3));
        assertEquals(List.of(), alertsAt(eve, 1));
    }

    @Test
    void hostbitsAndXbitsPerHostShareTheirBits(@TempDir Path dir) throws IOException {
        String rules = """
                alert udp any any -> any any (msg:"from a marked host"; content:"data"; xbits:isset,bad,track ip_src; sid:2;)
                alert udp any any -> any any (msg:"mark server"; content:"login"; hostbits:set,bad,dst; hostbits:noalert; sid:1;)
                """;
        List<JsonNode> eve = pcap(dir, rules,
                new Dgram("10.0.0.1", 4000, "10.0.0.2", 53, "login", 0),  // marks 10.0.0.2
                new Dgram("10.0.0.1", 4001, "10.0.0.2", 53, "data", 1),   // from 10.0.0.1: no
                new Dgram("10.0.0.2", 4002, "10.0.0.7", 53, "data", 2));  // from 10.0.0.2, any peer: yes
        assertEquals(List.of(3L), alertsAt(eve, 2));
        assertEquals(List.of(), alertsAt(eve, 1));
    }
}
