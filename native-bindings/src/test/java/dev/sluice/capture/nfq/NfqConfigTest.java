package dev.sluice.capture.nfq;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class NfqConfigTest {
    @Test
    void defaultsMatchTheDocumentedValues() {
        NfqConfig c = NfqConfig.of(3);
        assertEquals(3, c.queue());
        assertEquals(NfqWire.MAX_COPY_RANGE, c.snapLength(), "65535 is clamped to what the kernel copies");
        assertEquals(4096, c.maxLength());
        assertTrue(c.failOpen());
        assertTrue(c.gso());
        assertEquals(8 << 20, c.receiveBuffer());
        assertTrue(c.noEnobufs());
        assertEquals(64, c.batchSize());
        assertEquals(0, c.defaultMark());
    }

    @Test
    void refusesQueueNumberOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> NfqConfig.of(65_536));
        assertThrows(IllegalArgumentException.class, () -> NfqConfig.of(-1));
    }

    @Test
    void refusesNonPositiveBatchSizeAndLengths() {
        NfqConfig c = NfqConfig.of(0);
        assertThrows(IllegalArgumentException.class, () -> c.withBatchSize(0));
        assertThrows(IllegalArgumentException.class, () -> c.withSnapLength(0));
        assertThrows(IllegalArgumentException.class, () -> c.withMaxLength(0));
        assertThrows(IllegalArgumentException.class, () -> c.withReceiveBuffer(-1));
    }

    @Test
    void withersChangeOnlyTheirField() {
        NfqConfig c = NfqConfig.of(1).withBatchSize(16).withDefaultMark(0x20).withFailOpen(false);
        assertEquals(16, c.batchSize());
        assertEquals(0x20, c.defaultMark());
        assertFalse(c.failOpen());
        assertEquals(4096, c.maxLength());
    }
}
