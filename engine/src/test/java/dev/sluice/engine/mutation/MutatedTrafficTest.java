package dev.sluice.engine.mutation;

import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mutation source itself: replayable from its seed, and its built packets are well formed before damage. */
class MutatedTrafficTest {
    private static final List<List<byte[]>> CAPTURE = List.of(List.of(
            RawPackets.ipv4(new byte[] {10, 0, 0, 1}, new byte[] {10, 0, 0, 2}, RawPackets.UDP, 1, 0, 64, null,
                    RawPackets.udp(1000, 53, RawPackets.ascii("query"))),
            RawPackets.ipv4(new byte[] {10, 0, 0, 2}, new byte[] {10, 0, 0, 1}, RawPackets.UDP, 2, 0, 64, null,
                    RawPackets.udp(53, 1000, RawPackets.ascii("answer")))));

    @Test
    void sameSeedReplaysTheSamePackets() {
        MutatedTraffic a = new MutatedTraffic(42, CAPTURE);
        MutatedTraffic b = new MutatedTraffic(42, CAPTURE);
        MutatedTraffic c = new MutatedTraffic(43, CAPTURE);
        int differ = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] x = a.next();
            assertArrayEquals(x, b.next(), "packet " + (i + 1));
            differ += Arrays.equals(x, c.next()) ? 0 : 1;
        }
        assertTrue(differ > 10_000, "another seed, other packets: " + differ);
        assertEquals(a.mutated, b.mutated);
    }

    @Test
    void everyMutationKindIsUsed() {
        MutatedTraffic t = new MutatedTraffic(7, CAPTURE);
        for (int i = 0; i < 50_000; i++) {
            t.next();
        }
        for (int k = 0; k < Mutator.KINDS.length; k++) {
            assertTrue(t.mutator.counts[k] > 100, Mutator.KINDS[k] + ": " + t.mutator.counts[k]);
        }
        assertTrue(t.mutated > 15_000 && t.mutated < 35_000, "about 45% damaged: " + t.mutated);
    }

    @Test
    void builtPacketsCarryCorrectChecksums() {
        BuiltConversations built = new BuiltConversations(new Random(5));
        Decoder decoder = new Decoder(DecodeOptions.DEFAULT.withChecksums(true));
        Frame f = new Frame();
        Packet p = new Packet();
        int checked = 0;
        for (int i = 0; i < 2_000; i++) {
            for (byte[] b : built.next()) {
                f.data = b;
                f.length = b.length;
                f.linkType = Frame.LINK_RAW;
                p.reset(f, 1);
                decoder.decode(p);
                assertTrue(p.ipVersion == 4 || p.ipVersion == 6, "decoded as IP");
                assertFalse(p.ipChecksumBad, "IPv4 header checksum");
                assertFalse(p.l4ChecksumBad, () -> "transport checksum of " + java.util.HexFormat.of().formatHex(b));
                checked++;
            }
        }
        assertTrue(checked > 10_000, "packets checked: " + checked);
    }
}
