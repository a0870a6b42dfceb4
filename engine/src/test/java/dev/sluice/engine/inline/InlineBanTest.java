package dev.sluice.engine.inline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.engine.cli.SluiceCli;
import dev.sluice.engine.ctl.ControlClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bans from a running {@code sluice run}: a client that sets off a drop rule twice lands in the
 * nftables ban set of the server's namespace, the kernel then refuses its new connections before
 * they reach the queue, {@code sluice ctl bans} lists it and {@code --lift} lets it back.
 */
@Timeout(120)
class InlineBanTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsNfqueueAndNft() throws Exception {
        InlineRig.assumeInline();
        boolean nft = Files.isExecutable(Path.of("/usr/sbin/nft")) || Files.isExecutable(Path.of("/sbin/nft"));
        if (System.getenv("CI") != null) {
            assertTrue(nft, "nft is missing (CI installs nftables)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(nft, "nft not installed");
    }

    @Test
    void repeatOffenderIsBannedByTheKernelListedAndLifted() throws Exception {
        try (InlineRig rig = new InlineRig(dir)) {
            // What sluice-iptables up makes, in the server's namespace.
            Path table = dir.resolve("bans.nft");
            Files.writeString(table, String.join("\n",
                    "add table inet sluice",
                    "add set inet sluice ban4 { type ipv4_addr; flags timeout; }",
                    "add set inet sluice ban6 { type ipv6_addr; flags timeout; }",
                    "add chain inet sluice bans { type filter hook prerouting priority -300; policy accept; }",
                    "add rule inet sluice bans ip saddr @ban4 drop",
                    "add rule inet sluice bans ip6 saddr @ban6 drop", ""));
            rig.server.exec("nft", "-f", table.toString());
            Path cfg = dir.resolve("sluice.yaml");
            Files.writeString(cfg, String.join("\n",
                    "bans:",
                    "  enabled: yes",
                    "  timeout: 60",
                    "  policies:",
                    "    - name: passwd",
                    "      sid: 1",
                    "      count: 2",
                    "      seconds: 60", ""));
            Path sock = dir.resolve("ctl.sock");
            rig.startEngine("-c", cfg.toString(), "--socket", sock.toString());

            rig.assertCleanEcho(10_000);
            for (int i = 0; i < 2; i++) {
                String r = rig.clientRun(Duration.ofSeconds(15), "attack", "whole");
                assertTrue(r.endsWith("PASSWD no"), r);
            }
            JsonNode bans = null;
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < end) {
                bans = ControlClient.request(sock, "bans", null).path("message");
                if (bans.path("bans").size() > 0) {
                    break;
                }
                Thread.sleep(100);
            }
            assertTrue(bans != null && bans.path("bans").size() == 1, String.valueOf(bans) + "\n" + rig.engineStderr());
            JsonNode ban = bans.path("bans").get(0);
            assertEquals(InlineRig.CLIENT_IP, ban.path("address").asText());
            assertEquals("passwd", ban.path("policy").asText());
            assertTrue(ban.path("expiresInSeconds").asLong() > 0 && ban.path("expiresInSeconds").asLong() <= 60, ban.toString());
            assertTrue(rig.server.exec("nft", "list", "set", "inet", "sluice", "ban4").contains(InlineRig.CLIENT_IP));

            // The kernel drops the banned client's SYNs: its connection never opens.
            String refused = rig.clientRun(Duration.ofSeconds(20), "echo", "1000");
            assertTrue(refused.startsWith("ERR"), refused);
            long packetsBefore = ControlClient.request(sock, "stats", null).path("message").path("packets").asLong();

            assertEquals(0, SluiceCli.execute("ctl", "bans", "--lift", InlineRig.CLIENT_IP, "--socket", sock.toString()));
            assertEquals(0, ControlClient.request(sock, "bans", null).path("message").path("bans").size());
            rig.assertCleanEcho(10_000);
            long packetsAfter = ControlClient.request(sock, "stats", null).path("message").path("packets").asLong();
            assertTrue(packetsAfter > packetsBefore, "traffic reaches the queue again once lifted");
            assertEquals(0, rig.stopEngine(), rig.engineStderr());
        }
    }
}
