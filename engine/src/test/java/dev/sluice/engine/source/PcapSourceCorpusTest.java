package dev.sluice.engine.source;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.capture.Frame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Real captures from the shared corpus (skipped when it is absent). */
class PcapSourceCorpusTest {
    private static long count(Path f) throws IOException {
        try (PcapSource src = PcapSource.open(f)) {
            Frame fr = new Frame();
            long n = 0;
            while (src.next(fr)) {
                n++;
                assertEquals(n, fr.id);
            }
            assertNull(src.warning(), f + " should not be truncated");
            return n;
        }
    }

    @Test
    void readsPcapngWithItsTimestamps() throws IOException {
        Path f = TestCorpus.file("pcaps/dns_tcp.pcapng");
        try (PcapSource src = PcapSource.open(f)) {
            assertTrue(src.isPcapng());
            assertEquals(Frame.LINK_ETHERNET, src.linkType());
            Frame fr = new Frame();
            assertTrue(src.next(fr));
            assertEquals(1_349_705_329L, fr.tsSeconds);
            assertEquals(579_511_000, fr.tsNanos);
            assertEquals(0x4ce6, ((fr.data[0] & 0xff) << 8) | (fr.data[1] & 0xff));
        }
        assertEquals(14, count(f));
    }

    @Test
    void countsPacketsOfClassicCaptures() throws IOException {
        assertEquals(2, count(TestCorpus.file("pcaps/802.1ad_QinQ.pcap")));
        assertEquals(2, count(TestCorpus.file("pcaps/sv_vlan_3tags_icmp.pcap")));
        assertEquals(956, count(TestCorpus.file("pcaps/http_espn.pcap")));
        assertEquals(20, count(TestCorpus.file("pcaps/http_ip4and6.pcapng")));
    }

    @Test
    void reportsLinkTypes() throws IOException {
        try (PcapSource s = PcapSource.open(TestCorpus.file("pcaps/sv_log4j_simplehttp.pcap"))) {
            assertEquals(Frame.LINK_LINUX_SLL, s.linkType());
        }
        try (PcapSource s = PcapSource.open(TestCorpus.file("pcaps/sv_http_ipv6.pcap"))) {
            assertEquals(Frame.LINK_NULL, s.linkType());
        }
        try (PcapSource s = PcapSource.open(TestCorpus.file("pcaps/sv_ipv6_frag_tcp.pcap"))) {
            assertEquals(Frame.LINK_IPV6, s.linkType());
            Frame fr = new Frame();
            assertTrue(s.next(fr));
            assertEquals(Frame.LINK_IPV6, fr.linkType);
        }
    }

    @Test
    void corruptRecordEndsCaptureLikeSuricata() throws IOException {
        // The sixth record claims 2 bytes more than it has: the next header reads as garbage.
        Path f = TestCorpus.file("suricata-verify/tests/bug-1450-02/tls_DER-incomplete-content.pcap");
        try (PcapSource src = PcapSource.open(f)) {
            Frame fr = new Frame();
            int n = 0;
            while (src.next(fr)) {
                n++;
            }
            assertEquals(6, n);
            assertEquals(4274, fr.length);
            assertTrue(src.warning().contains("(at byte offset 5035)"), src.warning());
        }
    }

    @Test
    void readsEveryCaptureInTheCorpus() throws IOException {
        Path shared = TestCorpus.shared();
        Assumptions.assumeTrue(shared != null, "shared corpus not found");
        List<Path> files;
        try (Stream<Path> s = Files.walk(shared.resolve("corpus"))) {
            files = s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .sorted().collect(Collectors.toList());
        }
        assertTrue(files.size() > 30, "corpus captures found: " + files.size());
        Frame fr = new Frame();
        for (Path f : files) {
            try (PcapSource src = PcapSource.open(f)) {
                while (src.next(fr)) {
                    assertTrue(fr.length >= 0 && fr.length <= fr.data.length, f.toString());
                }
                assertTrue(src.count() > 0, f + " has packets");
            }
        }
    }
}
