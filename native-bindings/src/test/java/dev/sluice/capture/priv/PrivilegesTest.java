package dev.sluice.capture.priv;

import dev.sluice.capture.netns.NetNs;
import dev.sluice.capture.nfq.Nfqueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Drops a child JVM (run in its own network namespace) to nobody:nogroup and checks, per thread,
 * the credentials in /proc/thread-self/status and what each thread may still do. Root only.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PrivilegesTest {
    private static final String NOBODY = "65534";

    @Test
    void droppedThreadKeepsOnlyNetAdminAndRunsAsNobody() throws Exception {
        Map<String, String> r = runProbe(false);
        assertEquals("ok nobody:nogroup (uid 65534, gid 65534), capabilities CAP_NET_ADMIN",
                r.get("main drop"), r.toString());
        for (String t : new String[] {"main", "after"}) {
            assertIdentity(r, t);
            assertEquals("0000000000001000", r.get(t + " CapEff"), t + ": " + r);
            assertEquals("0000000000001000", r.get(t + " CapPrm"), t + ": " + r);
            assertEquals("0000000000001000", r.get(t + " CapBnd"), t + ": " + r);
            assertEquals("0000000000000000", r.get(t + " CapInh"), t + ": " + r);
            assertEquals("0000000000000000", r.get(t + " CapAmb"), t + ": " + r);
            assertEquals("1", r.get(t + " NoNewPrivs"), t + ": " + r);
            assertEquals("denied", r.get(t + " shadow"), t + ": root's files are out of reach: " + r);
            assertEquals("ok", r.get(t + " nfqueue"), t + ": CAP_NET_ADMIN binds a queue: " + r);
            assertTrue(r.get(t + " raw").startsWith("failed socket(AF_INET, SOCK_RAW, IPPROTO_RAW) failed: EPERM"),
                    t + ": no CAP_NET_RAW: " + r);
        }
    }

    @Test
    void keepNetRawAlsoKeepsRawSockets() throws Exception {
        Map<String, String> r = runProbe(true);
        assertEquals("ok nobody:nogroup (uid 65534, gid 65534), capabilities CAP_NET_ADMIN CAP_NET_RAW",
                r.get("main drop"), r.toString());
        for (String t : new String[] {"main", "after"}) {
            assertIdentity(r, t);
            assertEquals("0000000000003000", r.get(t + " CapEff"), t + ": " + r);
            assertEquals("0000000000003000", r.get(t + " CapPrm"), t + ": " + r);
            assertEquals("0000000000003000", r.get(t + " CapBnd"), t + ": " + r);
            assertEquals("denied", r.get(t + " shadow"), t + ": " + r);
            assertEquals("ok", r.get(t + " nfqueue"), t + ": " + r);
            assertEquals("ok", r.get(t + " raw"), t + ": " + r);
        }
    }

    @Test
    void threadsStartedBeforeTheDropLoseEveryCapability() throws Exception {
        Map<String, String> r = runProbe(true);
        assertIdentity(r, "before");
        assertEquals("0000000000000000", r.get("before CapEff"), r.toString());
        assertEquals("0000000000000000", r.get("before CapPrm"), r.toString());
        // The bounding set and no_new_privs are per thread too: only the caller's are reduced.
        assertEquals(ownBoundingSet(), r.get("before CapBnd"), "as the parent's: " + r);
        assertEquals("0", r.get("before NoNewPrivs"), r.toString());
        assertEquals("denied", r.get("before shadow"), r.toString());
        assertTrue(r.get("before nfqueue").startsWith("failed ") && r.get("before nfqueue").contains("EPERM"), r.toString());
        assertTrue(r.get("before raw").startsWith("failed "), r.toString());
    }

    @Test
    void droppingTwiceSaysItIsNoLongerRoot() throws Exception {
        Map<String, String> r = runProbe(false);
        assertEquals("cannot drop to user nobody: not running as root (effective uid 65534)", r.get("main again"), r.toString());
    }

    @Test
    void unknownUserIsRefusedInOneLineBeforeAnythingChanges() {
        IOException e = assertThrows(IOException.class, () -> Privileges.dropTo("sluice-no-such-user-q7", null, false));
        assertEquals("cannot drop to user sluice-no-such-user-q7: no such user", e.getMessage());
    }

    @Test
    void unknownGroupIsRefusedInOneLine() {
        assumeTrue(userExists("nobody"), "no user nobody");
        IOException e = assertThrows(IOException.class, () -> Privileges.dropTo("nobody", "sluice-no-such-group-q7", false));
        assertEquals("cannot drop to user nobody: no such group sluice-no-such-group-q7", e.getMessage());
    }

    @Test
    void rootIsRefusedAsATarget() {
        IOException e = assertThrows(IOException.class, () -> Privileges.dropTo("root", null, false));
        assertEquals("cannot drop to user root: it is uid 0 (root); choose an unprivileged user", e.getMessage());
    }

    private static void assertIdentity(Map<String, String> r, String t) {
        String ids = NOBODY + " " + NOBODY + " " + NOBODY + " " + NOBODY;
        assertEquals(ids, r.get(t + " Uid"), t + ": real, effective, saved, fs uid: " + r);
        assertEquals(ids, r.get(t + " Gid"), t + ": " + r);
        assertEquals(NOBODY, r.get(t + " Groups"), t + ": the only supplementary group: " + r);
    }

    private static java.util.concurrent.CompletableFuture<byte[]> drain(java.io.InputStream in) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return in.readAllBytes();
            } catch (java.io.IOException e) {
                return ("(read failed: " + e + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
    }

    /** Runs the probe in a fresh network namespace; "THREAD KEY" to value. */
    private static Map<String, String> runProbe(boolean keepNetRaw) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "dropping privileges needs root");
        assumeTrue(userExists("nobody") && Files.readString(Path.of("/etc/group")).contains("\nnogroup:"),
                "needs user nobody and group nogroup");
        String why = Nfqueue.unavailableReason();
        assumeTrue(why == null, () -> "NFQUEUE unavailable: " + why);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (NetNs ns = NetNs.createUnique("sluice-priv-")) {
            Process p = ns.start(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                    PrivilegeDropProbe.class.getName(), "nobody", "nogroup", String.valueOf(keepNetRaw), "0");
            p.getOutputStream().close();
            // Read both streams beside the wait, so a probe that hangs fails the test in bounded time.
            java.util.concurrent.CompletableFuture<byte[]> outF = drain(p.getInputStream());
            java.util.concurrent.CompletableFuture<byte[]> errF = drain(p.getErrorStream());
            boolean finished;
            try {
                finished = p.waitFor(60, TimeUnit.SECONDS);
            } finally {
                p.destroyForcibly();
            }
            String out = new String(outF.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            byte[] err = errF.get(10, TimeUnit.SECONDS);
            assertTrue(finished, "probe did not finish in 60 s; stdout:\n" + out + "\nstderr:\n" + new String(err, StandardCharsets.UTF_8));
            assertEquals(0, p.exitValue(), "probe exit; stdout:\n" + out + "\nstderr:\n" + new String(err, StandardCharsets.UTF_8));
            Map<String, String> r = new HashMap<>();
            for (String line : out.split("\n")) {
                String[] f = line.split(" ", 3);
                if (f.length == 3) {
                    r.put(f[0] + " " + f[1], f[2]);
                }
            }
            return r;
        }
    }

    private static boolean userExists(String name) {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith(name + ":"));
        } catch (IOException e) {
            return false;
        }
    }

    /** This (root) thread's CapBnd, which the probe JVM starts with. */
    private static String ownBoundingSet() throws IOException {
        return Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
                .filter(l -> l.startsWith("CapBnd:")).map(l -> l.substring(7).strip()).findFirst().orElseThrow();
    }
}
