package dev.sluice.engine.verdict;

import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.Packet;
import dev.sluice.signatures.Action;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.sluice.engine.verdict.RejectBuilderTest.*;
import static org.junit.jupiter.api.Assertions.*;

class RejecterTest {
    private final List<byte[]> wire = new ArrayList<>();
    private int result = 1;
    private final Rejecter rejecter = new Rejecter((b, off, len) -> {
        wire.add(Arrays.copyOfRange(b, off, off + len));
        return result < 0 ? result : len;
    }, 0x5e1ce);

    private static final byte[] DATA = ip(CLIENT4, SERVER4, 6, 0, tcp(40_000, 8080, 100, 200, ACK, 10));

    /** Where the sent packet goes: "client" or "server". */
    private static String to(byte[] sent) {
        Packet p = decode(sent);
        return Arrays.equals(addr(p, false), CLIENT4) ? "client" : Arrays.equals(addr(p, false), SERVER4) ? "server" : "?";
    }

    @Test
    void rejectAndRejectsrcResetTheSourceOnly() {
        rejecter.reject(Action.REJECT, decode(DATA));
        rejecter.reject(Action.REJECTSRC, decode(DATA));
        assertEquals(2, wire.size());
        assertEquals("client", to(wire.get(0)));
        assertEquals("client", to(wire.get(1)));
        assertEquals(2, rejecter.sent);
    }

    @Test
    void rejectdstResetsTheDestinationAndRejectbothBoth() {
        rejecter.reject(Action.REJECTDST, decode(DATA));
        assertEquals(List.of("server"), wire.stream().map(RejecterTest::to).toList());
        wire.clear();
        rejecter.reject(Action.REJECTBOTH, decode(DATA));
        assertEquals(List.of("client", "server"), wire.stream().map(RejecterTest::to).toList());
        assertEquals(3, rejecter.sent);
    }

    @Test
    void udpGetsAnIcmpUnreachable() {
        rejecter.reject(Action.REJECT, decode(ip(CLIENT6, SERVER6, 17, 0, udp(1, 2, 3))));
        assertEquals(1, wire.size());
        assertEquals(1, decode(wire.get(0)).icmpType);
    }

    @Test
    void dropAlertAndPassSendNothing() {
        for (Action a : new Action[] {Action.DROP, Action.ALERT, Action.PASS}) {
            rejecter.reject(a, decode(DATA));
        }
        assertTrue(wire.isEmpty());
        assertEquals(0, rejecter.skipped);
    }

    @Test
    void countsFailedSendsWithTheirErrno() {
        result = -1;
        rejecter.reject(Action.REJECTBOTH, decode(DATA));
        assertEquals(2, rejecter.failed);
        assertEquals(0, rejecter.sent);
        assertEquals(-1, rejecter.lastError);
    }

    @Test
    void skipsWhatGetsNoAnswer() {
        rejecter.reject(Action.REJECT, decode(ip(CLIENT4, SERVER4, 1, 0, icmp(3, 1))));
        // An IP-in-IP packet: the inner layer's addresses are not ours to answer.
        byte[] inner = ip(CLIENT4, SERVER4, 17, 0, udp(1, 2, 3));
        rejecter.reject(Action.REJECT, decode(ip(new byte[] {1, 1, 1, 1}, new byte[] {2, 2, 2, 2}, 4, 0, inner)));
        assertTrue(wire.isEmpty());
        assertEquals(2, rejecter.skipped);
    }

    @Test
    void recognisesItsOwnPacketsByMark() {
        Frame f = new Frame();
        assertFalse(rejecter.isOwn(f), "unmarked");
        f.mark = 0x5e1cf;
        assertFalse(rejecter.isOwn(f), "another mark");
        f.mark = 0x5e1ce;
        assertTrue(rejecter.isOwn(f));
        assertEquals(1, rejecter.returned);
        Rejecter unmarked = new Rejecter((b, o, l) -> l, 0);
        f.mark = 0;
        assertFalse(unmarked.isOwn(f), "with mark 0 nothing is ours");
    }
}
