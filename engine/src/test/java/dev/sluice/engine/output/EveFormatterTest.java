package dev.sluice.engine.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.sluice.engine.output.Events.tcpAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EveFormatterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tcpAlertHasSuricatasFieldsInOrder() throws Exception {
        String line = EveFormatter.format(tcpAlert().build());
        JsonNode n = JSON.readTree(line);
        assertEquals(List.of("timestamp", "flow_id", "pcap_cnt", "event_type", "src_ip", "src_port", "dest_ip",
                "dest_port", "proto", "alert", "direction"), names(n));
        assertEquals("2009-11-24T21:27:09.534255+0000", n.get("timestamp").asText());
        assertEquals(1_676_750_115_612_680L, n.get("flow_id").asLong());
        assertTrue(n.get("flow_id").isIntegralNumber());
        assertEquals(53, n.get("pcap_cnt").asInt());
        assertEquals("alert", n.get("event_type").asText());
        assertEquals("192.168.1.10", n.get("src_ip").asText());
        assertEquals(54_321, n.get("src_port").asInt());
        assertEquals("10.0.0.5", n.get("dest_ip").asText());
        assertEquals(22, n.get("dest_port").asInt());
        assertEquals("TCP", n.get("proto").asText());
        assertEquals("to_server", n.get("direction").asText());
        JsonNode a = n.get("alert");
        assertEquals(List.of("action", "gid", "signature_id", "rev", "signature", "category", "severity"), names(a));
        assertEquals("allowed", a.get("action").asText());
        assertEquals(1, a.get("gid").asInt());
        assertEquals(2_001_219, a.get("signature_id").asLong());
        assertEquals(20, a.get("rev").asInt());
        assertEquals("ET SCAN Potential SSH Scan", a.get("signature").asText());
        assertEquals("Attempted Information Leak", a.get("category").asText());
        assertEquals(2, a.get("severity").asInt());
    }

    @Test
    void exactTextOfACompactLine() {
        AlertEvent e = AlertEvent.builder().time(Events.T, 1)
                .alert("blocked", 1, 5, 2, "m", null, 1).proto(17).src("1.1.1.1", 1).dst("2.2.2.2", 2).build();
        assertEquals("{\"timestamp\":\"2009-11-24T21:27:09.000001+0000\",\"event_type\":\"alert\",\"src_ip\":\"1.1.1.1\","
                + "\"src_port\":1,\"dest_ip\":\"2.2.2.2\",\"dest_port\":2,\"proto\":\"UDP\",\"alert\":{\"action\":\"blocked\","
                + "\"gid\":1,\"signature_id\":5,\"rev\":2,\"signature\":\"m\",\"category\":\"\",\"severity\":1}}",
                EveFormatter.format(e));
    }

    @Test
    void icmpHasTypeAndCodeAndNoPorts() throws Exception {
        AlertEvent e = tcpAlert().proto(1).src("192.168.1.1", 0).dst("192.168.1.2", 0).icmp(8, 0).build();
        JsonNode n = JSON.readTree(EveFormatter.format(e));
        assertEquals(List.of("timestamp", "flow_id", "pcap_cnt", "event_type", "src_ip", "dest_ip", "proto",
                "icmp_type", "icmp_code", "alert", "direction"), names(n));
        assertEquals("ICMP", n.get("proto").asText());
        assertEquals(8, n.get("icmp_type").asInt());
        assertEquals(0, n.get("icmp_code").asInt());
        JsonNode v6 = JSON.readTree(EveFormatter.format(tcpAlert().proto(58).icmp(135, 0).build()));
        assertEquals("IPv6-ICMP", v6.get("proto").asText());
        assertEquals(135, v6.get("icmp_type").asInt());
    }

    @Test
    void otherProtocolsHaveNeitherPortsNorIcmpFields() throws Exception {
        JsonNode n = JSON.readTree(EveFormatter.format(tcpAlert().proto(47).build()));
        assertFalse(n.has("src_port"));
        assertFalse(n.has("dest_port"));
        assertFalse(n.has("icmp_type"));
        assertEquals("GRE", n.get("proto").asText());
        assertEquals("253", JSON.readTree(EveFormatter.format(tcpAlert().proto(253).build())).get("proto").asText());
    }

    @Test
    void missingFlowAndPacketNumberAreLeftOut() throws Exception {
        JsonNode n = JSON.readTree(EveFormatter.format(tcpAlert().flowId(0).pcapCnt(0).direction(null).build()));
        assertFalse(n.has("flow_id"));
        assertFalse(n.has("pcap_cnt"));
        assertFalse(n.has("direction"));
        assertFalse(n.has("app_proto"));
    }

    @Test
    void appProtoComesAfterTheAlertAndBeforeDirection() throws Exception {
        JsonNode n = JSON.readTree(EveFormatter.format(tcpAlert().appProto("http").build()));
        List<String> names = names(n);
        assertEquals(List.of("alert", "app_proto", "direction"), names.subList(names.size() - 3, names.size()));
        assertEquals("http", n.get("app_proto").asText());
    }

    @Test
    void oddMessagesAreEscaped() throws Exception {
        String msg = "say \"hi\" \\ back\\slash\ttab\nnewline\u0001ctl\u001f é ü 中文 \uD83D\uDE00 </script>";
        AlertEvent e = tcpAlert().alert("allowed", 1, 9, 1, msg, "cat \"q\"", 3).build();
        String line = EveFormatter.format(e);
        assertEquals(-1, line.indexOf('\n'), "one object per line");
        assertFalse(line.chars().anyMatch(c -> c < 0x20), "no raw control characters");
        assertTrue(line.contains("\\\"hi\\\""));
        assertTrue(line.contains("\\\\ back\\\\slash"));
        assertTrue(line.contains("\\t") && line.contains("\\n") && line.contains("\\u0001") && line.contains("\\u001F"));
        JsonNode n = JSON.readTree(line);
        assertEquals(msg, n.get("alert").get("signature").asText());
        assertEquals("cat \"q\"", n.get("alert").get("category").asText());
    }

    @Test
    void dropRecordWithoutRuleHasADropObjectAndNoAlert() throws Exception {
        AlertEvent e = tcpAlert().type(AlertEvent.Type.DROP).alert((AlertEvent.Alert) null)
                .drop(new AlertEvent.DropDetail(4, 60, 0, 64, 4242, 1000L, 2000L, 512, 0x18, -1, -1, -1, "flow drop"))
                .build();
        JsonNode n = JSON.readTree(EveFormatter.format(e));
        assertEquals("drop", n.get("event_type").asText());
        assertFalse(n.has("alert"));
        JsonNode d = n.get("drop");
        assertEquals(List.of("len", "tos", "ttl", "ipid", "tcpseq", "tcpack", "tcpwin", "syn", "ack", "psh", "rst",
                "urg", "fin", "reason"), names(d));
        assertEquals(60, d.get("len").asInt());
        assertEquals(64, d.get("ttl").asInt());
        assertEquals(4242, d.get("ipid").asInt());
        assertEquals(1000L, d.get("tcpseq").asLong());
        assertTrue(d.get("ack").asBoolean());
        assertTrue(d.get("psh").asBoolean());
        assertFalse(d.get("syn").asBoolean());
        assertEquals("flow drop", d.get("reason").asText());
    }

    @Test
    void dropRecordWithRuleCarriesTheBlockedAlert() throws Exception {
        AlertEvent e = tcpAlert().type(AlertEvent.Type.DROP).alert("blocked", 1, 3, 1, "x", null, 3)
                .proto(17)
                .drop(new AlertEvent.DropDetail(6, 48, 0, 63, 0, 0, 0, 0, -1, 40, -1, -1, "rules"))
                .build();
        JsonNode n = JSON.readTree(EveFormatter.format(e));
        List<String> names = names(n);
        assertTrue(names.indexOf("drop") < names.indexOf("alert"));
        assertEquals("blocked", n.get("alert").get("action").asText());
        assertEquals(List.of("len", "tc", "hoplimit", "udplen", "reason"), names(n.get("drop")));
        assertEquals(40, n.get("drop").get("udplen").asInt());
    }

    @Test
    void timestampMatchesTheSchemaPatternAndIsUtc() {
        String ts = Timestamps.eve(1_704_164_645L, 42);
        assertEquals("2024-01-02T03:04:05.000042+0000", ts);
        assertTrue(ts.matches("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d+[+\\-]\\d+$"));
        assertEquals("1970-01-01T00:00:00.000000+0000", Timestamps.eve(0, 0));
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
