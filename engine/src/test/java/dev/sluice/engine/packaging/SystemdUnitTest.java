package dev.sluice.engine.packaging;

import dev.sluice.engine.cli.SluiceCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** packaging/systemd/sluice.service: systemd accepts it, and it confines the engine as intended. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SystemdUnitTest {
    private static final Path UNIT = Path.of("..", "packaging", "systemd", "sluice.service");
    /** What verify says about a command this machine has not installed (the unit names install paths). */
    private static final Pattern NOT_INSTALLED =
            Pattern.compile("sluice\\.service: Command (\\S+) is not executable: No such file or directory");

    @TempDir
    Path dir;

    @Test
    void systemdAnalyzeVerifiesTheUnit() throws Exception {
        List<String> complaints = verify(Files.readString(UNIT));
        List<String> left = new ArrayList<>();
        for (String line : complaints) {
            Matcher m = NOT_INSTALLED.matcher(line);
            // Only a missing install path is forgiven, and only while it is really missing here.
            if (!(m.matches() && !Files.exists(Path.of(m.group(1))))) {
                left.add(line);
            }
        }
        assertEquals(List.of(), left, "systemd-analyze verify:\n" + String.join("\n", complaints));
    }

    @Test
    void systemdAnalyzeCatchesAMisspeltKey() throws Exception {
        // The check above means something only if verify reports such mistakes here.
        String bad = Files.readString(UNIT).replace("NoNewPrivileges=yes", "NoNewPrivilegs=yes");
        List<String> complaints = verify(bad);
        assertTrue(complaints.stream().anyMatch(l -> l.contains("Unknown key") && l.contains("NoNewPrivilegs")),
                String.join("\n", complaints));
    }

    @Test
    void unitRunsUnprivilegedWithOnlyNetworkCapabilities() throws IOException {
        Map<String, List<String>> s = section("Service");
        assertEquals(List.of("simple"), s.get("Type"));
        assertEquals(List.of("sluice"), s.get("User"), "the JVM never holds root");
        assertEquals(List.of("sluice"), s.get("Group"));
        assertEquals(List.of("CAP_NET_ADMIN CAP_NET_RAW"), s.get("CapabilityBoundingSet"));
        assertEquals(List.of("CAP_NET_ADMIN CAP_NET_RAW"), s.get("AmbientCapabilities"));
        assertEquals(List.of("yes"), s.get("NoNewPrivileges"));
        assertEquals(List.of("strict"), s.get("ProtectSystem"));
        assertEquals(List.of("yes"), s.get("ProtectHome"));
        assertEquals(List.of("yes"), s.get("PrivateTmp"));
        assertEquals(List.of("/var/log/sluice /run/sluice"), s.get("ReadWritePaths"));
        assertEquals(List.of("sluice"), s.get("RuntimeDirectory"));
        assertEquals(List.of("0750"), s.get("RuntimeDirectoryMode"));
        assertEquals(List.of("sluice"), s.get("LogsDirectory"));
        assertEquals(List.of("on-failure"), s.get("Restart"));
        assertEquals(List.of("/bin/kill -USR2 $MAINPID"), s.get("ExecReload"));
        assertNull(s.get("MemoryDenyWriteExecute"), "the JIT needs W+X memory");
        assertEquals(List.of("multi-user.target"), section("Install").get("WantedBy"));
    }

    @Test
    void execStartIsARunCommandTheCliAccepts() throws IOException {
        List<String> exec = section("Service").get("ExecStart");
        assertEquals(1, exec.size(), String.valueOf(exec));
        List<String> argv = Arrays.asList(exec.get(0).split("\\s+"));
        assertEquals("/usr/local/bin/sluice", argv.get(0));
        assertEquals("run", argv.get(1));
        assertFalse(argv.contains("--user"), "User= already runs it unprivileged: " + argv);
        for (String opt : new String[] {"-q", "-c", "-S", "-l"}) {
            assertTrue(argv.contains(opt), opt + " in " + argv);
        }
        assertEquals("/var/log/sluice", argv.get(argv.indexOf("-l") + 1), "logs where LogsDirectory= is");
        // Parsed (not run) by the real CLI: an option it does not know fails here.
        CommandLine.ParseResult parsed = new CommandLine(new SluiceCli()).parseArgs(argv.subList(1, argv.size()).toArray(String[]::new));
        assertEquals("run", parsed.subcommand().commandSpec().name());
    }

    @Test
    void failSafeRulesGoInAfterStartAndOutAfterStopAsRoot() throws IOException {
        Map<String, List<String>> s = section("Service");
        List<String> post = s.get("ExecStartPost");
        assertNotNull(post);
        assertTrue(post.get(0).matches("\\+\\S*sluice-iptables up --no-rollback .*--queue-num 0.*"), String.valueOf(post));
        List<String> stop = s.get("ExecStopPost");
        assertNotNull(stop);
        assertTrue(stop.get(0).matches("-?\\+-?\\S*sluice-iptables down"), String.valueOf(stop));
        Path script = Path.of("..", "iptables", "sluice-iptables");
        assertTrue(Files.readString(script).contains("--no-rollback"), "the script knows --no-rollback");
    }

    /** Runs systemd-analyze verify on {@code text} saved as sluice.service; its complaint lines. */
    private List<String> verify(String text) throws Exception {
        Path tool = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(tool), "systemd-analyze is not installed");
        Path unit = dir.resolve("sluice.service");
        Files.writeString(unit, text);
        Process p = new ProcessBuilder(tool.toString(), "verify", "--man=no", unit.toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("systemd-analyze verify did not finish");
        }
        List<String> lines = new ArrayList<>();
        for (String l : out.split("\n")) {
            String t = l.strip();
            if (!t.isEmpty()) {
                // Paths in messages name the copy; report them as the unit's own name.
                lines.add(t.replace(unit.toString(), "sluice.service"));
            }
        }
        return lines;
    }

    /** The keys of {@code [name]}, each with its values in order (keys may repeat). */
    private static Map<String, List<String>> section(String name) throws IOException {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        String current = null;
        for (String raw : Files.readAllLines(UNIT)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = line.substring(1, line.length() - 1);
                continue;
            }
            int eq = line.indexOf('=');
            if (name.equals(current) && eq > 0) {
                keys.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
            }
        }
        return keys;
    }
}
