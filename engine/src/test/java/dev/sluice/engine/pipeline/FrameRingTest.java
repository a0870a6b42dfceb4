package dev.sluice.engine.pipeline;

import dev.sluice.capture.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameRingTest {
    private static final int FRAMES = 200_000;

    /** Frame {@code i}: its length, id and bytes all derive from i, so a mixed-up frame shows. */
    private static void fill(Frame f, int i) {
        int len = 1 + (i * 7919) % 3000;     // some frames outgrow a slot's first buffer
        f.ensureCapacity(len);
        for (int k = 0; k < len; k++) {
            f.data[k] = (byte) (i + k);
        }
        f.length = len;
        f.id = i + 1;
        f.tsSeconds = i;
        f.linkType = i % 3;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyFrameComesOutOnceInOrderWithItsBytes() throws Exception {
        FrameRing ring = new FrameRing(8);
        AtomicReference<String> problem = new AtomicReference<>();
        long[] taken = new long[1];
        Thread worker = new Thread(() -> {
            Frame f = new Frame(16);
            int i = 0;
            while (ring.next(f)) {
                if (problem.get() == null && !intact(f, i)) {
                    problem.set("frame " + i + " came out as id " + f.id + " length " + f.length);
                }
                i++;
            }
            taken[0] = i;
        });
        worker.start();
        Frame staging = new Frame(16);
        for (int i = 0; i < FRAMES; i++) {
            fill(staging, i);
            assertTrue(ring.put(staging));
        }
        ring.close();
        worker.join(50_000);
        assertFalse(worker.isAlive(), "the worker ends once the ring is closed and drained");
        assertNull(problem.get());
        assertEquals(FRAMES, taken[0]);
    }

    private static boolean intact(Frame f, int i) {
        int len = 1 + (i * 7919) % 3000;
        if (f.length != len || f.id != i + 1 || f.tsSeconds != i || f.linkType != i % 3) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (f.data[k] != (byte) (i + k)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void handsOverBuffersWithoutCopying() {
        FrameRing ring = new FrameRing(4);
        Frame staging = new Frame(64);
        byte[] put = staging.data;
        fill(staging, 0);
        assertTrue(ring.put(staging));
        Frame f = new Frame(64);
        assertTrue(ring.next(f));
        assertSame(put, f.data, "the worker gets the very array the reader filled");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void readerBlockedOnAFullRingIsReleasedWhenTheWorkerStops() throws Exception {
        FrameRing ring = new FrameRing(2);
        Frame staging = new Frame(64);
        fill(staging, 0);
        assertTrue(ring.put(staging));
        assertTrue(ring.put(staging));
        AtomicReference<Boolean> third = new AtomicReference<>();
        Thread reader = new Thread(() -> third.set(ring.put(staging)));
        reader.start();
        Thread.sleep(50);
        assertTrue(reader.isAlive(), "a full ring makes the reader wait");
        ring.abandon(new OutOfMemoryError("test"));
        reader.join(20_000);
        assertFalse(reader.isAlive());
        assertEquals(Boolean.FALSE, third.get(), "a frame for a stopped worker is refused, not lost silently");
    }

    @Test
    void closedEmptyRingEndsTheWorker() {
        FrameRing ring = new FrameRing(4);
        ring.close();
        assertFalse(ring.next(new Frame(64)));
    }
    @Test
    void aStoppedWorkersRingRefusesTheNextFrameEvenWithRoom() {
        FrameRing ring = new FrameRing(8);
        Frame staging = new Frame(64);
        fill(staging, 0);
        assertTrue(ring.put(staging));
        ring.abandon(new IllegalStateException("test"));
        byte[] held = staging.data;
        assertFalse(ring.put(staging), "noticed at the next frame, not only when the ring fills");
        assertSame(held, staging.data, "a refused frame keeps its buffer");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void anInterruptedWorkerParksWhileWaitingAndKeepsItsInterrupt() throws Exception {
        FrameRing ring = new FrameRing(4);
        AtomicReference<Boolean> got = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            Thread.currentThread().interrupt();
            got.set(ring.next(new Frame(64)));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        worker.setDaemon(true);
        worker.start();
        // While it waits for a frame it parks, using next to no CPU, instead of spinning through parkNanos.
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx.isThreadCpuTimeSupported(), "no thread CPU time on this JVM");
        Thread.sleep(50);
        long cpu0 = mx.getThreadCpuTime(worker.getId());
        long wall0 = System.nanoTime();
        Thread.sleep(300);
        long cpu = mx.getThreadCpuTime(worker.getId()) - cpu0;
        long wall = System.nanoTime() - wall0;
        Frame staging = new Frame(64);
        fill(staging, 0);
        assertTrue(ring.put(staging));
        worker.join(20_000);
        assertFalse(worker.isAlive());
        assertEquals(Boolean.TRUE, got.get());
        assertEquals(Boolean.TRUE, stillInterrupted.get(), "the interrupt is restored for the caller");
        // A spinning thread takes whatever CPU it is given (a whole core on an idle box); parked, a few percent at most.
        assertTrue(cpu < wall / 5, "the waiting worker used " + cpu / 1_000_000 + " ms of CPU in " + wall / 1_000_000 + " ms");
    }
}
