package dev.sluice.engine.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code sluice run --iptables}: runs {@code iptables/sluice-iptables up --no-rollback} once every
 * queue is bound (so no packet is queued to a queue nobody reads) and {@code down} at shutdown.
 *
 * <p>The script is found from the system property {@value #SCRIPT_PROPERTY}, the environment
 * variable {@value #SCRIPT_ENV}, the build tree ({@code engine/target/sluice.jar} or
 * {@code engine/target/classes} → {@code iptables/sluice-iptables}), then {@code PATH}.
 */
final class IptablesHook {
    static final String SCRIPT_PROPERTY = "sluice.iptables.script";
    static final String SCRIPT_ENV = "SLUICE_IPTABLES_SCRIPT";
    private static final String SCRIPT = "sluice-iptables";
    private static final long TIMEOUT_SECONDS = 60;

    private final Path script;
    private final List<String> upArgs;
    private final PrintStream log;

    private IptablesHook(Path script, List<String> upArgs, PrintStream log) {
        this.script = script;
        this.upArgs = upArgs;
        this.log = log;
    }

    /**
     * Checks what can be checked before binding: the queues fit one NFQUEUE rule and the script exists.
     *
     * @param queues     the sorted queue numbers {@code sluice run} binds
     * @param rejectMark the engine's {@code --reject-mark} (0: none), so the script lets those packets by unqueued
     * @param bypassMark the capture bypass mark; when on, the script adds the connmark rules that keep
     *                   bypassed connections out of the queue
     * @param extraArgs  {@code --iptables-args}, split on white space (no shell involved), may be null; they come
     *                   last, so they override the options derived here
     */
    static IptablesHook forQueues(List<Integer> queues, int rejectMark, dev.sluice.engine.verdict.BypassMark bypassMark,
                                  String extraArgs, PrintStream log) {
        List<String> args = new ArrayList<>(List.of("up", "--no-rollback"));
        args.addAll(queueArgs(queues));
        args.addAll(List.of("--reject-mark", rejectMark == 0 ? "none" : "0x" + Integer.toHexString(rejectMark)));
        if (bypassMark.enabled()) {
            args.addAll(List.of("--bypass-mark", bypassMark.describe()));
        }
        if (extraArgs != null && !extraArgs.isBlank()) {
            args.addAll(List.of(extraArgs.strip().split("\\s+")));
        }
        return new IptablesHook(locate(), List.copyOf(args), log);
    }

    /** {@code --queue-num N} for one queue, {@code --queue-balance A:B} for a contiguous range. */
    static List<String> queueArgs(List<Integer> queues) {
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("--iptables needs a queue");
        }
        int first = queues.get(0);
        int last = queues.get(queues.size() - 1);
        if (queues.size() == 1) {
            return List.of("--queue-num", String.valueOf(first));
        }
        if (last - first + 1 != queues.size()) {
            throw new IllegalArgumentException("--iptables needs one queue or one contiguous range (-q A:B), not " + queues);
        }
        return List.of("--queue-balance", first + ":" + last);
    }

    static Path locate() {
        String given = System.getProperty(SCRIPT_PROPERTY, System.getenv(SCRIPT_ENV));
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given);
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException("--iptables: " + p + " is not an executable file");
            }
            return p;
        }
        Path beside = besideBuild();
        if (beside != null && Files.isExecutable(beside)) {
            return beside;
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, SCRIPT))) {
                return Path.of(dir, SCRIPT);
            }
        }
        throw new IllegalStateException("--iptables: cannot find " + SCRIPT + "; set " + SCRIPT_ENV + " to its path");
    }

    /** {@code <root>/iptables/sluice-iptables} for code loaded from {@code <root>/engine/target/<jar or classes>}. */
    private static Path besideBuild() {
        try {
            var src = IptablesHook.class.getProtectionDomain().getCodeSource();
            if (src == null) {
                return null;
            }
            Path p = Path.of(src.getLocation().toURI()).toAbsolutePath();
            for (int i = 0; i < 3 && p != null; i++) {
                p = p.getParent();
            }
            return p == null ? null : p.resolve("iptables").resolve(SCRIPT);
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** Puts the rules in place; fails with the script's output when it does not succeed. */
    void up() throws IOException {
        int rc = run(upArgs);
        if (rc != 0) {
            throw new IOException(script + " up failed (exit " + rc + ")");
        }
    }

    /** Removes the rules; a failure is reported, not thrown, so shutdown goes on. */
    void down() {
        try {
            int rc = run(List.of("down"));
            if (rc != 0) {
                log.println("sluice: " + script + " down failed (exit " + rc + "); remove the rules with: " + script + " down");
            }
        } catch (IOException e) {
            log.println("sluice: " + script + " down failed: " + SluiceCli.oneLine(e));
        }
    }

    private int run(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(script.toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(p.getInputStream(), out), "sluice-iptables-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(script + " " + args.get(0) + " timed out after " + TIMEOUT_SECONDS + " s");
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + script, e);
        }
        synchronized (out) {
            String text = out.toString(StandardCharsets.UTF_8).strip();
            if (!text.isEmpty()) {
                log.println(text);
            }
        }
        return p.exitValue();
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (out) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // The script ended; what was read is printed.
        }
    }
}
