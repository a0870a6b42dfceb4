package dev.sluice.engine.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** {@code sluice run --reject-mark}: the nfmark of injected resets and ICMP errors. */
class RunCommandRejectMarkTest {
    @Test
    void takesHexDecimalAndTheFull32Bits() {
        assertEquals(0x5e1ce, RunCommand.parseMark("0x5e1ce"));
        assertEquals(42, RunCommand.parseMark("42"));
        assertEquals(0, RunCommand.parseMark("0"));
        assertEquals(0xffffffff, RunCommand.parseMark("0xffffffff"));
    }

    @Test
    void refusesWhatIsNotA32BitMark() {
        for (String bad : new String[] {"0x100000000", "-1", "mark", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunCommand.parseMark(bad));
            assertTrue(e.getMessage().startsWith("--reject-mark takes a 32-bit mark"), e.getMessage());
        }
    }

    @Test
    void defaultsToTheMarkTheIptablesScriptSkips() {
        RunCommand cmd = new RunCommand();
        new picocli.CommandLine(cmd).parseArgs("-q", "0", "-S", "x.rules");
        assertEquals(0x5e1ce, RunCommand.parseMark(cmd.rejectMark));
    }
}
