package dev.sluice.bench;

import dev.sluice.capture.Frame;
import dev.sluice.engine.source.PcapSource;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The offline workload of {@code shared/bench/README.md}, made at run time: synthetic content rules
 * ({@code gen_rules.py -n N --seed 1}) and a capture of TCP sessions carrying some of their literals
 * ({@code gen_pcap.py bulk --flows F --inject RULES.literals --inject-prob 0.002 --seed 7}).
 * Nothing is committed: files go to a cache folder under {@code java.io.tmpdir}
 * ({@code sluice-bench-USER/}, or {@code -Dsluice.bench.cache=DIR}), one subfolder per input and
 * generator version, so every fork of a run (and the next run) reuses what an earlier one made.
 * Subfolders appear whole (made beside, then renamed), so a fork that dies mid-way leaves nothing
 * half-written behind.
 *
 * <p>The {@code shared} folder is {@code -Dsluice.shared=PATH}, else the first {@code shared}
 * folder holding {@code bench/gen_rules.py} found walking up from the working directory (so
 * {@code ../shared} beside the repository). Thread-safe; each input is made once per process.
 */
public final class Workloads {
    /** Seeds of the reference workload; the generators are deterministic for a seed. */
    public static final int RULES_SEED = 1;
    public static final int PCAP_SEED = 7;
    public static final double INJECT_PROB = 0.002;
    /** Generators are bounded in time; the full 20,000-flow capture takes about a minute. */
    private static final long GENERATOR_TIMEOUT_MINUTES = 20;

    private static final Map<String, Path> MADE = new HashMap<>();

    private Workloads() {
    }

    /** The shared folder (corpora and generators). */
    public static Path shared() throws IOException {
        String prop = System.getProperty("sluice.shared");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p.resolve("bench/gen_rules.py"))) {
                throw new IOException("-Dsluice.shared=" + prop + ": no bench/gen_rules.py there");
            }
            return p;
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("shared");
            if (Files.isRegularFile(s.resolve("bench/gen_rules.py"))) {
                return s;
            }
        }
        throw new IOException("no 'shared' folder with bench/gen_rules.py above " + Path.of("").toAbsolutePath()
                + "; give it with -Dsluice.shared=PATH (java -Dsluice.shared=... -jar benchmarks.jar, "
                + "or -jvmArgsAppend -Dsluice.shared=...)");
    }

    /** ET Open's rule folder in the shared corpus. */
    public static Path etOpen() throws IOException {
        Path p = shared().resolve("corpus/et-open");
        if (!Files.isDirectory(p)) {
            throw new IOException(p + ": ET Open corpus missing");
        }
        return p;
    }

    /** {@code gen_rules.py -n n --seed 1}: the rule file; its literals are beside it ({@code .literals}). */
    public static synchronized Path rules(int n) throws IOException {
        String key = "rules-n" + n + "-s" + RULES_SEED;
        Path dir = made(key, "gen_rules.py", out -> List.of("-n", Integer.toString(n), "--seed",
                Integer.toString(RULES_SEED), "-o", out.resolve("bench.rules").toString()));
        return dir.resolve("bench.rules");
    }

    /**
     * {@code gen_pcap.py bulk --flows flows} with the literals of {@link #rules(int) rules(ruleCount)}
     * injected, as the reference workload (20,000 flows with 2,000 rules: 462,092 packets, 274
     * alerts); fewer flows give a prefix-like smaller capture for quick runs.
     */
    public static synchronized Path pcap(int ruleCount, int flows) throws IOException {
        Path literals = Path.of(rules(ruleCount) + ".literals");
        String key = "pcap-f" + flows + "-rules-n" + ruleCount + "-s" + PCAP_SEED;
        Path dir = made(key, "gen_pcap.py", out -> List.of("bulk", "-o", out.resolve("bench.pcap").toString(),
                "--flows", Integer.toString(flows), "--inject", literals.toString(),
                "--inject-prob", Double.toString(INJECT_PROB), "--seed", Integer.toString(PCAP_SEED)));
        return dir.resolve("bench.pcap");
    }

    /**
     * Reads up to {@code max} frames of a capture into memory, each with its own exactly sized data
     * array (a source reuses one frame; these are kept).
     */
    public static List<Frame> frames(Path capture, int max) throws IOException {
        List<Frame> out = new ArrayList<>();
        try (PcapSource src = PcapSource.open(capture)) {
            Frame f = new Frame();
            while (out.size() < max && src.next(f)) {
                out.add(copy(f));
            }
        }
        return out;
    }

    /** A kept copy of {@code f} whose data array is exactly its captured bytes. */
    public static Frame copy(Frame f) {
        Frame c = new Frame();
        c.data = Arrays.copyOf(f.data, f.length);
        c.length = f.length;
        c.wireLength = f.wireLength;
        c.linkType = f.linkType;
        c.tsSeconds = f.tsSeconds;
        c.tsNanos = f.tsNanos;
        c.id = f.id;
        return c;
    }

    /** The cache folder. */
    public static Path cacheRoot() throws IOException {
        String prop = System.getProperty("sluice.bench.cache");
        Path root = prop != null && !prop.isBlank() ? Path.of(prop)
                : Path.of(System.getProperty("java.io.tmpdir"), "sluice-bench-" + System.getProperty("user.name"));
        Files.createDirectories(root);
        return root;
    }

    /** A fresh empty temporary folder for a benchmark's output, under the cache folder. */
    public static Path tempDir(String prefix) throws IOException {
        return Files.createTempDirectory(cacheRoot(), prefix);
    }

    /** Deletes a folder made by {@link #tempDir}; quietly, as it is only scratch. */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("sluice-bench: could not remove " + dir + ": " + e.getMessage());
        }
    }

    private interface Args {
        List<String> of(Path outDir);
    }

    /** Runs a generator into {@code cache/key-VERSION/} unless that folder exists; returns it. */
    private static Path made(String key, String script, Args args) throws IOException {
        Path gen = shared().resolve("bench").resolve(script);
        String version = digest(gen);
        String full = key + "-" + version;
        Path known = MADE.get(full);
        if (known != null) {
            return known;
        }
        Path dir = cacheRoot().resolve(full);
        if (!Files.isDirectory(dir)) {
            Path tmp = Files.createTempDirectory(cacheRoot(), full + ".part-");
            try {
                List<String> cmd = new ArrayList<>(List.of("python3", gen.toString()));
                cmd.addAll(args.of(tmp));
                run(cmd, tmp.resolve("generator.log"));
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    if (!Files.isDirectory(dir)) {
                        throw e;
                    }
                    // another fork finished the same input first; theirs is identical
                } catch (IOException e) {
                    if (!Files.isDirectory(dir)) {
                        throw e;
                    }
                }
            } finally {
                deleteTree(tmp);
            }
        }
        MADE.put(full, dir);
        return dir;
    }

    private static void run(List<String> cmd, Path log) throws IOException {
        System.err.println("sluice-bench: generating " + String.join(" ", cmd));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(GENERATOR_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(1) + " did not finish in " + GENERATOR_TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating the workload", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(cmd.get(1) + " exited with " + p.exitValue() + ": " + Files.readString(log).strip());
        }
    }

    /** Short content hash of a generator, so a changed generator makes new inputs. */
    private static String digest(Path file) throws IOException {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
