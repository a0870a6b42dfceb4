package dev.sluice.capture.nfq;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class NfqKernelStatsTest {
    private static final String TEXT = ""
            + "    0  12345     2 2 65531     3     4      100  1\n"
            + "    7   6789     0 2 65531     0     0     1000  1\n";

    @Test
    void findsTheLineOfTheQueue() {
        NfqKernelStats s = NfqKernelStats.find(TEXT, 7);
        assertEquals(new NfqKernelStats(7, 6789, 0, 0, 0, 1000), s);
        NfqKernelStats z = NfqKernelStats.find(TEXT, 0);
        assertEquals(2, z.queueTotal());
        assertEquals(3, z.queueDropped());
        assertEquals(4, z.userDropped());
    }

    @Test
    void givesNullForMissingQueueOrGarbage() {
        assertNull(NfqKernelStats.find(TEXT, 1));
        assertNull(NfqKernelStats.find("not a queue line at all here x\n", 0));
        assertNull(NfqKernelStats.find("", 0));
    }
}
