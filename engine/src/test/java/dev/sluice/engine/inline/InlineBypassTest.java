package dev.sluice.engine.inline;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * stream.bypass on a real NFQUEUE: a bulk transfer goes on past the depth, with the connmark rules
 * out of the queue, without them queued but uninspected; an attack before the depth is dropped,
 * one after it passes when the flow is bypassed (the trade-off) and is dropped when it is not.
 */
@Timeout(90)
class InlineBypassTest {
    private static final String DEPTH = "64kb";
    private static final Pattern BYPASS_STATS =
            Pattern.compile("sluice: stats q0: (\\d+) packets, .*bypassed: (\\d+) flows, (\\d+) packets uninspected, (\\d+) marked.*");

    @TempDir
    Path dir;

    @BeforeEach
    void needsNfqueue() throws Exception {
        InlineRig.assumeInline();
    }

    /** The last stats line's numbers: packets, flows bypassed, packets uninspected, marked. */
    private static long[] lastBypassStats(InlineRig rig) {
        long[] last = null;
        for (String l : rig.engineStderr().lines().toList()) {
            Matcher m = BYPASS_STATS.matcher(l);
            if (m.matches()) {
                last = new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                        Long.parseLong(m.group(4))};
            }
        }
        if (last == null) {
            throw new AssertionError("no stats line with bypass counts:\n" + rig.engineStderr());
        }
        return last;
    }

    @Test
    void withTheConnmarkRulesABypassedTransferLeavesTheQueueAndAnAttackBeforeTheDepthIsStillDropped() throws Exception {
        try (InlineRig rig = new InlineRig(dir)) {
            rig.useSluiceIptables(dir.resolve("ipt-state"), "--bypass-mark", "0x20/0xf0");
            rig.startEngine("--set", "stream.reassembly.depth=" + DEPTH, "--set", "stream.bypass=yes", "--bypass-mark", "0x20/0xf0");
            String attack = rig.clientRun(Duration.ofSeconds(15), "attack", "whole");
            assertTrue(attack.endsWith("PASSWD no"), "an attack before the depth is dropped: " + attack + "\n" + rig.engineStderr());

            rig.assertCleanEcho(8_000_000);
            long queued = rig.counter("SLUICE_INPUT", "NFQUEUE", "") + rig.counter("SLUICE_OUTPUT", "NFQUEUE", "");
            long byConnection = rig.counter("SLUICE_INPUT", "RETURN", "connmark match")
                    + rig.counter("SLUICE_OUTPUT", "RETURN", "connmark match");
            long saved = rig.counter("SLUICE_INPUT", "CONNMARK", "") + rig.counter("SLUICE_OUTPUT", "CONNMARK", "");
            assertTrue(saved > 0, "the engine's marked repeats reached the save rule");
            assertTrue(byConnection > queued, "most of the 8 MB echo never reached the queue: " + byConnection
                    + " packets passed by their connection's mark, " + queued + " queued in all");

            // The engine's count for that connection stopped growing: another echo adds only its own packets.
            assertTrue(rig.awaitErr(l -> BYPASS_STATS.matcher(l).matches(), Duration.ofSeconds(5)));
            Thread.sleep(1500);
            long[] before = lastBypassStats(rig);
            assertEquals(1, before[1], "the echo flow was bypassed (the attack's flow was dropped before its depth)");
            assertTrue(before[3] > 0, "bypassed packets were given back marked");
            long byConnectionBefore = byConnection;
            String after = rig.clientRun(Duration.ofSeconds(20), "bulkattack", "200000");
            assertEquals("ECHOED 200000 PASSWD yes", after,
                    "past the depth the attack is not inspected, not even queued: bypass is a trade-off\n" + rig.engineStderr());
            assertTrue(rig.counter("SLUICE_INPUT", "RETURN", "connmark match") + rig.counter("SLUICE_OUTPUT", "RETURN", "connmark match")
                    > byConnectionBefore, "that flow too left the queue");
            assertTrue(!rig.engineStderr().contains("came back to the queue"), rig.engineStderr());
            assertEquals(0, rig.stopEngine(), rig.engineStderr());
            assertTrue(rig.fastLog().contains("[Drop] [**] [1:1:0] passwd echo [**]"), "the attack before the depth: " + rig.fastLog());
        }
    }

    @Test
    void withoutTheConnmarkRulesABypassedFlowStaysQueuedButIsNotInspected() throws Exception {
        try (InlineRig rig = new InlineRig(dir)) {
            rig.startEngine("--set", "stream.reassembly.depth=" + DEPTH, "--set", "stream.bypass=yes");
            String r = rig.clientRun(Duration.ofSeconds(20), "bulkattack", "400000");
            assertEquals("ECHOED 400000 PASSWD yes", r, "the attack past the depth passes\n" + rig.engineStderr());
            assertTrue(rig.awaitErr(l -> {
                Matcher m = BYPASS_STATS.matcher(l);
                return m.matches() && Long.parseLong(m.group(2)) == 1 && Long.parseLong(m.group(3)) > 0;
            }, Duration.ofSeconds(5)), "the flow's later packets reached the engine and were accepted uninspected:\n"
                    + rig.engineStderr());
            long[] s = lastBypassStats(rig);
            assertEquals(0, s[3], "no mark without nfq.bypass-mark");
            assertEquals(0, rig.stopEngine(), rig.engineStderr());
            assertTrue(rig.fastLog().isEmpty(), "nothing inspected past the depth: " + rig.fastLog());
        }
    }

    @Test
    void withoutBypassAnAttackPastTheDepthIsStillDroppedByItsOwnPacket() throws Exception {
        try (InlineRig rig = new InlineRig(dir)) {
            rig.startEngine("--set", "stream.reassembly.depth=" + DEPTH);
            String r = rig.clientRun(Duration.ofSeconds(20), "bulkattack", "400000");
            assertEquals("ECHOED 400000 PASSWD no", r, rig.engineStderr());
            assertEquals(0, rig.stopEngine(), rig.engineStderr());
            assertTrue(rig.fastLog().contains("[Drop] [**] [1:1:0] passwd echo [**]"), "fast.log: " + rig.fastLog());
        }
    }
}
