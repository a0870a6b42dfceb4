package dev.sluice.engine.detect;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineSwapTest {
    private static DetectEngine engine() {
        return DetectEngine.build(List.of(), 0, "java");
    }

    @Test
    void replacedEngineIsClosedOnlyWhenTheLastWorkerLetsGo() {
        List<DetectEngine> closed = new ArrayList<>();
        DetectEngine a = engine();
        EngineSwap swap = new EngineSwap(a, ThresholdTracker.Plan.NONE, closed::add);
        EngineSwap.Generation w1 = swap.acquire();
        EngineSwap.Generation w2 = swap.acquire();
        DetectEngine b = engine();
        EngineSwap.Generation g = swap.publish(b, ThresholdTracker.Plan.NONE);
        assertEquals(1, g.id);
        assertSame(g, swap.current());
        assertTrue(closed.isEmpty(), "two workers still run the old engine");
        swap.release(w1);
        assertTrue(closed.isEmpty(), "one worker still runs it");
        swap.release(w2);
        assertEquals(List.of(a), closed);
        assertEquals(1, swap.retired());
        b.close();
    }

    @Test
    void engineNobodyHoldsIsClosedAtPublishAndSkippedOnesToo() {
        List<DetectEngine> closed = new ArrayList<>();
        DetectEngine a = engine();
        EngineSwap swap = new EngineSwap(a, ThresholdTracker.Plan.NONE, closed::add);
        EngineSwap.Generation held = swap.acquire();
        DetectEngine b = engine();
        swap.publish(b, ThresholdTracker.Plan.NONE);
        DetectEngine c = engine();
        // Two reloads before the worker saw a packet: b was never held and goes at once.
        swap.publish(c, ThresholdTracker.Plan.NONE);
        assertEquals(List.of(b), closed);
        swap.release(held);
        assertEquals(List.of(b, a), closed);
        EngineSwap.Generation now = swap.acquire();
        assertSame(c, now.engine);
        swap.release(now);
        assertEquals(2, closed.size(), "the current engine stays open");
        c.close();
    }
}
