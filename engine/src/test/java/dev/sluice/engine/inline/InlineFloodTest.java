package dev.sluice.engine.inline;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A queue the engine does not drain: the kernel accepts what does not fit (NFQA_CFG_F_FAIL_OPEN)
 * instead of stalling the host's traffic, and the engine picks up again when it resumes.
 */
@Timeout(90)
class InlineFloodTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsNfqueue() throws Exception {
        InlineRig.assumeInline();
    }

    private static void signal(Process p, String sig) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + sig, String.valueOf(p.pid())).inheritIO().start();
        assertEquals(0, k.waitFor(), "kill -" + sig);
    }

    @Test
    void fullQueueFailsOpenInsteadOfStalling() throws Exception {
        try (InlineRig rig = new InlineRig(dir)) {
            Process engine = rig.startEngine("--queue-maxlen", "16");
            rig.assertCleanEcho(20_000);
            // Freeze the consumer, then flood: 64 SYNs at once fill its 16-packet queue, and every
            // later packet meets a full queue.
            signal(engine, "STOP");
            try {
                assertEquals("FLOOD 64", rig.clientRun(Duration.ofSeconds(10), "flood", "64"));
                long start = System.nanoTime();
                rig.assertCleanEcho(500_000);
                rig.assertCleanEcho(500_000);
                long ms = (System.nanoTime() - start) / 1_000_000;
                String[] q = rig.kernelQueueLine().split("\\s+");
                // Fields: queue, portid, waiting, copy mode, copy range, queue dropped, user dropped, id, 1.
                assertEquals(9, q.length, "nfnetlink_queue line: " + String.join(" ", q));
                assertEquals("16", q[2], "the frozen engine's queue is full");
                assertEquals("0", q[5], "nothing dropped for a full queue: fail-open accepts instead");
                assertTrue(ms < 30_000, "traffic kept flowing while the queue was full (" + ms + " ms)");
            } finally {
                signal(engine, "CONT");
            }
            // The engine gives its 16 held packets their verdicts and inspects new traffic again.
            rig.assertCleanEcho(20_000);
            String attack = rig.clientRun(Duration.ofSeconds(15), "attack", "whole");
            assertTrue(attack.endsWith("PASSWD no"), "attack after resuming is dropped: " + attack);
            assertEquals(0, rig.stopEngine(), rig.engineStderr());
            assertTrue(rig.fastLog().contains("[Drop]"), rig.fastLog());
        }
    }
}
