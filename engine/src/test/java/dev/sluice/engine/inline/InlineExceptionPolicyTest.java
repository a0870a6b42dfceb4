package dev.sluice.engine.inline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.engine.ctl.ControlClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An exception policy on a real queue: with room for one TCP session, the first connection is
 * tracked and the next ones meet the session cap, which stream.memcap-policy drop-flow turns into
 * dropped connections; {@code sluice ctl stats} and the stop line count it.
 */
@Timeout(120)
class InlineExceptionPolicyTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsNfqueue() throws Exception {
        InlineRig.assumeInline();
    }

    @Test
    void sessionCapWithDropFlowCutsTheConnectionsOverItAndCountsThem() throws Exception {
        try (InlineRig rig = new InlineRig(dir)) {
            Path sock = dir.resolve("ctl.sock");
            // stream.memcap 512 bytes: one session (a closed flow keeps its session until it times out)
            rig.startEngine("--socket", sock.toString(), "--set", "stream.memcap=512",
                    "--set", "stream.memcap-policy=drop-flow");
            rig.assertCleanEcho(10_000);
            String cut = rig.clientRun(Duration.ofSeconds(20), "echo", "1000");
            assertTrue(cut.startsWith("ERR"), "the connection over the session cap is dropped: " + cut);
            JsonNode m = ControlClient.request(sock, "stats", null).path("message");
            JsonNode counters = m.path("counters");
            assertTrue(counters.path("exception_policy.tcp.ssn_memcap.drop_flow").asLong() >= 1, m.toString());
            assertTrue(m.path("dropped").asLong() >= 1, m.toString());
            assertEquals(0, rig.stopEngine(), rig.engineStderr());
            assertTrue(rig.engineStderr().contains("limits and exception policies: "), rig.engineStderr());
            assertTrue(rig.engineStderr().contains("exception_policy.tcp.ssn_memcap.drop_flow="), rig.engineStderr());
        }
    }
}
