package dev.sluice.engine.defrag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.fuzz.FuzzInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzz target (Jazzer) of IP defragmentation: a sequence of IPv4 and IPv6
 * fragments of four datagrams, built from the input, through one {@link Defragmenter} with a small
 * tracker count and memcap. Input ({@link FuzzInput}, front to back): policy, trackers (1-8),
 * memcap choice, timeout (1-60 s); then per fragment: a control byte (bit 0 IPv6, bits 1-2
 * datagram id, bit 3 more-fragments, bit 4 IPv6 hop-by-hop header, bit 5 a 0-90 s time jump), the
 * offset in 8-byte units (two bytes, 13 bits used), the data length (one byte) and the data.
 */
class DefragmenterFuzzTest {
    private static final int MAX_FRAGMENTS = 64;
    private static final long[] MEMCAPS = {600, 4096, 1L << 20};
    private static final int UDP = 17;
    private static final int HOP_BY_HOP = 0;

    /** A fragment as fed: where its data sits in the datagram. */
    private record Fed(int off, byte[] data) {}

    @FuzzTest
    void rebuildsOnlyBytesItWasGivenWithinItsMemoryBounds(byte[] input) {
        FuzzInput in = new FuzzInput(input);
        OverlapPolicy policy = in.pick(OverlapPolicy.values());
        int maxTrackers = in.range(1, 8);
        long memcap = in.pick(MEMCAPS[0], MEMCAPS[1], MEMCAPS[2]);
        int timeout = in.range(1, 60);
        DefragConfig cfg = new DefragConfig(timeout, maxTrackers, memcap, policy);
        Defragmenter defrag = new Defragmenter(cfg, DecodeOptions.DEFAULT);

        // Fragments fed per datagram since it was last rebuilt: every rebuilt byte comes from one.
        Map<Integer, List<Fed>> fed = new HashMap<>();
        long now = 1_000_000L;
        for (int n = 1; n <= MAX_FRAGMENTS && !in.exhausted(); n++) {
            int ctl = in.u8();
            boolean v6 = (ctl & 1) != 0;
            int id = (ctl >>> 1) & 3;
            boolean more = (ctl & 8) != 0;
            boolean hopByHop = v6 && (ctl & 16) != 0;
            now += (ctl & 32) != 0 ? in.range(0, 90) * 1_000_000L : 1_000;
            int off = (in.u16() & 0x1fff) << 3;
            byte[] data = in.bytes(in.u8());

            byte[] bytes;
            if (v6) {
                byte[] head = hopByHop
                        ? Frags.ipv6(HOP_BY_HOP, Frags.bytes(44, 0, 1, 4, 0, 0, 0, 0), new byte[0])
                        : Frags.ipv6(44, new byte[0], new byte[0]);
                bytes = Frags.ipv6Fragment(head, UDP, id, off, more, data);
            } else {
                bytes = Frags.ipv4Fragment(id, UDP, off, more, data);
            }
            Packet frag = Frags.decode(v6 ? Frame.LINK_IPV6 : Frame.LINK_IPV4, bytes, n, now);
            int key = (v6 ? 0x10000 : 0) | id;
            fed.computeIfAbsent(key, k -> new ArrayList<>()).add(new Fed(off, data));

            Packet out = defrag.process(frag, now);

            assertTrue(defrag.bytesHeld() >= 0 && defrag.bytesHeld() <= memcap,
                    "bytes held " + defrag.bytesHeld() + " outside [0, memcap " + memcap + "]");
            assertTrue(defrag.trackersActive() <= maxTrackers, "trackers " + defrag.trackersActive());
            if (defrag.trackersActive() == 0) {
                assertEquals(0, defrag.bytesHeld(), "bytes held with no tracker");
            }
            if (out != null) {
                assertRebuiltFrom(out, v6, fed.remove(key));
            }
        }
        // Once every tracker timed out, nothing may be left accounted.
        defrag.expire(now + (timeout + 1) * 1_000_000L);
        assertEquals(0, defrag.trackersActive(), "trackers left after expiry");
        assertEquals(0, defrag.bytesHeld(), "bytes left accounted after every tracker expired");
    }

    private static void assertRebuiltFrom(Packet out, boolean v6, List<Fed> fragments) {
        assertTrue(out.defragmented, "a rebuilt packet is marked defragmented");
        assertEquals(v6 ? 6 : 4, out.ipVersion, "rebuilt packet's IP version");
        byte[] d = out.frame.data;
        // the header comes from the offset-0 fragment: IPv4 without options, IPv6 with or without
        // the 8-byte hop-by-hop header
        int headLen = v6 ? (d[6] == HOP_BY_HOP ? 48 : 40) : 20;
        int len = out.frame.length;
        int total = v6 ? 40 + Frags.u16(d, 4) : Frags.u16(d, 2);
        assertEquals(len, total, "IP length field of the rebuilt packet");
        long given = 0;
        for (Fed f : fragments) {
            given += f.data.length;
        }
        int n = len - headLen;
        assertTrue(n > 0 && n <= given, "rebuilt " + n + " data bytes from " + given + " given");
        for (int i = 0; i < n; i++) {
            byte b = d[headLen + i];
            boolean fromSomeFragment = false;
            for (Fed f : fragments) {
                if (i >= f.off && i < f.off + f.data.length && f.data[i - f.off] == b) {
                    fromSomeFragment = true;
                    break;
                }
            }
            assertTrue(fromSomeFragment, "rebuilt byte " + i + " was in no fragment at that offset");
        }
    }
}
