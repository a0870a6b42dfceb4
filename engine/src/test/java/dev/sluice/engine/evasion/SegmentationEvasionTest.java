package dev.sluice.engine.evasion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.sluice.engine.evasion.EvasionHarness.AT;
import static dev.sluice.engine.evasion.EvasionHarness.ATTACK;
import static dev.sluice.engine.evasion.EvasionHarness.ATTACK_SID;
import static dev.sluice.engine.evasion.EvasionHarness.REQUEST;
import static dev.sluice.engine.evasion.EvasionHarness.assertBlocked;
import static dev.sluice.engine.evasion.EvasionHarness.assertIdsAlert;
import static dev.sluice.engine.evasion.EvasionHarness.run;

/** Cases a, b and f: the attack cut into in-order, out-of-order and one-byte segments. */
class SegmentationEvasionTest {
    @TempDir
    Path dir;

    static IntStream cutPoints() {
        return IntStream.range(1, ATTACK.length());
    }

    /** Two segments split {@code cut} bytes into the pattern, then the response and close. */
    private static CaptureBuilder twoSegments(boolean ipv6, int cut) {
        CaptureBuilder cap = new CaptureBuilder();
        TcpConversation c = new TcpConversation(cap, ipv6, 40001, 80);
        c.handshake();                                                   // 1-3
        c.clientSend(Arrays.copyOfRange(REQUEST, 0, AT + cut));          // 4
        c.clientSend(Arrays.copyOfRange(REQUEST, AT + cut, REQUEST.length)); // 5: completes the pattern
        c.respondAndClose();                                             // 6 ack, 7 response, 8 client ack, 9-11 close
        return cap;
    }

    @ParameterizedTest(name = "cut {0}")
    @MethodSource("cutPoints")
    void splitPatternAlertsOnceAfterTheServerAcked(int cut) throws IOException {
        assertIdsAlert(run(dir, twoSegments(false, cut), false), ATTACK_SID, 8);
    }

    @ParameterizedTest(name = "cut {0}")
    @MethodSource("cutPoints")
    void splitPatternIsDroppedOnTheCompletingSegmentInline(int cut) throws IOException {
        assertBlocked(run(dir, twoSegments(false, cut), true), 5);
    }

    @ParameterizedTest(name = "cut {0}")
    @ValueSource(ints = {1, 6, 11})
    void splitPatternOverIpv6(int cut) throws IOException {
        assertIdsAlert(run(dir, twoSegments(true, cut), false), ATTACK_SID, 8);
        assertBlocked(run(dir, twoSegments(true, cut), true), 5);
    }

    @Test
    void patternInsideOneSegmentMatchesOnThatPacketAndNotAgainOnTheStream() throws IOException {
        CaptureBuilder cap = new CaptureBuilder();
        TcpConversation c = new TcpConversation(cap);
        c.handshake();
        c.clientSend(REQUEST);   // 4
        c.respondAndClose();     // 5-10
        assertIdsAlert(run(dir, cap, false), ATTACK_SID, 4);
        assertBlocked(run(dir, cap, true), 4);
    }

    // ---------------------------------------------------------------- b. out of order

    static Stream<Arguments> orders() {
        return Stream.of(new int[] {0, 1, 2}, new int[] {0, 2, 1}, new int[] {1, 0, 2},
                new int[] {1, 2, 0}, new int[] {2, 0, 1}, new int[] {2, 1, 0}).map(o -> Arguments.of((Object) o));
    }

    /** The request in three segments, cut 4 and 8 bytes into the pattern, sent in {@code order}. */
    private static CaptureBuilder threeSegments(int[] order) {
        int[] cuts = {0, AT + 4, AT + 8, REQUEST.length};
        CaptureBuilder cap = new CaptureBuilder();
        TcpConversation c = new TcpConversation(cap);
        c.handshake();                                               // 1-3
        for (int k : order) {                                        // 4-6; 6 completes the stream
            c.clientData(cuts[k], Arrays.copyOfRange(REQUEST, cuts[k], cuts[k + 1]));
        }
        c.respondAndClose();                                         // 7 ack, 8 response, 9 client ack, 10-12
        return cap;
    }

    @ParameterizedTest(name = "order {0}")
    @MethodSource("orders")
    void threeSegmentsInAnyOrderAlertOnce(int[] order) throws IOException {
        assertIdsAlert(run(dir, threeSegments(order), false), ATTACK_SID, 9);
    }

    @ParameterizedTest(name = "order {0}")
    @MethodSource("orders")
    void threeSegmentsInAnyOrderAreDroppedWhenTheLastArrives(int[] order) throws IOException {
        assertBlocked(run(dir, threeSegments(order), true), 6);
    }

    // ---------------------------------------------------------------- f. one byte per segment

    /** The whole request one byte per segment; with {@code ackEach} the server ACKs every byte. */
    private static CaptureBuilder oneByteSegments(boolean ackEach) {
        CaptureBuilder cap = new CaptureBuilder();
        TcpConversation c = new TcpConversation(cap);
        c.handshake();
        for (int i = 0; i < REQUEST.length; i++) {
            c.clientSend(new byte[] {REQUEST[i]});
            if (ackEach) {
                c.serverAck();
            }
        }
        c.respondAndClose();
        return cap;
    }

    @Test
    void oneByteSegmentsAckedOneByOne() throws IOException {
        int last = AT + ATTACK.length() - 1;    // offset of the pattern's final byte
        // byte i is frame 4 + 2i, its ACK 5 + 2i; IDS sees the final byte once it is ACKed, on the next byte
        assertIdsAlert(run(dir, oneByteSegments(true), false), ATTACK_SID, 4 + 2 * (last + 1));
        assertBlocked(run(dir, oneByteSegments(true), true), 4 + 2 * last);
    }

    @Test
    void oneByteSegmentsAckedAtTheEnd() throws IOException {
        int last = AT + ATTACK.length() - 1;
        // bytes are frames 4 .. 3 + len, then server ack, response, client ack
        assertIdsAlert(run(dir, oneByteSegments(false), false), ATTACK_SID, 4 + REQUEST.length + 2);
        assertBlocked(run(dir, oneByteSegments(false), true), 4 + last);
    }
}
