package dev.sluice.engine.evasion;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static dev.sluice.engine.evasion.EvasionHarness.AT;
import static dev.sluice.engine.evasion.EvasionHarness.ATTACK_SID;
import static dev.sluice.engine.evasion.EvasionHarness.DECOY_REQUEST;
import static dev.sluice.engine.evasion.EvasionHarness.DECOY_SID;
import static dev.sluice.engine.evasion.EvasionHarness.REQUEST;
import static dev.sluice.engine.evasion.EvasionHarness.assertBlocked;
import static dev.sluice.engine.evasion.EvasionHarness.assertIdsAlert;
import static dev.sluice.engine.evasion.EvasionHarness.assertInlineDecoyNormalized;
import static dev.sluice.engine.evasion.EvasionHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Cases c and d: TCP segments that overlap with different bytes. One copy of the overlapped bytes
 * spells the attack, the other the decoy; which one the reassembled stream keeps is the policy's
 * call in IDS mode ({@code stream.reassembly.policy}) and always the first copy inline.
 *
 * <p>Who wins, per the target-based policies (new = the segment that arrives second):
 * first never; last always; bsd and windows when new starts before old; linux also when both start
 * together and new ends later; solaris when new ends after old, or ends together and starts no
 * later.
 */
class OverlapEvasionTest {
    static final String[] POLICIES = {"first", "last", "bsd", "linux", "windows", "solaris"};

    @TempDir
    Path dir;

    /**
     * An overlap shape: the old and new segments as offsets from the pattern start (both cover the
     * bytes where attack and decoy differ, AT+6 and AT+8), and whether the new data wins under each
     * of {@link #POLICIES}, in that order.
     */
    record Shape(String name, int oldStart, int oldEnd, int newStart, int newEnd, boolean... newWins) {
        boolean newWins(String policy) {
            return newWins[Arrays.asList(POLICIES).indexOf(policy)];
        }

        @Override
        public String toString() {
            return name;
        }
    }

    //                                                                first  last   bsd    linux  windows solaris
    static final Shape[] SHAPES = {
        new Shape("new starts before, same end", 5, 10, 2, 10,        false, true, true, true, true, true),
        new Shape("same start, new longer", 5, 10, 5, 11,             false, true, false, true, false, true),
        new Shape("same start and end", 5, 10, 5, 10,                 false, true, false, false, false, true),
        new Shape("new starts after, ends after", 4, 10, 6, 11,       false, true, false, false, false, true),
        new Shape("new starts before, ends before", 5, 11, 2, 10,     false, true, true, true, true, false),
        new Shape("new inside old", 4, 11, 6, 9,                      false, true, false, false, false, false),
        new Shape("new covers old", 6, 9, 4, 11,                      false, true, true, true, true, true),
    };

    /** Frame numbers of the overlap capture: the segment completing the stream, and the client ACK after the server's. */
    static final int COMPLETING = 7;
    static final int AFTER_ACK = 10;

    /**
     * Handshake (1-3), the request up to the overlap (4), the old segment (5), the new one (6), the
     * rest (7, completes the pattern), server ACK (8), response (9), client ACK (10), close (11-13).
     */
    static CaptureBuilder overlap(Shape s, boolean attackFirst) {
        byte[] first = attackFirst ? REQUEST : DECOY_REQUEST;
        byte[] second = attackFirst ? DECOY_REQUEST : REQUEST;
        int lo = AT + Math.min(s.oldStart(), s.newStart());
        int hi = AT + Math.max(s.oldEnd(), s.newEnd());
        CaptureBuilder cap = new CaptureBuilder();
        TcpConversation c = new TcpConversation(cap);
        c.handshake();
        c.clientData(0, Arrays.copyOfRange(REQUEST, 0, lo));
        c.clientData(AT + s.oldStart(), Arrays.copyOfRange(first, AT + s.oldStart(), AT + s.oldEnd()));
        c.clientData(AT + s.newStart(), Arrays.copyOfRange(second, AT + s.newStart(), AT + s.newEnd()));
        assertEquals(COMPLETING, c.clientData(hi, Arrays.copyOfRange(REQUEST, hi, REQUEST.length)));
        assertEquals(AFTER_ACK, c.respondAndClose());
        return cap;
    }

