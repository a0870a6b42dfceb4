package dev.sluice.engine.decode;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.capture.Frame;
import dev.sluice.engine.source.PcapSource;
import dev.sluice.engine.source.TestCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Decoding real captures from the shared corpus (skipped when it is absent). */
class DecoderCorpusTest {
    /** Decodes every packet of a capture into its own Packet. */
    private static List<Packet> decodeAll(Path f) throws IOException {
        List<Packet> out = new ArrayList<>();
        Decoder dec = new Decoder(DecodeOptions.DEFAULT);
        try (PcapSource src = PcapSource.open(f)) {
            while (true) {
                Frame fr = new Frame();
                if (!src.next(fr)) {
                    break;
                }
                Packet p = new Packet();
                p.reset(fr, fr.id);
                dec.decode(p);
                out.add(p);
            }
        }
        return out;
    }

    private static String src(Packet p) {
        return IpAddr.format(p.frame.data, p.srcAddrOffset, p.ipVersion);
    }

    private static String dst(Packet p) {
        return IpAddr.format(p.frame.data, p.dstAddrOffset, p.ipVersion);
    }

    @Test
    void threeStackedVlanTags() throws IOException {
        List<Packet> ps = decodeAll(TestCorpus.file("pcaps/sv_vlan_3tags_icmp.pcap"));
        Packet p = ps.get(0);
        assertEquals(3, p.vlanCount);
        assertArrayEquals(new int[] {200, 300, 400}, p.vlanIds);
        assertEquals(8, p.icmpType);
        assertEquals("1.1.1.1", src(p));
        assertEquals(0, ps.get(1).vlanCount);
        assertEquals(0, ps.get(1).icmpType);
    }

    @Test
    void qinqArpHasBothTagsAndNoIp() throws IOException {
        Packet p = decodeAll(TestCorpus.file("pcaps/802.1ad_QinQ.pcap")).get(0);
        assertEquals(2, p.vlanCount);
        assertEquals(200, p.vlanIds[0]);
        assertEquals(2001, p.vlanIds[1]);
        assertEquals(0, p.ipVersion);
        assertEquals(0, p.events);
    }

    @Test
    void linuxCookedCapture() throws IOException {
        Packet p = decodeAll(TestCorpus.file("pcaps/sv_log4j_simplehttp.pcap")).get(0);
        assertEquals("172.16.238.1", src(p));
        assertEquals("172.16.238.10", dst(p));
        assertTrue(p.isTcp());
        assertEquals(1984, p.srcPort);
        assertEquals(8080, p.dstPort);
        assertEquals(Packet.TH_SYN, p.tcpFlags);
        assertEquals(1460, p.tcpMss);
        assertEquals(0, p.events);
    }

    @Test
    void bsdLoopbackIpv6() throws IOException {
        Packet p = decodeAll(TestCorpus.file("pcaps/sv_http_ipv6.pcap")).get(0);
        assertEquals(6, p.ipVersion);
        assertEquals("0000:0000:0000:0000:0000:0000:0000:0001", src(p));
        assertEquals(55717, p.srcPort);
        assertEquals(8000, p.dstPort);
    }

    @Test
    void rawIpv6Fragments() throws IOException {
        List<Packet> ps = decodeAll(TestCorpus.file("pcaps/sv_ipv6_frag_tcp.pcap"));
        assertTrue(ps.get(0).fragment);
        assertEquals(0, ps.get(0).fragOffset);
        assertTrue(ps.get(0).isTcp());
        assertEquals(12345, ps.get(0).srcPort);
        assertEquals(8080, ps.get(0).dstPort);
        assertEquals(0xa1bc6572, ps.get(0).ipId);
        assertEquals(58, ps.get(1).fragOffset);
        assertFalse(ps.get(1).isTcp());
        assertEquals(116, ps.get(2).fragOffset);
        assertEquals(0, ps.get(2).ipFlags);
        assertEquals(140 - 48, ps.get(2).payloadLength);
    }

