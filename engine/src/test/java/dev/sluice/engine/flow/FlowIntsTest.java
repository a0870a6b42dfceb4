package dev.sluice.engine.flow;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flowint storage of {@link Flow}: set mask and values grown on demand, cleared on recycle. */
class FlowIntsTest {
    @Test
    void holdsValuesByIndexAndKnowsWhichAreSet() {
        Flow f = new Flow();
        assertFalse(f.isIntSet(0));
        assertEquals(0, f.intValue(130));
        f.setInt(130, 7);
        f.setInt(2, 0);
        assertTrue(f.isIntSet(130));
        assertTrue(f.isIntSet(2), "zero is a value");
        assertFalse(f.isIntSet(3));
        assertEquals(7, f.intValue(130));
        f.setInt(130, 8);
        assertEquals(8, f.intValue(130));
    }

    @Test
    void recyclingForgetsEveryValueButKeepsTheArrays() {
        Flow f = new Flow();
        f.setInt(70, 5);
        long[] ints = f.ints;
        f.recycle();
        assertFalse(f.isIntSet(70));
        assertEquals(0, f.intValue(70));
        f.setInt(70, 1);
        assertTrue(ints == f.ints, "no new array after warm-up");
    }
}