    static Stream<Arguments> shapesOrdersPolicies() {
        List<Arguments> out = new ArrayList<>();
        for (Shape s : SHAPES) {
            for (boolean attackFirst : new boolean[] {true, false}) {
                for (String p : POLICIES) {
                    out.add(Arguments.of(s, attackFirst ? "attack first" : "decoy first", p));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, {1}, {2}")
    @MethodSource("shapesOrdersPolicies")
    void overlapIsResolvedByThePolicyInIdsMode(Shape s, String order, String policy) throws IOException {
        boolean attackFirst = order.equals("attack first");
        boolean attackWins = s.newWins(policy) != attackFirst;
        EvasionHarness.Result r = run(dir, overlap(s, attackFirst), false, "stream.reassembly.policy=" + policy);
        assertIdsAlert(r, attackWins ? ATTACK_SID : DECOY_SID, AFTER_ACK);
    }

    @ParameterizedTest(name = "{0}, {1}, {2}")
    @MethodSource("shapesOrdersPolicies")
    void firstDataWinsInlineWhateverThePolicy(Shape s, String order, String policy) throws IOException {
        boolean attackFirst = order.equals("attack first");
        EvasionHarness.Result r = run(dir, overlap(s, attackFirst), true, "stream.reassembly.policy=" + policy);
        if (attackFirst) {
            assertBlocked(r, COMPLETING);
        } else {
            assertInlineDecoyNormalized(r, COMPLETING);
        }
    }

    // ---------------------------------------------------------------- d. retransmission

    /** A retransmission (same start and end) before any ACK: only last and solaris take its bytes. */
    static final Shape RETRANSMISSION = new Shape("retransmission of the first segment", -AT, 10, -AT, 10,
            false, true, false, false, false, true);

    static Stream<Arguments> retransmissions() {
        List<Arguments> out = new ArrayList<>();
        for (boolean attackFirst : new boolean[] {true, false}) {
            for (String p : POLICIES) {
                out.add(Arguments.of(attackFirst ? "malicious, then benign" : "benign, then malicious", p));
            }
        }
        return out.stream();
    }

    /**
     * Handshake (1-3), the request up to 10 bytes into the pattern (4), the same segment again with
     * the other bytes (5, before the server acknowledged either), the rest (6), server ACK (7),
     * response (8), client ACK (9), close (10-12).
     */
    static CaptureBuilder retransmission(boolean attackFirst) {
        byte[] first = attackFirst ? REQUEST : DECOY_REQUEST;
        byte[] second = attackFirst ? DECOY_REQUEST : REQUEST;
        int cut = AT + 10;
        CaptureBuilder cap = new CaptureBuilder();
        TcpConversation c = new TcpConversation(cap);
        c.handshake();
        c.clientData(0, Arrays.copyOf(first, cut));
        c.clientData(0, Arrays.copyOf(second, cut));
        assertEquals(6, c.clientData(cut, Arrays.copyOfRange(REQUEST, cut, REQUEST.length)));
        assertEquals(9, c.respondAndClose());
        return cap;
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("retransmissions")
    void retransmissionWithOtherBytesIsResolvedByThePolicyInIdsMode(String order, String policy) throws IOException {
        boolean attackFirst = order.startsWith("malicious");
        boolean attackWins = RETRANSMISSION.newWins(policy) != attackFirst;
        EvasionHarness.Result r = run(dir, retransmission(attackFirst), false, "stream.reassembly.policy=" + policy);
        assertIdsAlert(r, attackWins ? ATTACK_SID : DECOY_SID, 9);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("retransmissions")
    void retransmissionNeverReplacesTheOriginalInline(String order, String policy) throws IOException {
        boolean attackFirst = order.startsWith("malicious");
        EvasionHarness.Result r = run(dir, retransmission(attackFirst), true, "stream.reassembly.policy=" + policy);
        if (attackFirst) {
            assertBlocked(r, 6);
        } else {
            assertInlineDecoyNormalized(r, 6);
        }
    }

    /**
     * The request up to 10 bytes into the pattern, acknowledged by the server, is sent again with the
     * other bytes. Handshake (1-3); the original: one segment (4), or with {@code spanning} two
     * segments cut 5 bytes into the pattern (4, 5); the server's ACK of it; with {@code inspected} a
     * bare client ACK (where IDS mode inspects the acknowledged bytes); the retransmission, of the
     * whole segment or (spanning) of the bytes from 2 into the pattern on, which starts before the
     * second original segment; the rest; server ACK, response, client ACK, close. {@code frames}
     * receives the numbers of the rest and of the client ACK after the server's.
     */
    static CaptureBuilder retransmissionAfterAck(boolean attackFirst, boolean spanning, boolean inspected,
            int[] frames) {
        byte[] first = attackFirst ? REQUEST : DECOY_REQUEST;
        byte[] second = attackFirst ? DECOY_REQUEST : REQUEST;
        int cut = AT + 10;
        CaptureBuilder cap = new CaptureBuilder();
        TcpConversation c = new TcpConversation(cap);
        c.handshake();
        if (spanning) {
            c.clientData(0, Arrays.copyOf(first, AT + 5));
            c.clientData(AT + 5, Arrays.copyOfRange(first, AT + 5, cut));
        } else {
            c.clientData(0, Arrays.copyOf(first, cut));
        }
        c.serverAck();
        if (inspected) {
            c.clientAck();
        }
        int from = spanning ? AT + 2 : 0;
        c.clientData(from, Arrays.copyOfRange(second, from, cut));
        frames[0] = c.clientData(cut, Arrays.copyOfRange(REQUEST, cut, REQUEST.length));
        frames[1] = c.respondAndClose();
        return cap;
    }

    static Stream<Arguments> retransmissionsAfterAck() {
        List<Arguments> out = new ArrayList<>();
        for (String shape : new String[] {"same segment", "spanning two segments"}) {
            for (String inspection : new String[] {"not yet inspected", "inspected before"}) {
                retransmissions().forEach(a -> out.add(Arguments.of(a.get()[0], a.get()[1], shape, inspection)));
            }
        }
        return out.stream();
    }

    /**
     * Once the receiver acknowledged data it has delivered it: a retransmission cannot change it on
     * any host, so the original bytes count under every policy, whether or not the detector had
     * already looked at them.
     */
    @ParameterizedTest(name = "{0}, {1}, {2}, {3}")
    @MethodSource("retransmissionsAfterAck")
    void retransmissionOfAcknowledgedDataNeverReplacesItInIdsMode(String order, String policy, String shape,
            String inspection) throws IOException {
        boolean attackFirst = order.startsWith("malicious");
        int[] f = new int[2];
        CaptureBuilder cap = retransmissionAfterAck(attackFirst, shape.startsWith("spanning"),
                inspection.startsWith("inspected"), f);
        EvasionHarness.Result r = run(dir, cap, false, "stream.reassembly.policy=" + policy);
        assertIdsAlert(r, attackFirst ? ATTACK_SID : DECOY_SID, f[1]);
    }

    @ParameterizedTest(name = "{0}, {1}, {2}, {3}")
    @MethodSource("retransmissionsAfterAck")
    void retransmissionOfAcknowledgedDataNeverReplacesItInline(String order, String policy, String shape,
            String inspection) throws IOException {
        boolean attackFirst = order.startsWith("malicious");
        int[] f = new int[2];
        CaptureBuilder cap = retransmissionAfterAck(attackFirst, shape.startsWith("spanning"),
                inspection.startsWith("inspected"), f);
        EvasionHarness.Result r = run(dir, cap, true, "stream.reassembly.policy=" + policy);
        if (attackFirst) {
            assertBlocked(r, f[0]);
        } else {
            assertInlineDecoyNormalized(r, f[0]);
        }
    }
}
