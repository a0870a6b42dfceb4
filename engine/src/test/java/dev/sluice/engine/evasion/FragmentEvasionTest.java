package dev.sluice.engine.evasion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static dev.sluice.engine.evasion.EvasionHarness.AT;
import static dev.sluice.engine.evasion.EvasionHarness.ATTACK_SID;
import static dev.sluice.engine.evasion.EvasionHarness.DECOY_REQUEST;
import static dev.sluice.engine.evasion.EvasionHarness.DECOY_SID;
import static dev.sluice.engine.evasion.EvasionHarness.REQUEST;
import static dev.sluice.engine.evasion.EvasionHarness.assertBlocked;
import static dev.sluice.engine.evasion.EvasionHarness.assertIdsAlert;
import static dev.sluice.engine.evasion.EvasionHarness.assertInlineDecoy;
import static dev.sluice.engine.evasion.EvasionHarness.assertReassembled;
import static dev.sluice.engine.evasion.EvasionHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case e: the whole request in one TCP segment whose IP packet is fragmented, over IPv4 and IPv6.
 * The reassembled datagram carries the pattern in one packet, so it matches on the frame that
 * completes the datagram, in both modes. Overlapping fragments carry the attack in one copy and
 * the decoy in the other; {@code defrag.policy} decides in both modes (the datagram is rebuilt
 * before anything is inspected).
 *
 * <p>Who wins, per the defrag policies (new = the fragment that arrives second): first never; last
 * always; bsd when new starts before old; bsd-right when new starts at or after old; linux when new
 * starts at or before old; windows when new starts before and ends after old; solaris when new
 * starts before old and ends at or after it.
 */
class FragmentEvasionTest {
    static final String[] POLICIES = {"first", "last", "bsd", "bsd-right", "linux", "windows", "solaris"};
    /** IPv6 fragment identification. */
    static final int FRAG_ID = 0x5eed;
    /** Where the attack and the decoy differ, as offsets in the fragmentable part (TCP header first). */
    static final int DIFF_LO = CaptureBuilder.TCP_HEADER + AT + 6;
    static final int DIFF_HI = CaptureBuilder.TCP_HEADER + AT + 9;

    @TempDir
    Path dir;