    @Test
    void greTunnelDescribesInnerUdp() throws IOException {
        Path f = TestCorpus.file("suricata-verify/tests/bug-5633-gre-01/gre-udp.pcap");
        List<Packet> ps = decodeAll(f);
        assertEquals(3, ps.size());
        for (Packet p : ps) {
            assertEquals(1, p.vlanCount);
            assertEquals("2.2.2.3", src(p));
            assertEquals("2.2.2.2", dst(p));
            assertTrue(p.isUdp());
            assertEquals(12345, p.srcPort);
            assertEquals(514, p.dstPort);
        }
        assertEquals("EVIL", new String(ps.get(0).frame.data, ps.get(0).payloadOffset, 4, "US-ASCII"));
    }

    @Test
    void erspanMirroredHttp() throws IOException {
        Packet p = decodeAll(TestCorpus.file("pcaps/sv_jaws_shell_midstream.pcap")).get(0);
        assertEquals("183.171.100.129", src(p));
        assertEquals("1.19.8.213", dst(p));
        assertTrue(p.isTcp());
        assertEquals(80, p.dstPort);
        assertEquals(1, p.vlanCount);
        assertEquals(6, p.vlanIds[0]);
        assertEquals("GET /shell", new String(p.frame.data, p.payloadOffset, 10, "US-ASCII"));
    }

    @Test
    void teredoInnerIpv6() throws IOException {
        List<Packet> ps = decodeAll(TestCorpus.file("pcaps/wireshark_teredo.pcap"));
        Packet data = ps.get(29);
        assertEquals(6, data.ipVersion);
        assertEquals(58, data.ipProto);
        assertEquals("2001:0000:4137:9e50:8000:f12a:b9c8:2815", src(data));
        Packet bubble = ps.get(30);
        assertEquals(4, bubble.ipVersion, "a Teredo bubble stays UDP");
        Packet auth = ps.get(5);
        assertEquals(4, auth.ipVersion);
    }

    @Test
    void ipOptionsOfSuricataIpoptsTest() throws IOException {
        List<Packet> ps = decodeAll(TestCorpus.file("suricata-verify/tests/detect-ipopts/input.pcap"));
        long[] expected = {
            IpOptions.RR | IpOptions.EOL,
            IpOptions.LSRR | IpOptions.EOL,
            IpOptions.EOL,
            IpOptions.NOP | IpOptions.EOL,
            IpOptions.TS,
            IpOptions.SEC | IpOptions.EOL,
            IpOptions.SSRR | IpOptions.EOL,
            IpOptions.SATID,
        };
        assertEquals(expected.length, ps.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], ps.get(i).ipOptions, "packet " + (i + 1));
            assertTrue(ps.get(i).isTcp(), "packet " + (i + 1));
        }
    }

    @Test
    void emptySackIsNotAnInvalidOption() throws IOException {
        for (Packet p : decodeAll(TestCorpus.file("suricata-verify/tests/tcp-empty-sack/tcp-opt.pcap"))) {
            assertFalse(p.hasEvent(DecodeEvent.TCP_OPT_INVALID), "packet " + p.number);
        }
    }

    @Test
    void decodesEveryCorpusPacketWithinBounds() throws IOException {
        Path shared = TestCorpus.shared();
        Assumptions.assumeTrue(shared != null, "shared corpus not found");
        List<Path> files;
        try (Stream<Path> s = Files.walk(shared.resolve("corpus"))) {
            files = s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .sorted().collect(Collectors.toList());
        }
        Decoder dec = new Decoder(DecodeOptions.DEFAULT);
        Frame fr = new Frame();
        Packet p = new Packet();
        long ip = 0;
        long total = 0;
        for (Path f : files) {
            try (PcapSource src = PcapSource.open(f)) {
                while (src.next(fr)) {
                    p.reset(fr, fr.id);
                    dec.decode(p);
                    total++;
                    if (p.ipVersion != 0) {
                        ip++;
                    }
                    assertTrue(p.payloadOffset + p.payloadLength <= fr.length, f + " #" + fr.id);
                    assertFalse(p.hasEvent(DecodeEvent.LINK_UNKNOWN_TYPE), f + " #" + fr.id);
                }
            }
        }
        assertTrue(ip > total * 9 / 10, ip + " of " + total + " packets have an IP layer");
    }
}
