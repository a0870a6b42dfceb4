package dev.sluice.engine.decode;

import static dev.sluice.engine.decode.Pkt.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.capture.Frame;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every prefix and many bit flips of a few packets: decoding must never throw. */
class DecoderFuzzTest {
    private static final int FLIPS_PER_PACKET = 4000;

    private static byte[][] samples() {
        byte[] opts = hex("01 07 07 04 00000000 44 08 05 00 00000000 00 000000");
        return new byte[][] {
            eth(0x0800, ipv4(6, tcp(1, 80, 0x12, hex("020405b4 0402 080a 00000001 00000002 01 030307"), ascii("GET / HTTP/1.1")))),
            eth(0x8100, vlan(5, 0x86DD, ipv6(0, cat(hex("2c00 0104 00000000"), hex("11 00 0001 00000009"), udp(53, 53, ascii("dns")))))),
            eth(0x0800, ipv4(17, opts, 0, udp(3544, 1, ipv6(58, icmp(128, 0, 1, 2, ascii("t")))))),
            eth(0x0800, ipv4(47, cat(hex("1000 88be 00000004 1006 0006 00000014"), eth(0x0800, ipv4(1, icmp(8, 0, 1, 1, new byte[16])))))),
            eth(0x0800, ipv4(17, udp(1, 4789, cat(hex("08000000 00001000"), eth(0x8864, cat(hex("1100 0001 0020 0021"), ipv4(6, tcp(2, 3, ascii("x")))))))))
        };
    }

    @Test
    void survivesEveryPrefix() {
        for (byte[] s : samples()) {
            for (int len = 0; len <= s.length; len++) {
                decodeAll(java.util.Arrays.copyOf(s, len), len);
            }
        }
    }

    @Test
    void survivesRandomBitFlips() {
        Random rnd = new Random(0x5eed);
        for (byte[] s : samples()) {
            for (int i = 0; i < FLIPS_PER_PACKET; i++) {
                byte[] m = s.clone();
                int flips = 1 + rnd.nextInt(4);
                for (int k = 0; k < flips; k++) {
                    int bit = rnd.nextInt(m.length * 8);
                    m[bit >>> 3] ^= (byte) (1 << (bit & 7));
                }
                int len = rnd.nextInt(4) == 0 ? rnd.nextInt(m.length + 1) : m.length;
                decodeAll(m, len);
            }
        }
    }

    @Test
    void neverReadsPastFrameLength() {
        // Bytes after frame.length in the array are garbage from an earlier, longer packet.
        byte[] s = samples()[0];
        Frame f = new Frame();
        java.util.Arrays.fill(f.data, (byte) 0x45);
        System.arraycopy(s, 0, f.data, 0, 30);
        f.length = 30;
        f.linkType = Frame.LINK_ETHERNET;
        Packet p = new Packet();
        p.reset(f, 1);
        new Decoder(DecodeOptions.DEFAULT).decode(p);
        assertTrue(p.hasEvent(DecodeEvent.IPV4_TRUNCATED));
    }

    private static void decodeAll(byte[] data, int len) {
        Frame f = new Frame();
        f.data = data;
        f.length = len;
        Packet p = new Packet();
        Decoder dec = new Decoder(DecodeOptions.DEFAULT);
        for (int lt : new int[] {Frame.LINK_ETHERNET, Frame.LINK_RAW, Frame.LINK_NULL, Frame.LINK_LINUX_SLL,
                Frame.LINK_LINUX_SLL2}) {
            f.linkType = lt;
            p.reset(f, 1);
            try {
                dec.decode(p);
            } catch (RuntimeException e) {
                fail("link " + lt + " len " + len + " data " + java.util.HexFormat.of().formatHex(data, 0, len), e);
            }
            assertTrue(p.payloadOffset >= 0 && p.payloadLength >= 0
                    && p.payloadOffset + p.payloadLength <= len, "payload within the frame");
        }
    }
}
