package dev.sluice.engine.defrag;

import static dev.sluice.engine.defrag.Frags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.DecodeEvent;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DefragmenterTest {
    private static final byte[] NO_OPTIONS = new byte[0];

    private static Defragmenter defrag() {
        return new Defragmenter(DefragConfig.DEFAULTS, DecodeOptions.DEFAULT);
    }

    /** Feeds the packets in order; returns what the last one produced, asserting the others gave null. */
    private static Packet feed(Defragmenter d, List<Packet> ps) {
        Packet r = null;
        for (int i = 0; i < ps.size(); i++) {
            r = d.process(ps.get(i), ps.get(i).frame.tsSeconds * 1_000_000L);
            if (i < ps.size() - 1) {
                assertNull(r, "fragment " + (i + 1) + " of " + ps.size() + " completed early");
            }
        }
        return r;
    }

    private static List<Packet> decode4(List<byte[]> raw) {
        List<Packet> ps = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            ps.add(raw4(raw.get(i), i + 1));
        }
        return ps;
    }

    private static List<Packet> decode6(List<byte[]> raw) {
        List<Packet> ps = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            ps.add(raw6(raw.get(i), i + 1));
        }
        return ps;
    }

    private static List<Packet> order(List<Packet> ps, String how, long seed) {
        List<Packet> o = new ArrayList<>(ps);
        if (how.equals("reverse")) {
            Collections.reverse(o);
        } else if (how.equals("shuffled")) {
            Collections.shuffle(o, new Random(seed));
        }
        return o;
    }

    // ---- whole datagrams ----

    @ParameterizedTest
    @CsvSource({"in-order,0", "reverse,0", "shuffled,1", "shuffled,2", "shuffled,3"})
    void reassemblesIpv4UdpToTheOriginalDatagram(String how, long seed) {
        byte[] payload = pattern(3000);
        byte[] original = ipv4(0x1234, UDP, NO_OPTIONS, udp(SRC4, DST4, 5353, 53, payload));
        List<Packet> ps = order(decode4(fragment4(original, 1480)), how, seed);
        Defragmenter d = defrag();
        Packet r = feed(d, ps);
        assertNotNull(r);
        assertArrayEquals(original, frameBytes(r));
        assertTrue(r.defragmented);
        assertTrue(r.defragmented());
        assertFalse(r.fragment);
        assertEquals(Frame.LINK_IPV4, r.frame.linkType);
        assertTrue(r.isUdp());
        assertEquals(5353, r.srcPort);
        assertEquals(53, r.dstPort);
        assertArrayEquals(payload, payload(r));
        assertFalse(r.ipChecksumBad);
        assertFalse(r.l4ChecksumBad);
        assertEquals(0, r.events);
        Packet completing = ps.get(ps.size() - 1);
        assertEquals(completing.number, r.number);
        assertEquals(completing.frame.tsSeconds, r.frame.tsSeconds);
        assertEquals(completing.frame.id, r.frame.id);
        assertEquals(1, d.reassembled());
        assertEquals(0, d.trackersActive());
        assertEquals(0, d.bytesHeld());
    }

    @Test
    void keepsIpv4OptionsOfTheFirstFragmentAndClearsFragmentFields() {
        byte[] options = {7, 7, 4, 0, 0, 0, 0, 0}; // record route with one slot, then EOL padding
        byte[] payload = pattern(100);
        byte[] original = ipv4(7, UDP, options, udp(SRC4, DST4, 1000, 2000, payload));
        List<Packet> ps = decode4(fragment4(original, 64));
        Packet r = feed(defrag(), order(ps, "reverse", 0));
        assertNotNull(r);
        assertArrayEquals(original, frameBytes(r));
        assertEquals(28, r.ipHeaderLength);
        assertEquals(0, r.fragOffset);
        assertEquals(0, r.ipFlags & 1);
        assertFalse(r.ipChecksumBad);
    }

    @ParameterizedTest
    @CsvSource({"in-order,0", "reverse,0", "shuffled,4", "shuffled,5"})
    void reassemblesIpv6UdpToTheOriginalPacket(String how, long seed) {
        byte[] payload = pattern(2500);
        byte[] original = ipv6(UDP, new byte[0], udp(SRC6, DST6, 4000, 443, payload));
        List<Packet> ps = order(decode6(fragment6(original, 0, 6, 0xa1b2c3d4, 1232)), how, seed);
        Packet r = feed(defrag(), ps);
        assertNotNull(r);
        assertArrayEquals(original, frameBytes(r));
        assertEquals(Frame.LINK_IPV6, r.frame.linkType);
        assertTrue(r.defragmented);
        assertFalse(r.fragment);
        assertEquals(0, r.fragHeaderOffset);
        assertTrue(r.isUdp());
        assertEquals(4000, r.srcPort);
        assertEquals(443, r.dstPort);
        assertArrayEquals(payload, payload(r));
        assertFalse(r.l4ChecksumBad);
    }

    @Test
    void ipv6KeepsUnfragmentableHeadersAndFixesTheirNextHeader() {
        // Hop-by-hop (8 bytes, PadN) then destination options (8 bytes), then UDP; the fragment
        // header goes after the destination options, so both stay unfragmentable.
        byte[] hbh = bytes(60, 0, 1, 4, 0, 0, 0, 0);
        byte[] dst = bytes(UDP, 0, 1, 4, 0, 0, 0, 0);
        byte[] payload = pattern(700);
        byte[] original = ipv6(0, cat(hbh, dst), udp(SRC6, DST6, 9, 10, payload));
        List<byte[]> raw = fragment6(original, 16, 40 + 8, 77, 256);
        assertEquals(44, raw.get(0)[48] & 0xff);
        Packet r = feed(defrag(), order(decode6(raw), "shuffled", 9));
        assertNotNull(r);
        assertArrayEquals(original, frameBytes(r));
        assertTrue(r.isUdp());
        assertArrayEquals(payload, payload(r));
        assertFalse(r.l4ChecksumBad);
    }

    @Test
    void tinyEightByteFragmentsReassemble() {
        byte[] payload = pattern(120);
        byte[] original = ipv4(99, UDP, NO_OPTIONS, udp(SRC4, DST4, 1, 2, payload));
        List<Packet> ps = decode4(fragment4(original, 8));
        assertEquals(16, ps.size());
        Packet r = feed(defrag(), order(ps, "shuffled", 11));
        assertNotNull(r);
        assertArrayEquals(original, frameBytes(r));
        assertFalse(r.l4ChecksumBad);
    }

    @Test
    void vlanIdsAndTimestampOfTheCompletingFragmentCarryOver() {
        byte[] original = ipv4(5, UDP, NO_OPTIONS, udp(SRC4, DST4, 1, 2, pattern(40)));
        List<byte[]> raw = fragment4(original, 24);
        Defragmenter d = defrag();
        Packet r = null;
        for (int i = 0; i < raw.size(); i++) {
            byte[] eth = cat(bytes(2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x81, 0x00, 0x00, 0x64, 0x08, 0x00), raw.get(i));
            Packet p = decode(Frame.LINK_ETHERNET, eth, 10 + i, 5_000_000L + i);
            assertEquals(1, p.vlanCount);
            r = d.process(p, 5_000_000L + i);
        }
        assertNotNull(r);
        assertEquals(1, r.vlanCount);
        assertEquals(100, r.vlanIds[0]);
        assertEquals(11, r.number);
        assertEquals(5, r.frame.tsSeconds);
        assertEquals(1000, r.frame.tsNanos);
        assertArrayEquals(original, frameBytes(r));
    }

    @Test
    void fragmentsOnDifferentVlansAreDifferentDatagrams() {
        byte[] original = ipv4(5, UDP, NO_OPTIONS, udp(SRC4, DST4, 1, 2, pattern(40)));
        List<byte[]> raw = fragment4(original, 24);
        Defragmenter d = defrag();
        for (int i = 0; i < raw.size(); i++) {
            byte[] eth = cat(bytes(2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x81, 0x00, 0x00, 10 + i, 0x08, 0x00), raw.get(i));
            assertNull(d.process(decode(Frame.LINK_ETHERNET, eth, 1 + i, 1), 1));
        }
        assertEquals(2, d.trackersActive());
    }

    @Test
    void ipv4FragmentsOfAnotherProtocolDoNotMix() {
        Defragmenter d = defrag();
        assertNull(d.process(raw4(ipv4Fragment(12, ICMP, 0, true, fill('A', 8)), 1), 1));
        assertNull(d.process(raw4(ipv4Fragment(12, UDP, 8, true, fill('B', 8)), 2), 2));
        assertNull(d.process(raw4(ipv4Fragment(12, ICMP, 16, false, fill('C', 3)), 3), 3));
        assertEquals(0, d.reassembled());
        assertEquals(2, d.trackersActive());
    }

    // ---- duplicates, order, odd sizes ----

    @Test
    void lastFragmentArrivingFirstStillCompletes() {
        Defragmenter d = defrag();
        assertNull(d.process(raw4(ipv4Fragment(3, ICMP, 16, false, fill('C', 3)), 1), 1));
        assertNull(d.process(raw4(ipv4Fragment(3, ICMP, 0, true, fill('A', 8)), 2), 2));
        Packet r = d.process(raw4(ipv4Fragment(3, ICMP, 8, true, fill('B', 8)), 3), 3);
        assertNotNull(r);
        assertEquals(20 + 19, r.frame.length);
        assertEquals("AAAAAAAABBBBBBBBCCC", new String(r.frame.data, 20, 19, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(3, r.number);
    }

    @Test
    void duplicateFragmentsAreHarmlessAndDuplicateLastDoesNotRestart() {
        byte[] original = ipv4(21, UDP, NO_OPTIONS, udp(SRC4, DST4, 7, 8, pattern(200)));
        List<byte[]> raw = fragment4(original, 64);
        Defragmenter d = defrag();
        int n = 1;
        assertNull(d.process(raw4(raw.get(0), n++), 1));
        assertNull(d.process(raw4(raw.get(0), n++), 1));
        assertNull(d.process(raw4(raw.get(3), n++), 1));
        assertNull(d.process(raw4(raw.get(3), n++), 1));
        assertNull(d.process(raw4(raw.get(1), n++), 1));
        Packet r = d.process(raw4(raw.get(2), n++), 1);
        assertNotNull(r);
        assertArrayEquals(original, frameBytes(r));
        assertEquals(2, d.overlaps(), "each exact duplicate overlaps the copy already held");
        // A late duplicate of the last fragment opens a new tracker that never completes.
        assertNull(d.process(raw4(raw.get(3), n), 1));
        assertEquals(1, d.trackersActive());
        assertEquals(1, d.reassembled());
    }

    @Test
    void dataBeyondTheLastFragmentIsIgnored() {
        // Offset 16 (more set) arrives, then 0 and the last fragment at 8: the datagram ends at 16.
        Defragmenter d = defrag();
        assertNull(d.process(raw4(ipv4Fragment(9, ICMP, 16, true, fill('C', 8)), 1), 1));
        assertNull(d.process(raw4(ipv4Fragment(9, ICMP, 0, true, fill('A', 8)), 2), 2));
        Packet r = d.process(raw4(ipv4Fragment(9, ICMP, 8, false, fill('B', 8)), 3), 3);
        assertNotNull(r);
        assertEquals(36, r.frame.length);
        assertEquals(36, Frags.u16(r.frame.data, 2));

        Defragmenter d6 = defrag();
        assertNull(d6.process(raw6(ipv6Fragment(9, ICMPV6, 16, true, fill('C', 8)), 1), 1));
        assertNull(d6.process(raw6(ipv6Fragment(9, ICMPV6, 0, true, fill('A', 8)), 2), 2));
        Packet r6 = d6.process(raw6(ipv6Fragment(9, ICMPV6, 8, false, fill('B', 8)), 3), 3);
        assertNotNull(r6);
        assertEquals(16, Frags.u16(r6.frame.data, 4));
    }

    @Test
    void theEarliestEndingLastFragmentEndsTheDatagram() {
        Defragmenter d = defrag();
        assertNull(d.process(raw4(ipv4Fragment(6, ICMP, 8, false, fill('B', 8)), 1), 1));
        assertNull(d.process(raw4(ipv4Fragment(6, ICMP, 16, false, fill('C', 8)), 2), 2));
        Packet r = d.process(raw4(ipv4Fragment(6, ICMP, 0, true, fill('A', 8)), 3), 3);
        assertNotNull(r);
        assertEquals(20 + 16, r.frame.length);
    }

    @Test
    void zeroLengthFragmentsAreIgnored() {
        Defragmenter d = defrag();
        assertNull(d.process(raw4(ipv4Fragment(12, ICMP, 8, false, new byte[0]), 1), 1));
        assertNull(d.process(raw6(ipv6Fragment(12, ICMPV6, 8, false, new byte[0]), 2), 2));
        assertEquals(0, d.trackersActive());
        assertEquals(0, d.bytesHeld());
    }

    @Test
    void ipv6MoreFragmentsWithLengthNotAMultipleOfEightIsSkipped() {
        Packet p = raw6(ipv6Fragment(4, ICMPV6, 0, true, fill('A', 12)), 1);
        assertTrue(p.hasEvent(DecodeEvent.IPV6_FRAG_INVALID_LENGTH));
        Defragmenter d = defrag();
        assertNull(d.process(p, 1));
        assertEquals(0, d.trackersActive());
    }

    @Test
    void truncatedFragmentIsNotUsed() {
        byte[] frag = ipv4Fragment(4, ICMP, 0, true, fill('A', 64));
        Packet p = raw4(Arrays.copyOf(frag, 40), 1);
        assertTrue(p.fragment);
        assertTrue(p.hasEvent(DecodeEvent.IPV4_TRUNC_PKT));
        Defragmenter d = defrag();
        assertNull(d.process(p, 1));
        assertEquals(0, d.trackersActive());
    }

    @Test
    void nonFragmentIsLeftAlone() {
        Packet p = raw4(ipv4(1, UDP, NO_OPTIONS, udp(SRC4, DST4, 1, 2, pattern(10))), 1);
        assertFalse(p.fragment);
        Defragmenter d = defrag();
        assertNull(d.process(p, 1));
        assertEquals(0, d.trackersActive());
    }

    // ---- overlaps ----

    /**
     * The overlap test of Novak's target-based reassembly paper as Suricata runs it: nine
     * fragments, then seven overlapping them, then the last (letter, offset, length).
     */
    private static final Object[][] NOVAK = {
        {'A', 0, 24}, {'B', 32, 16}, {'C', 48, 24}, {'D', 80, 8}, {'E', 104, 16}, {'F', 120, 24},
        {'G', 144, 16}, {'H', 160, 16}, {'I', 176, 8},
        {'J', 8, 32}, {'K', 48, 24}, {'L', 72, 24}, {'M', 96, 24}, {'N', 128, 8}, {'O', 152, 8},
        {'P', 160, 8},
        {'Q', 176, 16},
    };

    /** One letter per 8 bytes of the reassembled 192 bytes. */
    @ParameterizedTest
    @CsvSource({
        "bsd,       AAAJJBCCCLLLMMMFFFGGHHIQ",
        "linux,     AAAJJBKKKLLLMMMFFFGGPHQQ",
        "windows,   AAAJBBCCCLLLMEEFFFGGHHIQ",
        "solaris,   AAAJBBCCCLLLMMMFFFGGHHIQ",
        "first,     AAAJBBCCCLDLMEEFFFGGHHIQ",
        "last,      AJJJJBKKKLLLMMMFNFGOPHQQ",
        "bsd-right, AJJJBBKKKLDLMEEFNFGOPHQQ",
    })
    void overlapsResolvePerPolicy(String policy, String expectedBlocks) {
        for (int version : new int[] {4, 6}) {
            Defragmenter d = new Defragmenter(DefragConfig.DEFAULTS.withPolicy(OverlapPolicy.byName(policy)),
                    DecodeOptions.DEFAULT);
            Packet r = null;
            for (int i = 0; i < NOVAK.length; i++) {
                char c = (Character) NOVAK[i][0];
                int off = (Integer) NOVAK[i][1];
                byte[] data = fill(c, (Integer) NOVAK[i][2]);
                boolean more = i < NOVAK.length - 1;
                Packet p = version == 4 ? raw4(ipv4Fragment(1, ICMP, off, more, data), i + 1)
                        : raw6(ipv6Fragment(1, ICMPV6, off, more, data), i + 1);
                r = d.process(p, 1);
                DecodeEvent ev = version == 4 ? DecodeEvent.IPV4_FRAG_OVERLAP : DecodeEvent.IPV6_FRAG_OVERLAP;
                assertEquals(i >= 9, p.hasEvent(ev), policy + " v" + version + " fragment " + c);
                if (more) {
                    assertNull(r);
                }
            }
            assertNotNull(r, policy + " v" + version);
            int hlen = version == 4 ? 20 : 40;
            assertEquals(hlen + 192, r.frame.length);
            StringBuilder got = new StringBuilder();
            for (int b = 0; b < 24; b++) {
                char c = (char) r.frame.data[hlen + 8 * b];
                for (int k = 1; k < 8; k++) {
                    assertEquals(c, (char) r.frame.data[hlen + 8 * b + k], "block " + b + " is mixed");
                }
                got.append(c);
            }
            assertEquals(expectedBlocks.trim(), got.toString(), policy + " v" + version);
            assertEquals(8, d.overlaps());
            assertEquals(0, d.bytesHeld());
        }
    }

    @Test
    void overlapWithDifferentDataRaisesTheEventOnTheFragment() {
        Defragmenter d = defrag();
        Packet a = raw4(ipv4Fragment(2, ICMP, 0, true, fill('A', 16)), 1);
        Packet b = raw4(ipv4Fragment(2, ICMP, 8, true, fill('B', 16)), 2);
        Packet c = raw4(ipv4Fragment(2, ICMP, 24, false, fill('C', 8)), 3);
        assertNull(d.process(a, 1));
        assertNull(d.process(b, 1));
        Packet r = d.process(c, 1);
        assertFalse(a.hasEvent(DecodeEvent.IPV4_FRAG_OVERLAP));
        assertTrue(b.hasEvent(DecodeEvent.IPV4_FRAG_OVERLAP));
        assertFalse(c.hasEvent(DecodeEvent.IPV4_FRAG_OVERLAP));
        assertNotNull(r);
        assertFalse(r.hasEvent(DecodeEvent.IPV4_FRAG_OVERLAP), "raised once, on the fragment, as Suricata does");
        assertEquals("AAAAAAAAAAAAAAAABBBBBBBBCCCCCCCC",
                new String(r.frame.data, 20, 32, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(1, d.overlaps());
    }

    @Test
    void overlapWithIdenticalDataStillRaisesTheEventAsSuricataDoes() {
        // Suricata's ipv6-malformed-fragments-7 expects the overlap alert for equal bytes.
        Defragmenter d = defrag();
        Packet a = raw6(ipv6Fragment(8, ICMPV6, 0, true, fill('A', 16)), 1);
        Packet b = raw6(ipv6Fragment(8, ICMPV6, 8, false, fill('A', 16)), 2);
        assertNull(d.process(a, 1));
        assertNotNull(d.process(b, 1));
        assertTrue(b.hasEvent(DecodeEvent.IPV6_FRAG_OVERLAP));
    }

    @Test
    void teardropLastFragmentInsideHeldDataIsDroppedWithAnOverlap() {
        // 36 bytes at 0 with more set (not a multiple of 8: IPv4 accepts it), then 4 bytes at 24, last.
        Defragmenter d = defrag();
        assertNull(d.process(raw4(ipv4Fragment(242, UDP, 0, true, fill('A', 36)), 1), 1));
        Packet last = raw4(ipv4Fragment(242, UDP, 24, false, fill('B', 4)), 2);
        assertNull(d.process(last, 1));
        assertTrue(last.hasEvent(DecodeEvent.IPV4_FRAG_OVERLAP));
        assertEquals(1, d.trackersActive());
        assertEquals(0, d.reassembled());
    }

    @Test
    void aFullyReplacedFragmentReleasesItsBytes() {
        Defragmenter d = new Defragmenter(DefragConfig.DEFAULTS.withPolicy(OverlapPolicy.LAST), DecodeOptions.DEFAULT);
        assertNull(d.process(raw4(ipv4Fragment(3, ICMP, 8, true, fill('A', 8)), 1), 1));
        long withA = d.bytesHeld();
        assertNull(d.process(raw4(ipv4Fragment(3, ICMP, 8, true, fill('B', 8)), 2), 1));
        assertEquals(withA, d.bytesHeld(), "B replaced A entirely, so A's bytes were released");
    }

    // ---- too large ----

    @Test
    void ipv4FragmentPastTheLargestDatagramRaisesTooLargeAndDiscards() {
        Defragmenter d = defrag();
        assertNull(d.process(raw4(ipv4Fragment(1, ICMP, 0, true, fill('A', 8)), 1), 1));
        assertEquals(1, d.trackersActive());
        Packet p = raw4(ipv4Fragment(1, ICMP, 8183 * 8, false, fill('A', 71)), 2);
        assertNull(d.process(p, 1));
        assertTrue(p.hasEvent(DecodeEvent.IPV4_FRAG_PKT_TOO_LARGE));
        assertEquals(0, d.trackersActive(), "the datagram is discarded");
        assertEquals(0, d.bytesHeld());
        assertEquals(1, d.tooLarge());
        // 20 + 65512 + 3 = 65535 still fits.
        Packet ok = raw4(ipv4Fragment(2, ICMP, 8189 * 8, false, fill('A', 3)), 3);
        assertNull(d.process(ok, 1));
        assertFalse(ok.hasEvent(DecodeEvent.IPV4_FRAG_PKT_TOO_LARGE));
    }

    @Test
    void ipv6FragmentPastTheLargestPayloadRaisesTooLarge() {
        Defragmenter d = defrag();
        Packet p = raw6(ipv6Fragment(1, ICMPV6, 65296, false, fill('A', 247)), 1);
        assertNull(d.process(p, 1));
        assertTrue(p.hasEvent(DecodeEvent.IPV6_FRAG_PKT_TOO_LARGE));
        Packet ok = raw6(ipv6Fragment(2, ICMPV6, 65528, false, fill('A', 7)), 2);
        assertNull(d.process(ok, 1));
        assertFalse(ok.hasEvent(DecodeEvent.IPV6_FRAG_PKT_TOO_LARGE));
    }

    @Test
    void largestIpv4DatagramReassembles() {
        byte[] payload = pattern(65535 - 28);
        byte[] original = ipv4(77, UDP, NO_OPTIONS, udp(SRC4, DST4, 1, 2, payload));
        Packet r = feed(defrag(), order(decode4(fragment4(original, 1480)), "shuffled", 3));
        assertNotNull(r);
        assertEquals(65535, r.frame.length);
        assertArrayEquals(original, frameBytes(r));
        assertFalse(r.l4ChecksumBad);
    }

    @Test
    void ipv4OptionsPushingTheDatagramPastTheLimitRaiseTooLargeOnCompletion() {
        byte[] options = new byte[40];
        Arrays.fill(options, 0, 39, (byte) 1); // NOPs, then EOL
        byte[] header = Arrays.copyOf(ipv4(5, ICMP, options, new byte[0]), 60);
        Defragmenter d = defrag();
        // 60 + 65472 fits one packet, but the datagram would be 60 + 65480.
        assertNull(d.process(raw4(ipv4Fragment(header, 0, true, fill('A', 65472)), 1), 1));
        Packet last = raw4(ipv4Fragment(5, ICMP, 65472, false, fill('B', 8)), 2);
        assertNull(d.process(last, 1));
        assertTrue(last.hasEvent(DecodeEvent.IPV4_FRAG_PKT_TOO_LARGE));
        assertEquals(0, d.trackersActive());
        assertEquals(0, d.reassembled());
    }

    // ---- time and memory bounds ----

    @Test
    void trackersExpireAfterTheTimeout() {
        Defragmenter d = new Defragmenter(DefragConfig.DEFAULTS.withTimeoutSeconds(10), DecodeOptions.DEFAULT);
        long t0 = 1_000_000_000L;
        assertNull(d.process(raw4(ipv4Fragment(1, ICMP, 0, true, fill('A', 8)), 1), t0));
        assertNull(d.process(raw4(ipv4Fragment(2, ICMP, 0, true, fill('A', 8)), 2), t0 + 5_000_000));
        d.expire(t0 + 10_000_000);
        assertEquals(2, d.trackersActive(), "exactly the timeout is not past it");
        d.expire(t0 + 10_000_001);
        assertEquals(1, d.trackersActive());
        assertEquals(1, d.expired());
        // The second tracker times out on lookup: its late last fragment starts over and waits.
        assertNull(d.process(raw4(ipv4Fragment(2, ICMP, 8, false, fill('B', 8)), 3), t0 + 16_000_000));
        assertEquals(2, d.expired());
        assertEquals(1, d.trackersActive());
        assertEquals(0, d.reassembled());
    }

    @Test
    void expireDoesBoundedWork() {
        Defragmenter d = new Defragmenter(DefragConfig.DEFAULTS.withTimeoutSeconds(1), DecodeOptions.DEFAULT);
        Packet p = raw4(ipv4Fragment(0, ICMP, 0, true, fill('A', 8)), 1);
        int n = Defragmenter.EXPIRE_BATCH + 10;
        for (int i = 0; i < n; i++) {
            setIpv4Id(p, i);
            d.process(p, 0);
        }
        assertEquals(n, d.trackersActive());
        d.expire(10_000_000);
        assertEquals(10, d.trackersActive());
        d.expire(10_000_000);
        assertEquals(0, d.trackersActive());
        assertEquals(n, d.expired());
        assertEquals(0, d.bytesHeld());
    }

    @Test
    void trackerCapEvictsTheOldestAndCounts() {
        Defragmenter d = new Defragmenter(DefragConfig.DEFAULTS.withMaxTrackers(4), DecodeOptions.DEFAULT);
        for (int id = 0; id < 10; id++) {
            assertNull(d.process(raw4(ipv4Fragment(id, ICMP, 0, true, fill('A', 8)), id + 1), id));
        }
        assertEquals(4, d.trackersActive());
        assertEquals(6, d.evicted());
        // Datagram 0 was evicted; 9 is still there and completes.
        assertNull(d.process(raw4(ipv4Fragment(0, ICMP, 8, false, fill('B', 8)), 11), 20));
        assertNotNull(d.process(raw4(ipv4Fragment(9, ICMP, 8, false, fill('B', 8)), 12), 21));
    }

    @Test
    void memcapEvictsTheOldestAndCounts() {
        long memcap = 8 * 1024;
        Defragmenter d = new Defragmenter(DefragConfig.DEFAULTS.withMemcapBytes(memcap), DecodeOptions.DEFAULT);
        for (int id = 0; id < 20; id++) {
            assertNull(d.process(raw4(ipv4Fragment(id, ICMP, 0, true, fill('A', 1000)), id + 1), id));
            assertTrue(d.bytesHeld() <= memcap, "held " + d.bytesHeld());
        }
        assertTrue(d.evicted() > 0);
        assertEquals(20 - d.evicted(), d.trackersActive());
        assertNotNull(d.process(raw4(ipv4Fragment(19, ICMP, 1000, false, fill('B', 8)), 30), 30));
        assertNull(d.process(raw4(ipv4Fragment(0, ICMP, 1000, false, fill('B', 8)), 31), 31));
    }

    @Test
    void datagramLargerThanTheMemcapIsDropped() {
        Defragmenter d = new Defragmenter(DefragConfig.DEFAULTS.withMemcapBytes(2000), DecodeOptions.DEFAULT);
        assertNull(d.process(raw4(ipv4Fragment(1, ICMP, 0, true, fill('A', 1000)), 1), 1));
        assertNull(d.process(raw4(ipv4Fragment(1, ICMP, 1000, true, fill('A', 1000)), 2), 1));
        assertTrue(d.bytesHeld() <= 2000);
        assertEquals(0, d.trackersActive());
        assertEquals(1, d.evicted());
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void floodOfNeverCompletingFragmentsStaysWithinTheCaps(int version) {
        long memcap = 4L << 20;
        int maxTrackers = 10_000;
        Defragmenter d = new Defragmenter(DefragConfig.DEFAULTS.withMemcapBytes(memcap).withMaxTrackers(maxTrackers),
                DecodeOptions.DEFAULT.withChecksums(false));
        Packet p = version == 4 ? raw4(ipv4Fragment(0, UDP, 0, true, fill('F', 1480)), 1)
                : raw6(ipv6Fragment(0, UDP, 0, true, fill('F', 1448)), 1);
        for (int i = 0; i < 100_000; i++) {
            if (version == 4) {
                setIpv4Id(p, i);
                // Vary the source too: 16-bit ids alone would repeat and overlap.
                p.frame.data[14] = (byte) (i >>> 16);
            } else {
                setIpv6Id(p, i);
            }
            assertNull(d.process(p, i * 10L));
            if ((i & 1023) == 0 || i == 99_999) {
                assertTrue(d.bytesHeld() <= memcap, "held " + d.bytesHeld() + " after " + i);
                assertTrue(d.trackersActive() <= maxTrackers);
            }
        }
        assertTrue(d.bytesHeld() <= memcap);
        assertTrue(d.evicted() > 90_000, "evicted " + d.evicted());
        assertEquals(100_000, d.evicted() + d.trackersActive());
        // Real traffic still gets through afterwards.
        byte[] original = ipv4(4242, UDP, NO_OPTIONS, udp(SRC4, DST4, 1, 2, pattern(3000)));
        Packet r = feed(d, decode4(fragment4(original, 1480)));
        assertNotNull(r);
        assertArrayEquals(original, frameBytes(r));
    }

    @Test
    void tooManyFragmentsAbandonTheDatagram() {
        // Under "last" every resend of the same fragment replaces the previous copy and is kept.
        Defragmenter d = new Defragmenter(DefragConfig.DEFAULTS.withPolicy(OverlapPolicy.LAST), DecodeOptions.DEFAULT);
        Packet p = raw4(ipv4Fragment(1, ICMP, 8, true, fill('A', 8)), 1);
        for (int i = 0; i < Defragmenter.MAX_FRAGMENTS; i++) {
            assertNull(d.process(p, 1));
        }
        assertEquals(1, d.trackersActive());
        long held = d.bytesHeld();
        assertTrue(held < 1024, "replaced copies are released: " + held);
        assertNull(d.process(p, 1));
        assertEquals(0, d.trackersActive());
        assertEquals(1, d.evicted());
        assertEquals(0, d.bytesHeld());
    }

    @Test
    void reassembledPacketIsReusedAcrossCalls() {
        Defragmenter d = defrag();
        byte[] one = ipv4(1, UDP, NO_OPTIONS, udp(SRC4, DST4, 1, 2, pattern(100)));
        byte[] two = ipv4(2, UDP, NO_OPTIONS, udp(SRC4, DST4, 3, 4, pattern(200)));
        Packet r1 = feed(d, decode4(fragment4(one, 64)));
        Packet r2 = feed(d, decode4(fragment4(two, 64)));
        assertSame(r1, r2);
        assertArrayEquals(two, frameBytes(r2));
        assertEquals(3, r2.srcPort);
    }

    @Test
    void fragmentedDatagramInsideAReassembledOneIsReassembledToo() {
        // Inner IPv4 datagram (UDP) fragmented in two; each inner fragment rides in an outer IPv4
        // packet (IP-in-IP, protocol 4) that is itself fragmented.
        byte[] inner = ipv4(0x55, UDP, NO_OPTIONS, udp(SRC4, DST4, 11, 12, pattern(120)));
        List<byte[]> innerFrags = fragment4(inner, 64);
        Defragmenter d = defrag();
        Packet result = null;
        int n = 1;
        for (int i = 0; i < innerFrags.size(); i++) {
            byte[] outer = ipv4(0x100 + i, 4, NO_OPTIONS, innerFrags.get(i));
            for (Packet p : decode4(fragment4(outer, 48))) {
                p.number = n++;
                Packet r = d.process(p, 1);
                if (r != null && r.fragment) {
                    r = d.process(r, 1);
                }
                if (r != null) {
                    result = r;
                }
            }
        }
        assertNotNull(result);
        assertTrue(result.isUdp());
        assertEquals(11, result.srcPort);
        assertArrayEquals(pattern(120), payload(result));
        assertFalse(result.l4ChecksumBad);
    }

    @Test
    void decodesLikeAFreshDecoderWouldOnTheRebuiltBytes() {
        byte[] original = ipv4(0x31, UDP, NO_OPTIONS, udp(SRC4, DST4, 5000, 6000, pattern(1000)));
        Packet r = feed(defrag(), decode4(fragment4(original, 512)));
        Packet direct = raw4(original, r.number);
        assertEquals(direct.payloadOffset, r.payloadOffset);
        assertEquals(direct.payloadLength, r.payloadLength);
        assertEquals(direct.ipTotalLength, r.ipTotalLength);
        assertEquals(direct.events, r.events);
        Packet again = new Packet();
        again.reset(r.frame, r.number);
        new Decoder(DecodeOptions.DEFAULT).decode(again);
        assertEquals(again.l4Offset, r.l4Offset);
    }

    // ---- helpers ----

    private static void setIpv4Id(Packet p, int id) {
        byte[] d = p.frame.data;
        Frags.put16(d, p.ipOffset + 4, id);
        p.ipId = id & 0xffff;
    }

    private static void setIpv6Id(Packet p, int id) {
        byte[] d = p.frame.data;
        Frags.put16(d, p.fragHeaderOffset + 4, id >>> 16);
        Frags.put16(d, p.fragHeaderOffset + 6, id & 0xffff);
        p.ipId = id;
    }
}
