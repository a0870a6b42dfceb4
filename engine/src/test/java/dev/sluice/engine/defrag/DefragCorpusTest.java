package dev.sluice.engine.defrag;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.DecodeEvent;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.source.PcapSource;
import dev.sluice.engine.source.TestCorpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reassembling the fragments of real captures from the shared corpus (skipped when it is absent).
 * The expected counts come from a separate reading of each capture (a short Python script that
 * groups fragments by address, id and protocol and checks coverage from 0 to the last fragment's
 * end); it also found that every rebuilt datagram's transport checksum verifies.
 */
class DefragCorpusTest {
    /** What a capture gave: packet numbers that completed a datagram, and the datagrams. */
    private static final class Run {
        final List<Long> completedBy = new ArrayList<>();
        final List<String> summaries = new ArrayList<>();
        final List<Packet> fragments = new ArrayList<>();
        Defragmenter defrag;
    }

    /** Reassembles a clean capture: every datagram must come out with verifying checksums. */
    private static Run run(String relative) throws IOException {
        return run(relative, true);
    }

    private static Run run(String relative, boolean clean) throws IOException {
        Path f = TestCorpus.file(relative);
        Run r = new Run();
        r.defrag = new Defragmenter(DefragConfig.DEFAULTS, DecodeOptions.DEFAULT);
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
                if (!p.fragment) {
                    continue;
                }
                r.fragments.add(p);
                long now = fr.tsSeconds * 1_000_000L + fr.tsNanos / 1000;
                Packet out = r.defrag.process(p, now);
                if (out != null) {
                    assertTrue(out.defragmented);
                    assertFalse(out.fragment, relative + " #" + p.number);
                    assertFalse(out.ipChecksumBad, relative + " #" + p.number);
                    if (clean) {
                        assertFalse(out.l4ChecksumBad, relative + " #" + p.number + " transport checksum");
                    }
                    assertEquals(p.number, out.number);
                    r.completedBy.add(out.number);
                    r.summaries.add(out.ipVersion + "/" + out.ipProto + "/" + out.ipTotalLength + "/"
                            + (out.isTcp() || out.isUdp() ? out.srcPort + ">" + out.dstPort : "t" + out.icmpType));
                }
            }
        }
        return r;
    }

    @Test
    void ipv4IcmpEchoesInThreeFragments() throws IOException {
        Run r = run("pcaps/ipfragments.pcap");
        assertEquals(List.of(3L, 6L, 9L, 12L, 15L, 18L, 21L, 24L), r.completedBy);
        for (int i = 0; i < 8; i++) {
            // 3080 bytes of ICMP in a 3100-byte datagram; requests and replies alternate.
            assertEquals("4/1/3100/t" + (i % 2 == 0 ? 8 : 0), r.summaries.get(i));
        }
        assertEquals(0, r.defrag.trackersActive());
        assertEquals(0, r.defrag.overlaps());
    }

    @Test
    void ipv4FragmentedPingAndItsReply() throws IOException {
        Run r = run("pcaps/ip_frag_source.pcap");
        assertEquals(List.of(3L, 6L), r.completedBy);
        assertEquals(List.of("4/1/3528/t8", "4/1/3528/t0"), r.summaries);
    }

    @Test
    void ipv6IcmpEchoesInPcapng() throws IOException {
        Run r = run("pcaps/ipv6_fragments.pcapng");
        assertEquals(List.of(2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L), r.completedBy);
        for (int i = 0; i < 10; i++) {
            assertEquals("6/58/1548/t" + (i % 2 == 0 ? 128 : 129), r.summaries.get(i));
        }
        assertEquals(0, r.defrag.trackersActive());
    }

    @Test
    void ipv6TcpSegmentInThreeFragments() throws IOException {
        Run r = run("pcaps/sv_ipv6_frag_tcp.pcap");
        assertEquals(List.of(3L), r.completedBy);
        assertEquals(List.of("6/6/1060/12345>8080"), r.summaries);
    }

    @Test
    void vlanTaggedTcpSynInEightByteFragments() throws IOException {
        Run r = run("pcaps/sv_vlan_ipv4_frag_tcp_syn.pcap");
        assertEquals(List.of(3L), r.completedBy);
        assertEquals(List.of("4/6/44/12345>8080"), r.summaries);
    }

    @Test
    void teardropOverlapsAndNeverCompletes() throws IOException {
        Run r = run("pcaps/teardrop.pcap");
        assertEquals(List.of(), r.completedBy);
        assertEquals(2, r.fragments.size());
        assertFalse(r.fragments.get(0).hasEvent(DecodeEvent.IPV4_FRAG_OVERLAP));
        assertTrue(r.fragments.get(1).hasEvent(DecodeEvent.IPV4_FRAG_OVERLAP));
        assertEquals(9, r.fragments.get(1).number);
        assertEquals(1, r.defrag.overlaps());
        assertEquals(1, r.defrag.trackersActive());
    }

    @Test
    void suricataVerifyOverlapCasesRaiseTheEventOnce() throws IOException {
        // ipv6-malformed-fragments-{4,7,8,18,29} each expect one ipv6.frag_overlap alert.
        for (int n : new int[] {4, 7, 8, 18, 29}) {
            Run r = run("suricata-verify/tests/ipv6-evasion/ipv6-malformed-fragments-" + n + "/frag-" + n + ".pcap", false);
            long withEvent = r.fragments.stream().filter(p -> p.hasEvent(DecodeEvent.IPV6_FRAG_OVERLAP)).count();
            assertEquals(1, withEvent, "frag-" + n);
        }
    }

    @Test
    void suricataVerifyTooLargeCasesRaiseTheEventOnce() throws IOException {
        // ipv6-malformed-fragments-{15,16} each expect one ipv6.frag_pkt_too_large alert; 30 ends
        // exactly at 65535 and must not raise it.
        for (int n : new int[] {15, 16, 30}) {
            Run r = run("suricata-verify/tests/ipv6-evasion/ipv6-malformed-fragments-" + n + "/frag-" + n + ".pcap", false);
            long withEvent = r.fragments.stream().filter(p -> p.hasEvent(DecodeEvent.IPV6_FRAG_PKT_TOO_LARGE)).count();
            assertEquals(n == 30 ? 0 : 1, withEvent, "frag-" + n);
        }
    }
}
