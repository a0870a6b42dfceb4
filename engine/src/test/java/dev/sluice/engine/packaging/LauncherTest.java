package dev.sluice.engine.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bin/sluice: the JVM it starts suspends threads with a signal other than SIGUSR2, which is the
 * rule-reload signal, so a profiler's sampling (JFR) does not reload the rules over and over.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..", "bin", "sluice");

    @TempDir
    Path dir;

    /** Runs a copy of the launcher with a stand-in java that prints the suspend signal it was given. */
    private String launcherSignal(Map<String, String> extraEnv) throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("engine/target"));
        Files.copy(LAUNCHER, root.resolve("bin/sluice"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(root.resolve("engine/target/sluice.jar"), "");
        Path fakeBin = Files.createDirectories(dir.resolve("fakebin"));
        Path java = fakeBin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"SR=${_JAVA_SR_SIGNUM:-unset}\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("bin/sluice").toString(), "version");
        pb.environment().remove("_JAVA_SR_SIGNUM");
        pb.environment().put("PATH", fakeBin + ":/usr/bin:/bin");
        pb.environment().putAll(extraEnv);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void launcherGivesTheJvmARealTimeSuspendSignal() throws Exception {
        assertEquals("SR=39", launcherSignal(Map.of()));
        // one set by the operator wins
        assertEquals("SR=45", launcherSignal(Map.of("_JAVA_SR_SIGNUM", "45")));
    }
}
