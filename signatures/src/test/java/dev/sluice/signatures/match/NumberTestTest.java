package dev.sluice.signatures.match;

import dev.sluice.signatures.RuleException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumberTestTest {
    @Test
    void parsesEveryForm() throws Exception {
        assertTrue(NumberTest.parse("t", "8", 255).test(8));
        assertTrue(NumberTest.parse("t", "<15", 255).test(14));
        assertFalse(NumberTest.parse("t", "<15", 255).test(15));
        assertTrue(NumberTest.parse("t", ">=15", 255).test(15));
        assertTrue(NumberTest.parse("t", "<=3", 255).test(3));
        assertTrue(NumberTest.parse("t", "!1", 255).test(2));
        assertFalse(NumberTest.parse("t", "!1", 255).test(1));
        assertTrue(NumberTest.parse("t", "7<>20", 255).test(8));
        assertFalse(NumberTest.parse("t", "7<>20", 255).test(7));
        assertFalse(NumberTest.parse("t", "7-20", 255).test(20));
        assertTrue(NumberTest.parse("t", "!7-20", 255).test(20));
        assertTrue(NumberTest.parse("t", " = 5 ", 255).test(5));
    }

    @Test
    void refusesBadValues() {
        assertEquals("ttl: value 256 out of range 0-255", assertThrows(RuleException.class, () -> NumberTest.parse("ttl", "256", 255)).getMessage());
        assertThrows(RuleException.class, () -> NumberTest.parse("ttl", "x", 255));
        assertThrows(RuleException.class, () -> NumberTest.parse("ttl", "20<>7", 255));
        assertThrows(RuleException.class, () -> NumberTest.parse("ttl", "", 255));
    }
}
