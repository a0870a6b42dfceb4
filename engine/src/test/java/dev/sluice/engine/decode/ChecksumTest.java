package dev.sluice.engine.decode;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ChecksumTest {
    @Test
    void matchesRfc1071Example() {
        // RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2 (one's complement 0x220d).
        byte[] b = Pkt.hex("0001f203f4f5f6f7");
        assertEquals(0xddf2, Checksum.fold(Checksum.add(b, 0, b.length, 0)));
        assertEquals(0x220d, Checksum.compute(b, 0, b.length));
    }

    @Test
    void padsOddLengthWithZero() {
        byte[] odd = Pkt.hex("0102ab");
        byte[] even = Pkt.hex("0102ab00");
        assertEquals(Checksum.compute(even, 0, 4), Checksum.compute(odd, 0, 3));
    }

    @Test
    void verifiesARangeWithItsChecksum() {
        byte[] ip = Pkt.hex("450000730000400040110000c0a80001c0a800c7");
        Pkt.put16(ip, 10, Checksum.compute(ip, 0, 20));
        assertEquals(0xb861, ((ip[10] & 0xff) << 8) | (ip[11] & 0xff));
        assertTrue(Checksum.verifies(Checksum.add(ip, 0, 20, 0)));
        ip[15] ^= 4;
        assertFalse(Checksum.verifies(Checksum.add(ip, 0, 20, 0)));
    }

    @Test
    void respectsOffsets() {
        byte[] b = Pkt.hex("ffff0001f203f4f5f6f7ffff");
        assertEquals(0x220d, Checksum.compute(b, 2, 8));
    }

    @Test
    void wordAtATimeSumFoldsLikeTheByteWiseDefinition() {
        java.util.Random rnd = new java.util.Random(7);
        byte[] d = new byte[2000];
        for (int round = 0; round < 2000; round++) {
            rnd.nextBytes(d);
            if (round % 3 == 0) {
                java.util.Arrays.fill(d, (byte) 0xff);    // the most carries
            }
            int off = rnd.nextInt(64);
            int len = rnd.nextInt(d.length - off);
            long ref = 0;
            for (int i = off; i < off + len; i += 2) {
                ref += ((d[i] & 0xff) << 8) | (i + 1 < off + len ? d[i + 1] & 0xff : 0);
            }
            long start = rnd.nextInt(1 << 20);
            assertEquals(Checksum.fold(ref + start), Checksum.fold(Checksum.add(d, off, len, start)),
                    "off " + off + " len " + len);
        }
    }
}
