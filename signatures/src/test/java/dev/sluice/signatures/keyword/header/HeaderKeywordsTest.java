package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.Rule;
import dev.sluice.signatures.header.Protocol;
import dev.sluice.signatures.match.FakePacket;
import dev.sluice.signatures.match.PacketView;
import org.junit.jupiter.api.Test;

import static dev.sluice.signatures.match.TestRules.load;
import static dev.sluice.signatures.match.TestRules.matches;
import static dev.sluice.signatures.match.TestRules.refusal;
import static dev.sluice.signatures.match.TestRules.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeaderKeywordsTest {
    private static boolean on(String opts, PacketView p) throws Exception {
        return matches(rule(load(), Protocol.IP, opts), p);
    }

    private static FakePacket tcpFlags(int flags) {
        FakePacket p = FakePacket.tcp("x");
        p.tcpFlags = flags;
        return p;
    }

    @Test
    void flagsModes() throws Exception {
        int sa = PacketView.TH_SYN | PacketView.TH_ACK;
        assertTrue(on("flags:SA;", tcpFlags(sa)));
        assertFalse(on("flags:S;", tcpFlags(sa)));
        assertTrue(on("flags:S+;", tcpFlags(sa)));
        assertTrue(on("flags:+S;", tcpFlags(sa)));
        assertTrue(on("flags:*SR;", tcpFlags(sa)));
        assertFalse(on("flags:*FR;", tcpFlags(sa)));
        assertTrue(on("flags:!R;", tcpFlags(sa)));
        assertFalse(on("flags:!S;", tcpFlags(sa)));
        assertTrue(on("flags:0;", tcpFlags(0)));
        assertFalse(on("flags:0;", tcpFlags(PacketView.TH_ACK)));
    }

    @Test
    void flagsMaskIgnoresCweAndEce() throws Exception {
        int syn = PacketView.TH_SYN | PacketView.TH_CWR | PacketView.TH_ECE;
        assertFalse(on("flags:S;", tcpFlags(syn)));
        assertTrue(on("flags:S,12;", tcpFlags(syn)));
        assertTrue(on("flags: S,CE;", tcpFlags(syn)));
        assertTrue(on("flags:SCE;", tcpFlags(syn)));
        assertTrue(on("flags:S12;", tcpFlags(syn)));
    }

    @Test
    void flagsOnlyOnTcp() throws Exception {
        FakePacket udp = FakePacket.udp(new byte[] {1});
        assertFalse(on("flags:!S;", udp));
    }

    @Test
    void refusesBadFlags() {
        assertEquals("flags: unknown flag 'X'", refusal("flags:SX;"));
        assertTrue(refusal("flags:+*S;").contains("more than one modifier"));
        assertTrue(refusal("flags:S,;").contains("empty mask"));
        assertTrue(refusal("flags:0S;").contains("can't be combined"));
    }

    @Test
    void ttlAndFriends() throws Exception {
        FakePacket p = FakePacket.tcp("x");
        p.ttl = 128;
        assertTrue(on("ttl:128;", p));
        assertTrue(on("ttl:>100;", p));
        assertTrue(on("ttl:100-200;", p));
        assertFalse(on("ttl:<128;", p));
        assertFalse(on("ttl:!128;", p));
        p.ipId = 666;
        assertTrue(on("id:666;", p));
        assertFalse(on("id:667;", p));
        p.tos = 0x10;
        assertTrue(on("tos:16;", p));
        assertTrue(on("tos:x10;", p));
        assertFalse(on("tos:!x10;", p));
        assertTrue(refusal("ttl:300;").contains("out of range"));
    }

    @Test
    void tcpFields() throws Exception {
        FakePacket p = FakePacket.tcp("x");
        p.seq = 3308437468L;
        p.ack = 42;
        p.window = 2048;
        assertTrue(on("seq:3308437468;", p));
        assertTrue(on("ack:42;", p));
        assertTrue(on("window:2048;", p));
        assertTrue(on("window:!0;", p));
        assertFalse(on("window:1024;", p));
        assertFalse(on("tcp.mss:<536;", p));
        p.mss = 500;
        assertTrue(on("tcp.mss:<536;", p));
    }

    @Test
    void icmpTypeCodeIdSeq() throws Exception {
        FakePacket echo = FakePacket.icmp(8, 0, new byte[4]);
        echo.icmpId = 7;
        echo.icmpSeq = 1;
        assertTrue(on("itype:8;", echo));
        assertTrue(on("itype:<15;", echo));
        assertTrue(on("itype:>7;", echo));
        assertTrue(on("itype:7<>20;", echo));
        assertFalse(on("itype:8<>20;", echo));
        assertTrue(on("icode:0;", echo));
        assertTrue(on("icmp_id:7; icmp_seq:1;", echo));
        assertFalse(on("icmp_id:8;", echo));
        assertFalse(on("itype:8;", FakePacket.tcp("x")));
        FakePacket unreach = FakePacket.icmp(3, 1, new byte[4]);
        assertFalse(on("icmp_id:0;", unreach));
    }

    @Test
    void ipProtoByNumberAndName() throws Exception {
        FakePacket p = FakePacket.tcp("x");
        assertTrue(on("ip_proto:6;", p));
        assertTrue(on("ip_proto:tcp;", p));
        assertTrue(on("ip_proto:!17;", p));
        assertTrue(on("ip_proto:<7;", p));
        assertFalse(on("ip_proto:>134;", p));
        assertTrue(refusal("ip_proto:nosuch;").contains("unknown protocol"));
    }

    @Test
    void ipoptsUsesTheFixedBitLayout() throws Exception {
        FakePacket p = FakePacket.tcp("x");
        p.ipOptions = PacketView.IPOPT_RR | PacketView.IPOPT_EOL;
        assertTrue(on("ipopts:rr;", p));
        assertTrue(on("ipopts:eol;", p));
        assertTrue(on("ipopts:any;", p));
        assertFalse(on("ipopts:lsrr;", p));
        p.ipOptions = 0;
        assertFalse(on("ipopts:any;", p));
        assertTrue(refusal("ipopts:foo;").contains("unknown option"));
    }

    @Test
    void fragbitsAndFragoffset() throws Exception {
        FakePacket p = FakePacket.tcp("x");
        p.ipFlags = 0x1; // more fragments
        p.fragOffset = 10;
        assertTrue(on("fragbits:M;", p));
        assertFalse(on("fragbits:D;", p));
        assertTrue(on("fragbits:*MD;", p));
        assertTrue(on("fragbits:!D;", p));
        assertTrue(on("fragoffset:>0;", p));
        assertTrue(on("fragoffset:10;", p));
        assertFalse(on("fragoffset:!10;", p));
        assertTrue(refusal("fragbits:Q;").contains("unknown flag"));
    }

    @Test
    void sameipComparesAddresses() throws Exception {
        FakePacket p = FakePacket.tcp("x");
        assertFalse(on("sameip;", p));
        p.ipBytes(16, 10, 0, 0, 1);
        assertTrue(on("sameip;", p));
    }

    @Test
    void dsizeOnPayloadLength() throws Exception {
        FakePacket p = FakePacket.tcp("0123456789");
        assertTrue(on("dsize:10;", p));
        assertTrue(on("dsize:>0;", p));
        assertTrue(on("dsize:9<>18;", p));
        assertFalse(on("dsize:<10;", p));
        assertTrue(on("dsize:!11;", p));
    }

    @Test
    void vlanLayersAndIds() throws Exception {
        FakePacket p = FakePacket.tcp("x");
        p.vlans = new int[] {100, 200, 300};
        assertTrue(on("vlan.layers:3;", p));
        assertTrue(on("vlan.layers:>2;", p));
        assertTrue(on("vlan.layers:!1;", p));
        assertFalse(on("vlan.layers:0;", p));
        assertTrue(on("vlan.id:200;", p));
        assertTrue(on("vlan.id:300,-1;", p));
        assertFalse(on("vlan.id:300,0;", p));
        assertTrue(on("vlan.id:100,0;", p));
        assertTrue(refusal("vlan.id:5000;").contains("out of range"));
    }

    @Test
    void icmpv6MtuAndDecodeEvents() throws Exception {
        FakePacket p = FakePacket.tcp("x");
        assertFalse(on("icmpv6.mtu:<1280;", p));
        p.icmpv6Mtu = 1000;
        assertTrue(on("icmpv6.mtu:<1280;", p));
        p.decodeEvent = "ipv6.frag_overlap";
        assertTrue(on("decode-event:ipv6.frag_overlap;", p));
        assertTrue(on("decode-event:decoder.ipv6.frag_overlap;", p));
        assertFalse(on("decode-event:ipv6.trunc_exthdr;", p));
        assertTrue(refusal("decode-event:nodot;").contains("layer.event"));
    }

    @Test
    void headerBufferKeywordsTakeNoValue() {
        assertEquals("tcp.hdr takes no value", refusal("tcp.hdr:1;"));
    }

    @Test
    void pktDataReturnsToThePayload() throws Exception {
        Rule r = rule("tcp.hdr; content:\"|00|\"; pkt_data; content:\"abc\";");
        assertTrue(r.programs.containsKey(dev.sluice.signatures.match.Buffer.PAYLOAD));
        assertTrue(r.programs.containsKey(dev.sluice.signatures.match.Buffer.TCP_HDR));
    }
}
