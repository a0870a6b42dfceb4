package dev.sluice.engine.inline;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starting and stopping {@code sluice run}: fail-open on SIGKILL, a clean stop on SIGTERM. */
@Timeout(60)
class InlineLifecycleTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsNfqueue() throws Exception {
        InlineRig.assumeInline();
    }

    @Test
    void trafficKeepsFlowingAfterSigkill() throws Exception {
        try (InlineRig rig = new InlineRig(dir)) {
            Process engine = rig.startEngine();
            Process ticks = rig.clientStart("ticks");
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            CompletableFuture.runAsync(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(ticks.getInputStream(), StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        lines.add(l);
                    }
                } catch (Exception ignored) {
                    // client gone
                }
            });
            for (int i = 0; i < 3; i++) {
                String l = lines.poll(5, TimeUnit.SECONDS);
                assertEquals("T", l, "tick before the kill");
            }
            engine.destroyForcibly();
            assertTrue(engine.waitFor(10, TimeUnit.SECONDS), "engine died");
            lines.clear();
            // The open connection goes on once the queue has no listener (--queue-bypass)...
            for (int i = 0; i < 3; i++) {
                String l = lines.poll(5, TimeUnit.SECONDS);
                assertEquals("T", l, "tick after the kill");
            }
            // ...and so do new ones.
            rig.assertCleanEcho(100_000);
        }
    }

    @Test
    void sigtermStopsCleanlyAndFlushesLogs() throws Exception {
        try (InlineRig rig = new InlineRig(dir)) {
            rig.startEngine();
            rig.assertCleanEcho(20_000);
            String echo = rig.clientRun(Duration.ofSeconds(15), "attack", "whole");
            assertTrue(echo.endsWith("PASSWD no"), echo);
            assertEquals(0, rig.stopEngine(), rig.engineStderr());
            String err = rig.engineStderr();
            assertTrue(err.lines().anyMatch("sluice: stopped"::equals), err);
            assertTrue(err.lines().anyMatch(l -> l.matches("sluice: stats q0: .* [1-9][0-9]* dropped, .*")), err);
            String fast = rig.fastLog();
            assertTrue(fast.contains("[Drop] [**] [1:1:0] passwd echo [**]"), "fast.log flushed: " + fast);
            assertTrue(rig.eveJson().contains("\"signature_id\":1"), "eve.json flushed: " + rig.eveJson());
            // Unbound queue with --queue-bypass: traffic passes once the engine is gone.
            rig.assertCleanEcho(20_000);
        }
    }

    @Test
    void dropsToAnUnprivilegedUserAfterBindingAndStillGivesVerdicts() throws Exception {
        try (InlineRig rig = new InlineRig(dir)) {
            Process engine = rig.startEngine("--user", "nobody", "--socket", "none");
            assertTrue(rig.awaitErr(l -> l.startsWith("sluice: running as nobody:"), Duration.ofSeconds(10)), rig.engineStderr());
            String status = java.nio.file.Files.readString(Path.of("/proc/" + engine.pid() + "/status"));
            assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+65534\\s+65534\\s+65534\\s+65534")), status);
            // The workers, started after the drop, keep CAP_NET_ADMIN: verdicts still reach the kernel.
            rig.assertCleanEcho(20_000);
            String r = rig.clientRun(Duration.ofSeconds(15), "attack", "whole");
            assertTrue(r.endsWith("PASSWD no"), r + "\n" + rig.engineStderr());
            assertEquals(0, rig.stopEngine(), rig.engineStderr());
            assertTrue(rig.fastLog().contains("[Drop] [**] [1:1:0] passwd echo [**]"), rig.fastLog());
        }
    }
}
