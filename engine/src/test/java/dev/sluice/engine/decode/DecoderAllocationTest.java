package dev.sluice.engine.decode;

import static dev.sluice.engine.decode.Pkt.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.capture.Frame;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The hot path must not allocate: decode many packets and look at this thread's allocation. */
class DecoderAllocationTest {
    private static final int ROUNDS = 20_000;

    @Test
    void decodingDoesNotAllocatePerPacket() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "no allocation counter");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
        byte[][] samples = {
            eth(0x0800, ipv4(6, tcp(1, 80, 0x12, hex("020405b4 0402 080a 00000001 00000002 01 030307"), ascii("GET /")))),
            eth(0x8100, vlan(7, 0x86DD, ipv6(17, udp(53, 53, ascii("q"))))),
            eth(0x0800, ipv4(47, cat(hex("0000 0800"), ipv4(1, icmp(8, 0, 1, 1, new byte[32]))))),
        };
        Frame[] frames = new Frame[samples.length];
        for (int i = 0; i < samples.length; i++) {
            frames[i] = new Frame();
            System.arraycopy(samples[i], 0, frames[i].data, 0, samples[i].length);
            frames[i].length = samples[i].length;
        }
        Packet p = new Packet();
        Decoder dec = new Decoder(DecodeOptions.DEFAULT);
        long sink = 0;
        for (int warm = 0; warm < 2; warm++) {
            long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int r = 0; r < ROUNDS; r++) {
                Frame f = frames[r % frames.length];
                p.reset(f, r);
                dec.decode(p);
                sink += p.payloadLength;
            }
            long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (warm == 1) {
                // Far below one byte per packet: only incidental JVM activity, never per-packet objects.
                assertTrue(allocated < ROUNDS / 2, "allocated " + allocated + " bytes for " + ROUNDS + " packets");
            }
        }
        assertTrue(sink > 0);
    }
}
