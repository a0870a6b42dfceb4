package dev.sluice.engine.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Queue arguments of {@code sluice run}. */
class RunCommandTest {
    @Test
    void queuesAcceptNumbersRangesAndLists() {
        assertEquals(List.of(0), RunCommand.parseQueues(List.of("0")));
        assertEquals(List.of(0, 1, 2, 3, 7), RunCommand.parseQueues(List.of("0:3", "7", "2")));
        assertEquals(List.of(4, 5), RunCommand.parseQueues(List.of("4,5")));
    }

    @Test
    void badQueueIsARefusalWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunCommand.parseQueues(List.of("3:1")));
        assertEquals("-q takes a queue number 0-65535 or a range A:B, not '3:1'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunCommand.parseQueues(List.of("x")));
    }
}
