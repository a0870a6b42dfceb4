package dev.sluice.engine.inline;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Verdicts of {@code sluice run} on real traffic between two namespaces. */
@Timeout(60)
class InlineVerdictTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsNfqueue() throws Exception {
        InlineRig.assumeInline();
    }

    @Test
    void passesCleanTrafficByteForByte() throws Exception {
        try (InlineRig rig = new InlineRig(dir)) {
            rig.startEngine();
            rig.assertCleanEcho(200_000);
            rig.assertCleanEcho(1);
            assertTrue(rig.awaitErr(l -> l.matches("sluice: stats q0: [1-9][0-9]* packets, .* 0 dropped, .*"),
                    Duration.ofSeconds(5)), "stats show packets and no drops:\n" + rig.engineStderr());
            assertEquals(0, rig.stopEngine());
            assertTrue(rig.fastLog().isEmpty(), "no alerts for clean traffic: " + rig.fastLog());
        }
    }

    @Test
    void dropsAttackInOneSegmentAndTheRestOfItsFlow() throws Exception {
        dropsAttack(false);
    }

    @Test
    void dropsAttackSplitAcrossTwoSegments() throws Exception {
        dropsAttack(true);
    }

    private void dropsAttack(boolean split) throws Exception {
        String how = split ? "split" : "whole";
        try (InlineRig rig = new InlineRig(dir)) {
            rig.startEngine();
            rig.assertCleanEcho(10_000);

            String echo = rig.clientRun(Duration.ofSeconds(15), "attack", how);
            assertTrue(echo.startsWith("HELLO ok "), "the flow worked before the attack: " + echo);
            assertTrue(echo.endsWith("PASSWD no"), "the attack never reached the server: " + echo
                    + "\nengine stderr:\n" + rig.engineStderr());

            String tick = rig.clientRun(Duration.ofSeconds(15), "tickattack", how);
            assertTrue(tick.matches("BEFORE [3-9][0-9]* AFTER 0"),
                    "server-to-client packets of the dropped flow are dropped too: " + tick);

            rig.assertCleanEcho(10_000);
            assertEquals(0, rig.stopEngine(), rig.engineStderr());
            String fast = rig.fastLog();
            assertTrue(fast.contains("[Drop] [**] [1:1:0] passwd echo [**]"), "fast.log: " + fast);
            assertTrue(fast.contains("[Drop] [**] [1:2:0] passwd tick [**]"), "fast.log: " + fast);
            String eve = rig.eveJson();
            assertTrue(eve.lines().anyMatch(l -> l.contains("\"event_type\":\"alert\"")
                    && l.matches(".*\"action\"\\s*:\\s*\"blocked\".*") && l.contains("\"signature_id\":1")),
                    "eve.json: " + eve);
        }
    }
}
