package dev.sluice.engine.output;

import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.flow.Flow;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.engine.flow.TestPackets;
import dev.sluice.signatures.Action;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class AlertEventsTest {
    private static final AlertEvent.Alert RULE =
            new AlertEvent.Alert("allowed", 1, 100, 2, "test rule", "Misc activity", 3);

    @Test
    void alertTakesAddressesPortsTimeAndDirectionFromThePacket() {
        FlowTable table = new FlowTable(FlowConfig.DEFAULTS);
        table.lookup(TestPackets.tcp("10.0.0.1", 40000, "192.168.1.9", 80, TestPackets.SYN, 1_000_000L));
        Packet reply = TestPackets.tcp("192.168.1.9", 80, "10.0.0.1", 40000, TestPackets.SYN | TestPackets.ACK,
                1_259_098_029_000_042L);
        reply.number = 2;
        Flow f = table.lookup(reply);
        AlertEvent e = AlertEvents.alert(RULE, AlertEvent.FastMark.NONE, reply, f);
        assertEquals(AlertEvent.Type.ALERT, e.type());
        assertEquals("192.168.1.9", e.srcIp());
        assertEquals(80, e.srcPort());
        assertEquals("10.0.0.1", e.dstIp());
        assertEquals(40000, e.dstPort());
        assertEquals(6, e.ipProto());
        assertEquals(1_259_098_029L, e.tsSeconds());
        assertEquals(42, e.tsMicros());
        assertEquals(2, e.pcapCnt());
        assertEquals(f.id(), e.flowId());
        assertEquals("to_client", e.direction());
        assertSame(RULE, e.alert());
        assertEquals("11/24/2009-21:27:09.000042  [**] [1:100:2] test rule [**] [Classification: Misc activity] "
                + "[Priority: 3] {TCP} 192.168.1.9:80 -> 10.0.0.1:40000", FastLogFormatter.format(e));
    }

    @Test
    void ipv6AddressesAreWrittenOutInFull() {
        Packet p = TestPackets.udp("2001:db8::1", 5000, "fe80::202:b3ff:fe1e:8329", 53, 1_000_000L);
        AlertEvent e = AlertEvents.alert(RULE, AlertEvent.FastMark.NONE, p, null);
        assertEquals("2001:0db8:0000:0000:0000:0000:0000:0001", e.srcIp());
        assertEquals("fe80:0000:0000:0000:0202:b3ff:fe1e:8329", e.dstIp());
        assertEquals(0, e.flowId());
        assertNull(e.direction());
    }

    @Test
    void icmpAlertCarriesTypeAndCodeAndNoPorts() {
        Packet p = TestPackets.packet("10.0.0.1", 8, "10.0.0.2", 0, TestPackets.ICMP, 0, 56, 1_000_000L);
        AlertEvent e = AlertEvents.alert(RULE, AlertEvent.FastMark.NONE, p, null);
        assertEquals(8, e.icmpType());
        assertEquals(0, e.icmpCode());
        assertEquals(0, e.srcPort());
        assertEquals("{ICMP} 10.0.0.1:8 -> 10.0.0.2:0",
                FastLogFormatter.format(e).substring(FastLogFormatter.format(e).indexOf('{')));
    }

    @Test
    void dropRecordDescribesThePacket() {
        Packet p = TestPackets.packet("10.0.0.1", 40000, "192.168.1.9", 80, TestPackets.TCP,
                TestPackets.PSH | TestPackets.ACK, 100, 1_000_000L);
        p.ttl = 63;
        p.ipId = 777;
        p.tcpSeq = 123_456L;
        p.tcpWindow = 4096;
        AlertEvent e = AlertEvents.drop((AlertEvent.Alert) null, p, null, AlertEvents.REASON_FLOW_DROP);
        assertEquals(AlertEvent.Type.DROP, e.type());
        assertNull(e.alert());
        AlertEvent.DropDetail d = e.drop();
        assertEquals(140, d.len());
        assertEquals(63, d.ttl());
        assertEquals(777, d.ipId());
        assertEquals(123_456L, d.tcpSeq());
        assertEquals(4096, d.tcpWin());
        assertEquals(0x18, d.tcpFlags());
        assertEquals(-1, d.udpLen());
        assertEquals("flow drop", d.reason());
    }

    @Test
    void actionWordFollowsSuricata() {
        assertEquals("allowed", AlertEvents.actionWord(Action.ALERT, false));
        assertEquals("allowed", AlertEvents.actionWord(Action.ALERT, true));
        assertEquals("allowed", AlertEvents.actionWord(Action.DROP, false));
        assertEquals("blocked", AlertEvents.actionWord(Action.DROP, true));
        assertEquals("blocked", AlertEvents.actionWord(Action.REJECT, false));
        assertEquals("blocked", AlertEvents.actionWord(Action.REJECTBOTH, true));
    }

    @Test
    void fastMarkIsDropInlineAndWDropOtherwise() {
        assertEquals(AlertEvent.FastMark.NONE, AlertEvents.markOf(Action.ALERT, true));
        assertEquals(AlertEvent.FastMark.DROP, AlertEvents.markOf(Action.DROP, true));
        assertEquals(AlertEvent.FastMark.WDROP, AlertEvents.markOf(Action.DROP, false));
        assertEquals(AlertEvent.FastMark.WDROP, AlertEvents.markOf(Action.REJECT, false));
    }
}
