package dev.sluice.engine.iptables;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.sluice.engine.iptables.IptablesRig.CLIENT_V4;
import static dev.sluice.engine.iptables.IptablesRig.CLIENT_V6;
import static dev.sluice.engine.iptables.IptablesRig.OTHER_PORT;
import static dev.sluice.engine.iptables.IptablesRig.SCRIPT;
import static dev.sluice.engine.iptables.IptablesRig.SERVER_V4;
import static dev.sluice.engine.iptables.IptablesRig.SERVER_V6;
import static dev.sluice.engine.iptables.IptablesRig.SSH_PORT;
import static dev.sluice.engine.iptables.IptablesRig.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bans part of {@code iptables/sluice-iptables} in namespaces: up makes the nftables table whose
 * sets the engine fills, a banned address is dropped by the kernel except on the SSH port, re-running
 * up keeps the bans, down and the rollback remove the table, and without nft up still succeeds.
 */
class SluiceIptablesBansTest {
    private static final String SSH = "--ssh-port=" + SSH_PORT;

    @TempDir
    Path dir;

    private IptablesRig rig() throws Exception {
        boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Uid:")).anyMatch(l -> l.split("\\s+")[1].equals("0"));
        assumeTrue(root, "the iptables tests need root");
        assumeTrue(Files.isExecutable(SCRIPT), "missing " + SCRIPT);
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/iptables-nft")) && Files.isExecutable(Path.of("/usr/sbin/nft")),
                "iptables-nft and nft are needed");
        return new IptablesRig("nft", dir);
    }

    /** {@code nft args...} in the server namespace; exit status and output. */
    private static IptablesRig.Result nft(IptablesRig r, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("nft"));
        cmd.addAll(List.of(args));
        return r.inServer(cmd, java.util.Map.of());
    }

    @Test
    void aBannedAddressIsDroppedExceptOnTheSshPort() throws Exception {
        try (IptablesRig r = rig()) {
            r.startListener();
            r.script("up", SSH, "--no-rollback").ok();
            String table = nft(r, "list", "table", "inet", "sluice").ok().out();
            assertContains(table, "type filter hook prerouting priority raw; policy accept;");
            assertContains(table, "tcp dport " + SSH_PORT + " accept");
            r.assertAllReachable("no bans yet");

            long queued = r.counter(4, "SLUICE_INPUT", "NFQUEUE", "");
            nft(r, "add", "element", "inet", "sluice", "ban4", "{", CLIENT_V4, "timeout", "60s", "}").ok();
            nft(r, "add", "element", "inet", "sluice", "ban6", "{", CLIENT_V6, "timeout", "60s", "}").ok();
            assertEquals(List.of(
                    SERVER_V4 + " " + SSH_PORT + " OK", SERVER_V4 + " " + OTHER_PORT + " ERR TimeoutError",
                    SERVER_V6 + " " + SSH_PORT + " OK", SERVER_V6 + " " + OTHER_PORT + " ERR TimeoutError"),
                    r.reach(SERVER_V4, SSH_PORT, SERVER_V4, OTHER_PORT, SERVER_V6, SSH_PORT, SERVER_V6, OTHER_PORT),
                    "banned: dropped before the queue, but SSH still answers");
            // The ban chain drops before the queue: the engine never sees a banned packet.
            assertEquals(queued, r.counter(4, "SLUICE_INPUT", "NFQUEUE", ""), "nothing from the banned client was queued");
            assertContains(r.script("status").ok().out(), "bans: table inet sluice, 1 IPv4 and 1 IPv6 address(es) banned");

            // Running up again (an engine restart) keeps the bans.
            r.script("up", SSH, "--no-rollback").ok();
            assertContains(nft(r, "list", "set", "inet", "sluice", "ban4").ok().out(), CLIENT_V4);

            r.script("down").ok();
            assertEquals(1, nft(r, "list", "table", "inet", "sluice").exit(), "down deletes the table");
            assertContains(r.script("status").out(), "bans: no table inet sluice");
            r.assertAllReachable("after down");
        }
    }

    @Test
    void noBansAndBanTableConvergeAndDownRemovesWhatUpMade() throws Exception {
        try (IptablesRig r = rig()) {
            r.script("up", SSH, "--no-rollback", "--ban-table", "mybans").ok();
            assertEquals(0, nft(r, "list", "set", "inet", "mybans", "ban6").exit());
            r.script("up", SSH, "--no-rollback").ok();
            assertEquals(1, nft(r, "list", "table", "inet", "mybans").exit(), "the old table went with the new name");
            assertEquals(0, nft(r, "list", "table", "inet", "sluice").exit());
            IptablesRig.Result off = r.script("up", SSH, "--no-rollback", "--no-bans").ok();
            assertFalse(off.err().contains("bans table"), off.err());
            assertEquals(1, nft(r, "list", "table", "inet", "sluice").exit(), "--no-bans removes the table");
            assertContains(r.script("status").ok().out(), "bans: off (up --no-bans)");
            r.script("down").ok();
        }
    }

    @Test
    void theRollbackRemovesTheBansTable() throws Exception {
        try (IptablesRig r = rig()) {
            r.script("up", SSH, "--rollback-seconds", "8").ok();
            assertEquals(0, nft(r, "list", "table", "inet", "sluice").exit());
            assertTrue(IptablesRig.within(30_000, () -> nft(r, "list", "table", "inet", "sluice").exit() == 1),
                    () -> "bans table not rolled back; log:\n" + read(r.state.resolve("rollback.log")));
        }
    }

    @Test
    void dryRunPrintsTheNftTransactionAndChangesNothing() throws Exception {
        try (IptablesRig r = rig()) {
            IptablesRig.Result dry = r.script("up", SSH, "--accept", "192.0.2.0/24", "--accept", "2001:db8::/32", "--dry-run").ok();
            assertContains(dry.out(), """
                    nft -f - <<'EOF'
                    add table inet sluice
                    add set inet sluice ban4 { type ipv4_addr; flags timeout; }
                    add set inet sluice ban6 { type ipv6_addr; flags timeout; }
                    add chain inet sluice bans { type filter hook prerouting priority -300; policy accept; }
                    flush chain inet sluice bans
                    add rule inet sluice bans iif lo accept
                    add rule inet sluice bans tcp dport { 2222 } accept
                    add rule inet sluice bans ip saddr 192.0.2.0/24 accept
                    add rule inet sluice bans ip6 saddr 2001:db8::/32 accept
                    add rule inet sluice bans ip saddr @ban4 drop
                    add rule inet sluice bans ip6 saddr @ban6 drop
                    EOF
                    """);
            assertEquals(1, nft(r, "list", "table", "inet", "sluice").exit(), "dry run made no table");
        }
    }

    @Test
    void withoutNftUpWarnsAndGoesOnWithoutBans() throws Exception {
        try (IptablesRig r = rig()) {
            // A PATH with the iptables tools and no nft.
            Path bin = Files.createDirectories(dir.resolve("bin-no-nft"));
            for (String tool : List.of("iptables-nft", "iptables-nft-save", "iptables-nft-restore",
                    "ip6tables-nft", "ip6tables-nft-save", "ip6tables-nft-restore")) {
                Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/sbin/" + tool));
            }
            IptablesRig.Result res = r.inServer(List.of("env", "PATH=" + bin + ":/usr/bin:/bin",
                    SCRIPT.toString(), "up", SSH, "--no-rollback"), r.scriptEnv()).ok();
            assertContains(res.err(), "warning: nft not found (Debian: apt-get install nftables); going on without bans");
            assertContains(r.save(4), "-A INPUT -j SLUICE_INPUT");
            assertEquals(1, nft(r, "list", "table", "inet", "sluice").exit());
            r.inServer(List.of("env", "PATH=" + bin + ":/usr/bin:/bin", SCRIPT.toString(), "down"), r.scriptEnv()).ok();
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "(no " + p + ")";
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
