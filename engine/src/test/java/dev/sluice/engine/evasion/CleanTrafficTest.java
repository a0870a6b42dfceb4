package dev.sluice.engine.evasion;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.sluice.engine.evasion.EvasionHarness.AT;
import static dev.sluice.engine.evasion.EvasionHarness.CLEAN_REQUEST;
import static dev.sluice.engine.evasion.EvasionHarness.assertQuiet;
import static dev.sluice.engine.evasion.EvasionHarness.assertReassembled;
import static dev.sluice.engine.evasion.EvasionHarness.run;

/**
 * Case g: a request without the pattern, delivered in every shape the evasion cases use, raises
 * nothing in IDS mode and, inline, drops nothing.
 */
class CleanTrafficTest {
    @TempDir
    Path dir;

    private static byte[] part(int from, int to) {
        return Arrays.copyOfRange(CLEAN_REQUEST, from, to);
    }

    private static CaptureBuilder inOrder() {
        CaptureBuilder cap = new CaptureBuilder();
        TcpConversation c = new TcpConversation(cap);
        c.handshake();
        c.clientSend(CLEAN_REQUEST);
        c.respondAndClose();
        return cap;
    }

    private static CaptureBuilder split() {
        CaptureBuilder cap = new CaptureBuilder();
        TcpConversation c = new TcpConversation(cap);
        c.handshake();
        c.clientSend(part(0, AT + 6));
        c.clientSend(part(AT + 6, CLEAN_REQUEST.length));
        c.respondAndClose();
        return cap;
    }

    private static CaptureBuilder outOfOrder() {
        CaptureBuilder cap = new CaptureBuilder();
        TcpConversation c = new TcpConversation(cap);
        c.handshake();
        c.clientData(AT + 8, part(AT + 8, CLEAN_REQUEST.length));
        c.clientData(0, part(0, AT + 4));
        c.clientData(AT + 4, part(AT + 4, AT + 8));
        c.respondAndClose();
        return cap;
    }

    private static CaptureBuilder oneByte() {
        CaptureBuilder cap = new CaptureBuilder();
        TcpConversation c = new TcpConversation(cap);
        c.handshake();
        for (int i = 0; i < CLEAN_REQUEST.length; i++) {
            c.clientSend(part(i, i + 1));
            c.serverAck();
        }
        c.respondAndClose();
        return cap;
    }

    private static CaptureBuilder overlapSameBytes() {
        CaptureBuilder cap = new CaptureBuilder();
        TcpConversation c = new TcpConversation(cap);
        c.handshake();
        c.clientData(0, part(0, AT + 10));
        c.clientData(AT + 2, part(AT + 2, AT + 10));
        c.clientData(0, part(0, AT + 10));
        c.clientData(AT + 10, part(AT + 10, CLEAN_REQUEST.length));
        c.respondAndClose();
        return cap;
    }

    private static CaptureBuilder reverseFragments(boolean ipv6) {
        CaptureBuilder cap = new CaptureBuilder();
        TcpConversation c = new TcpConversation(cap, ipv6, 40001, 80);
        c.handshake();
        byte[] d = c.clientSegment(0, CLEAN_REQUEST);
        List<byte[]> frags = new ArrayList<>(ipv6 ? CaptureBuilder.fragment6(d, 7, 8) : CaptureBuilder.fragment4(d, 8));
        Collections.reverse(frags);
        frags.forEach(cap::add);
        c.respondAndClose();
        return cap;
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("in order", (Supplier<CaptureBuilder>) CleanTrafficTest::inOrder, 0),
                Arguments.of("split", (Supplier<CaptureBuilder>) CleanTrafficTest::split, 0),
                Arguments.of("out of order", (Supplier<CaptureBuilder>) CleanTrafficTest::outOfOrder, 0),
                Arguments.of("one byte per segment", (Supplier<CaptureBuilder>) CleanTrafficTest::oneByte, 0),
                Arguments.of("overlaps with the same bytes",
                        (Supplier<CaptureBuilder>) CleanTrafficTest::overlapSameBytes, 0),
                Arguments.of("IPv4 fragments reversed",
                        (Supplier<CaptureBuilder>) () -> reverseFragments(false), 1),
                Arguments.of("IPv6 fragments reversed",
                        (Supplier<CaptureBuilder>) () -> reverseFragments(true), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void cleanRequestRaisesNothingAndDropsNothing(String name, Supplier<CaptureBuilder> shape, int datagrams)
            throws IOException {
        CaptureBuilder cap = shape.get();
        for (boolean ips : new boolean[] {false, true}) {
            EvasionHarness.Result r = run(dir, cap, ips);
            assertQuiet(r);
            assertReassembled(r, datagrams);
        }
    }
}
