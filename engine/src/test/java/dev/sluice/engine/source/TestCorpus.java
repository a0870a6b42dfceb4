package dev.sluice.engine.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the shared corpus: {@code ../shared} beside the repository root (found by walking up
 * from the working directory to a folder holding {@code engine} and {@code signatures}), else
 * {@code /work/shared}. Tests that need it are skipped when it is absent.
 */
public final class TestCorpus {
    private TestCorpus() {}

    /** The shared folder, or null. */
    public static Path shared() {
        Path dir = Paths.get("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("engine")) && Files.isDirectory(d.resolve("signatures"))) {
                Path s = d.resolveSibling("shared");
                if (Files.isDirectory(s.resolve("corpus"))) {
                    return s;
                }
                break;
            }
        }
        Path fallback = Paths.get("/work/shared");
        return Files.isDirectory(fallback.resolve("corpus")) ? fallback : null;
    }

    /** A file under {@code shared/corpus}; the calling test is skipped when it is missing. */
    public static Path file(String relative) {
        Path s = shared();
        Assumptions.assumeTrue(s != null, "shared corpus not found");
        Path f = s.resolve("corpus").resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(f), "missing " + f);
        return f;
    }
}