    /**
     * Overlapping fragments: old and new as byte ranges of the fragmentable part (both covering
     * [DIFF_LO, DIFF_HI)), the fragments that fill the rest, and whether new data wins under each of
     * {@link #POLICIES}, in order.
     */
    record Shape(String name, int[] old, int[] fresh, int[][] rest, boolean... newWins) {
        boolean newWins(String policy) {
            return newWins[Arrays.asList(POLICIES).indexOf(policy)];
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** End of the fragmentable part (TCP header and request). */
    static final int L = CaptureBuilder.TCP_HEADER + REQUEST.length;

    static int[] r(int a, int b) {
        return new int[] {a, b};
    }

    //                                                                                      first last  bsd   bsd-r linux win   sol
    static final Shape[] SHAPES = {
        new Shape("same offset and end", r(0, 48), r(0, 48), new int[][] {r(48, L)},       false, true, false, true, true, false, false),
        new Shape("new starts before, ends after", r(32, 48), r(24, 56),
                new int[][] {r(0, 24), r(56, L)},                                           false, true, true, false, true, true, true),
        new Shape("new starts before, same end", r(32, 48), r(24, 48),
                new int[][] {r(0, 24), r(48, L)},                                           false, true, true, false, true, false, true),
        new Shape("new starts after, same end", r(24, 48), r(32, 48),
                new int[][] {r(0, 24), r(48, L)},                                           false, true, false, true, false, false, false),
        new Shape("same offset, new longer", r(32, 48), r(32, 56),
                new int[][] {r(0, 32), r(56, L)},                                           false, true, false, true, true, false, false),
        new Shape("new starts before, ends before", r(32, 56), r(24, 48),
                new int[][] {r(0, 24), r(56, L)},                                           false, true, true, false, true, false, false),
    };

    /** The client's request segment as one unfragmented IP packet, and the same packet spelling the decoy. */
    record Datagrams(byte[] attack, byte[] decoy, int ipHeader) {
        byte[] version(boolean attackVersion) {
            return attackVersion ? attack : decoy;
        }
    }

    private static Datagrams datagrams(TcpConversation c, boolean ipv6) {
        byte[] attack = c.clientSegment(0, REQUEST);
        int ipHeader = ipv6 ? CaptureBuilder.IPV6_HEADER : CaptureBuilder.IPV4_HEADER;
        byte[] decoy = attack.clone();
        int payload = ipHeader + CaptureBuilder.TCP_HEADER;
        System.arraycopy(DECOY_REQUEST, 0, decoy, payload, DECOY_REQUEST.length);
        // the decoy swaps two aligned 16-bit words of the attack, so the TCP checksum holds for both
        byte[] src = Arrays.copyOfRange(decoy, ipv6 ? 8 : 12, ipv6 ? 24 : 16);
        byte[] dst = Arrays.copyOfRange(decoy, ipv6 ? 24 : 16, ipv6 ? 40 : 20);
        assertEquals(0, CaptureBuilder.l4Checksum(src, dst, CaptureBuilder.PROTO_TCP,
                Arrays.copyOfRange(decoy, ipHeader, decoy.length)), "decoy checksum");
        assertEquals(0, CaptureBuilder.l4Checksum(src, dst, CaptureBuilder.PROTO_TCP,
                Arrays.copyOfRange(attack, ipHeader, attack.length)), "attack checksum");
        return new Datagrams(attack, decoy, ipHeader);
    }

    private static byte[] fragment(boolean ipv6, byte[] datagram, int[] range) {
        return ipv6 ? CaptureBuilder.ipv6Fragment(datagram, FRAG_ID, range[0], range[1])
                : CaptureBuilder.ipv4Fragment(datagram, range[0], range[1]);
    }

    /** Frame numbers of a fragment capture: the one completing the datagram, the client ACK after the server's. */
    record Frames(int completing, int afterAck) {
    }

    // ---------------------------------------------------------------- reverse order

    /** Handshake, the request segment in {@code size}-byte fragments sent last to first, response and close. */
    private static CaptureBuilder reverse(boolean ipv6, int size, Frames[] frames) {
        CaptureBuilder cap = new CaptureBuilder();
        TcpConversation c = new TcpConversation(cap, ipv6, 40001, 80);
        c.handshake();
        byte[] d = c.clientSegment(0, REQUEST);
        List<byte[]> frags = new ArrayList<>(ipv6 ? CaptureBuilder.fragment6(d, FRAG_ID, size)
                : CaptureBuilder.fragment4(d, size));
        assertTrue(frags.size() > 2);
        Collections.reverse(frags);
        int completing = 0;
        for (byte[] f : frags) {
            completing = cap.add(f);
        }
        frames[0] = new Frames(completing, c.respondAndClose());
        return cap;
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void fragmentsInReverseOrderMatchOnTheCompletingFrame(boolean ipv6) throws IOException {
        Frames[] f = new Frames[1];
        // 8-byte fragments: the pattern is cut across fragments
        CaptureBuilder cap = reverse(ipv6, 8, f);
        EvasionHarness.Result ids = run(dir, cap, false);
        assertIdsAlert(ids, ATTACK_SID, f[0].completing());
        assertReassembled(ids, 1);
        EvasionHarness.Result ips = run(dir, cap, true);
        assertBlocked(ips, f[0].completing());
        assertReassembled(ips, 1);
    }

    // ---------------------------------------------------------------- overlaps

    /** Handshake, old fragment, new fragment, the rest (the last completes), response and close. */
    private static CaptureBuilder overlap(boolean ipv6, Shape s, boolean attackFirst, Frames[] frames) {
        CaptureBuilder cap = new CaptureBuilder();
        TcpConversation c = new TcpConversation(cap, ipv6, 40001, 80);
        c.handshake();
        Datagrams d = datagrams(c, ipv6);
        for (int[] range : new int[][] {s.old(), s.fresh()}) {
            assertTrue(range[0] <= DIFF_LO && range[1] >= DIFF_HI, s.name());
        }
        cap.add(fragment(ipv6, d.version(attackFirst), s.old()));
        cap.add(fragment(ipv6, d.version(!attackFirst), s.fresh()));
        int completing = 0;
        for (int[] range : s.rest()) {
            completing = cap.add(fragment(ipv6, d.attack(), range));
        }
        frames[0] = new Frames(completing, c.respondAndClose());
        return cap;
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (boolean ipv6 : new boolean[] {false, true}) {
            for (Shape s : SHAPES) {
                for (boolean attackFirst : new boolean[] {true, false}) {
                    for (String p : POLICIES) {
                        out.add(Arguments.of(ipv6 ? "IPv6" : "IPv4", s, attackFirst ? "attack first" : "decoy first", p));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, {1}, {2}, {3}")
    @MethodSource("cases")
    void overlappingFragmentsAreResolvedByTheDefragPolicy(String ip, Shape s, String order, String policy)
            throws IOException {
        boolean ipv6 = ip.equals("IPv6");
        boolean attackFirst = order.equals("attack first");
        boolean attackWins = s.newWins(policy) != attackFirst;
        Frames[] f = new Frames[1];
        CaptureBuilder cap = overlap(ipv6, s, attackFirst, f);

        EvasionHarness.Result ids = run(dir, cap, false, "defrag.policy=" + policy);
        // the datagram carries the whole request: it matches on the frame completing it
        assertIdsAlert(ids, attackWins ? ATTACK_SID : DECOY_SID, f[0].completing());
        assertReassembled(ids, 1);

        EvasionHarness.Result ips = run(dir, cap, true, "defrag.policy=" + policy);
        if (attackWins) {
            assertBlocked(ips, f[0].completing());
        } else {
            assertInlineDecoy(ips, f[0].completing());
        }
        assertReassembled(ips, 1);
    }

    @Test
    void decoyDiffersFromTheAttackOnlyInsideTheOverlaps() {
        int diffs = 0;
        for (int i = 0; i < REQUEST.length; i++) {
            if (REQUEST[i] != DECOY_REQUEST[i]) {
                diffs++;
                int at = CaptureBuilder.TCP_HEADER + i;
                assertTrue(at >= DIFF_LO && at < DIFF_HI, "difference at " + i);
            }
        }
        assertEquals(2, diffs);
    }
}
