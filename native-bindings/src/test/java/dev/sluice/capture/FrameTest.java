package dev.sluice.capture;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class FrameTest {
    @Test
    void aGrownBufferIsTheNextPowerOfTwoAtLeastTwoKiB() {
        Frame f = new Frame(0);
        f.ensureCapacity(100);
        assertEquals(2048, f.data.length);
        f.ensureCapacity(2049);
        assertEquals(4096, f.data.length);
        byte[] kept = f.data;
        f.ensureCapacity(4000);
        assertSame(kept, f.data, "a packet that fits allocates nothing");
        f.ensureCapacity(9001);
        assertEquals(16384, f.data.length);
        f.ensureCapacity(16384);
        assertEquals(16384, f.data.length);
    }
}
