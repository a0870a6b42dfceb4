package dev.sluice.engine.output;

import org.junit.jupiter.api.Test;

import static dev.sluice.engine.output.Events.T;
import static dev.sluice.engine.output.Events.tcpAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FastLogFormatterTest {

    @Test
    void tcpAlertLine() {
        assertEquals("11/24/2009-21:27:09.534255  [**] [1:2001219:20] ET SCAN Potential SSH Scan [**] "
                        + "[Classification: Attempted Information Leak] [Priority: 2] {TCP} 192.168.1.10:54321 -> 10.0.0.5:22",
                FastLogFormatter.format(tcpAlert().build()));
    }

    @Test
    void udpAlertLine() {
        AlertEvent e = tcpAlert().proto(17).src("10.1.1.1", 5353).dst("224.0.0.251", 5353).build();
        assertEquals("11/24/2009-21:27:09.534255  [**] [1:2001219:20] ET SCAN Potential SSH Scan [**] "
                        + "[Classification: Attempted Information Leak] [Priority: 2] {UDP} 10.1.1.1:5353 -> 224.0.0.251:5353",
                FastLogFormatter.format(e));
    }

    @Test
    void icmpPrintsTypeAndCodeWhereThePortsGo() {
        AlertEvent e = tcpAlert().proto(1).src("192.168.1.1", 0).dst("192.168.1.2", 0).icmp(8, 0).build();
        assertEquals("11/24/2009-21:27:09.534255  [**] [1:2001219:20] ET SCAN Potential SSH Scan [**] "
                        + "[Classification: Attempted Information Leak] [Priority: 2] {ICMP} 192.168.1.1:8 -> 192.168.1.2:0",
                FastLogFormatter.format(e));
        AlertEvent unreach = tcpAlert().proto(1).src("192.168.1.1", 0).dst("192.168.1.2", 0).icmp(3, 13).build();
        assertEquals("{ICMP} 192.168.1.1:3 -> 192.168.1.2:13", tail(FastLogFormatter.format(unreach)));
    }

    @Test
    void ipv6AddressesArePrintedAsGiven() {
        String a = "2001:0db8:0000:0000:0000:0000:0000:0001";
        String b = "fe80:0000:0000:0000:0202:b3ff:fe1e:8329";
        AlertEvent e = tcpAlert().proto(58).src(a, 0).dst(b, 0).icmp(128, 0).build();
        assertEquals("{IPv6-ICMP} " + a + ":128 -> " + b + ":0", tail(FastLogFormatter.format(e)));
        AlertEvent t = tcpAlert().src(a, 443).dst(b, 50000).build();
        assertEquals("{TCP} " + a + ":443 -> " + b + ":50000", tail(FastLogFormatter.format(t)));
    }

    @Test
    void missingClassificationPrintsNull() {
        AlertEvent e = tcpAlert().alert(AlertEvent.Alert.ALLOWED, 1, 7, 1, "no class", null, 3).build();
        assertEquals("11/24/2009-21:27:09.534255  [**] [1:7:1] no class [**] [Classification: (null)] "
                + "[Priority: 3] {TCP} 192.168.1.10:54321 -> 10.0.0.5:22", FastLogFormatter.format(e));
    }

    @Test
    void dropMarksGoBeforeTheFirstStars() {
        AlertEvent drop = tcpAlert().mark(AlertEvent.FastMark.DROP).build();
        assertEquals("11/24/2009-21:27:09.534255  [Drop] [**] [1:2001219:20] ET SCAN Potential SSH Scan [**] "
                        + "[Classification: Attempted Information Leak] [Priority: 2] {TCP} 192.168.1.10:54321 -> 10.0.0.5:22",
                FastLogFormatter.format(drop));
        AlertEvent wdrop = tcpAlert().mark(AlertEvent.FastMark.WDROP).build();
        assertEquals("11/24/2009-21:27:09.534255  [wDrop] [**] [1:2001219:20] ET SCAN Potential SSH Scan [**] "
                        + "[Classification: Attempted Information Leak] [Priority: 2] {TCP} 192.168.1.10:54321 -> 10.0.0.5:22",
                FastLogFormatter.format(wdrop));
    }

    @Test
    void protocolsWithoutPortsPrintZeroPorts() {
        AlertEvent gre = tcpAlert().proto(47).src("1.2.3.4", 99).dst("5.6.7.8", 99).build();
        assertEquals("{GRE} 1.2.3.4:0 -> 5.6.7.8:0", tail(FastLogFormatter.format(gre)));
        AlertEvent sctp = tcpAlert().proto(132).src("1.2.3.4", 3868).dst("5.6.7.8", 3868).build();
        assertEquals("{SCTP} 1.2.3.4:3868 -> 5.6.7.8:3868", tail(FastLogFormatter.format(sctp)));
    }

    @Test
    void unknownProtocolPrintsItsNumberInThreeDigits() {
        AlertEvent e = tcpAlert().proto(253).src("1.2.3.4", 0).dst("5.6.7.8", 0).build();
        assertEquals("{PROTO:253} 1.2.3.4:0 -> 5.6.7.8:0", tail(FastLogFormatter.format(e)));
        assertEquals("PROTO:061", ProtoNames.fastLog(61));
    }

    @Test
    void protocolNamesFollowTheIanaKeywords() {
        assertEquals("HOPOPT", ProtoNames.name(0));
        assertEquals("ICMP", ProtoNames.name(1));
        assertEquals("IGMP", ProtoNames.name(2));
        assertEquals("TCP", ProtoNames.name(6));
        assertEquals("UDP", ProtoNames.name(17));
        assertEquals("IPv6", ProtoNames.name(41));
        assertEquals("GRE", ProtoNames.name(47));
        assertEquals("ESP", ProtoNames.name(50));
        assertEquals("AH", ProtoNames.name(51));
        assertEquals("IPv6-ICMP", ProtoNames.name(58));
        assertEquals("OSPFIGP", ProtoNames.name(89));
        assertEquals("PIM", ProtoNames.name(103));
        assertEquals("VRRP", ProtoNames.name(112));
        assertEquals("L2TP", ProtoNames.name(115));
        assertEquals("SCTP", ProtoNames.name(132));
        assertEquals("UDPLite", ProtoNames.name(136));
        assertEquals("Ethernet", ProtoNames.name(143));
        assertNull(ProtoNames.name(144));
        assertNull(ProtoNames.name(-1));
        assertNull(ProtoNames.name(256));
        assertEquals("253", ProtoNames.eve(253));
    }

    @Test
    void timestampIsUtcWithZeroPaddedMicroseconds() {
        AlertEvent e = tcpAlert().time(1_704_164_645L, 7).build();     // 2024-01-02 03:04:05 UTC
        assertEquals("01/02/2024-03:04:05.000007  [**]", FastLogFormatter.format(e).substring(0, 32));
        AlertEvent late = tcpAlert().time(946_684_799L, 999_999).build();
        assertEquals("12/31/1999-23:59:59.999999", FastLogFormatter.format(late).substring(0, 26));
        AlertEvent zero = tcpAlert().time(T, 0).build();
        assertEquals("11/24/2009-21:27:09.000000", FastLogFormatter.format(zero).substring(0, 26));
    }

    @Test
    void lineBreaksInTextNeverSplitTheLine() {
        AlertEvent e = tcpAlert().alert(AlertEvent.Alert.ALLOWED, 1, 7, 1, "a\nb\rc", "x\ny", 3).build();
        String line = FastLogFormatter.format(e);
        assertEquals(-1, line.indexOf('\n'));
        assertEquals(-1, line.indexOf('\r'));
        assertEquals("11/24/2009-21:27:09.534255  [**] [1:7:1] a b c [**] [Classification: x y] [Priority: 3] "
                + "{TCP} 192.168.1.10:54321 -> 10.0.0.5:22", line);
    }

    @Test
    void refusesARecordWithoutRule() {
        AlertEvent drop = tcpAlert().type(AlertEvent.Type.DROP).alert((AlertEvent.Alert) null).build();
        assertThrows(IllegalArgumentException.class, () -> FastLogFormatter.format(drop));
    }

    private static String tail(String line) {
        return line.substring(line.indexOf('{'));
    }
}
