package dev.sluice.engine.review;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs Debian's headless Chromium on a local page, bounded in time, with a fresh profile each run
 * and nothing fetched in the background. Tests are skipped when Chromium is missing, except on CI
 * (environment CI set), where that is a failure.
 */
final class HeadlessChromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final int WIDTH = 1280;
    static final int HEIGHT = 2000;
    private static final long TIMEOUT_SECONDS = 90;

    private HeadlessChromium() {
    }

    /** Skips the calling test when Chromium is missing off CI; fails it on CI. */
    static void require() {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        String ci = System.getenv("CI");
        if (ci != null && !ci.isEmpty()) {
            Assertions.fail(BINARY + " is missing; CI installs Debian's chromium for the report screenshot");
        }
        Assumptions.abort(BINARY + " is missing (apt-get install chromium)");
    }

    /** The page's DOM after its script ran. */
    static String dumpDom(String url, Path work) throws IOException, InterruptedException {
        Path out = run(List.of("--dump-dom", url), work);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** A {@link #WIDTH} x {@link #HEIGHT} screenshot of the page into {@code png}. */
    static void screenshot(String url, Path png, Path work) throws IOException, InterruptedException {
        run(List.of("--screenshot=" + png, url), work);
        Assertions.assertTrue(Files.size(png) > 0, "chromium wrote no screenshot");
    }

    /** Runs Chromium with {@code args}; returns the file holding its standard output. */
    private static Path run(List<String> args, Path work) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile-");
        Path stdout = Files.createTempFile(work, "chromium-", ".out");
        Path stderr = Files.createTempFile(work, "chromium-", ".err");
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--force-device-scale-factor=1", "--user-data-dir=" + profile,
                "--window-size=" + WIDTH + "," + HEIGHT));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                kill(p);
                Assertions.fail("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + tail(stderr));
            }
            Assertions.assertEquals(0, p.exitValue(), "chromium failed: " + tail(stderr));
        } finally {
            kill(p);
            deleteTree(profile);
        }
        return stdout;
    }

    /** Ends the browser and every process it started; no-op when it already exited. */
    private static void kill(Process p) throws InterruptedException {
        List<ProcessHandle> family = new ArrayList<>();
        p.descendants().forEach(family::add);
        family.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private static String tail(Path f) throws IOException {
        List<String> lines = new String(Files.readAllBytes(f), StandardCharsets.UTF_8).lines().toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
