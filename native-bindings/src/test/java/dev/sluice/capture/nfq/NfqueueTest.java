package dev.sluice.capture.nfq;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class NfqueueTest {
    @Test
    void blamesPrivilegesForEperm() {
        String s = Nfqueue.kernelProblem("nfq_create_queue", LibC.EPERM);
        assertTrue(s.startsWith("nfq_create_queue failed: EPERM"), s);
        assertTrue(s.contains("CAP_NET_ADMIN"), s);
    }

    @Test
    void blamesTheKernelModuleForOtherFailures() {
        assertTrue(Nfqueue.kernelProblem("nfq_create_queue", LibC.ENOENT).contains("modprobe nfnetlink_queue"));
        assertTrue(Nfqueue.kernelProblem("nfq_open", LibC.EPROTONOSUPPORT).contains("nfnetlink"));
    }

    @Test
    void namesTheOtherProcessForEbusy() {
        assertTrue(Nfqueue.kernelProblem("nfq_create_queue", LibC.EBUSY).contains("already bound"));
    }

    @Test
    void reportsNoLibraryProblemWhenItLoaded() {
        if (LibNfq.loadFailure() == null) {
            assertNull(Nfqueue.libraryProblem());
        } else {
            assertTrue(Nfqueue.libraryProblem().contains("install libnetfilter-queue1"));
        }
    }
}
