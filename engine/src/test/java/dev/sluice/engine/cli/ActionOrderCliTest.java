package dev.sluice.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code action-order} from sluice.yaml and {@code --set} through {@code sluice pcap}. */
class ActionOrderCliTest {
    /** The sample's ICMP echo alert, and a pass rule for the same packet. */
    private static final String RULES = String.join("\n",
            "alert icmp any any -> any any (msg:\"echo\"; itype:8; sid:1;)",
            "pass icmp any any -> any any (msg:\"trusted echo\"; itype:8; sid:2;)", "");

    private static List<String> fastLog(Path dir, String... extra) throws IOException {
        Path rules = dir.resolve("t.rules");
        Files.writeString(rules, RULES);
        Path out = dir.resolve("out");
        List<String> args = new java.util.ArrayList<>(List.of("pcap", "-r", PcapCommandTest.PCAP.toString(),
                "-S", rules.toString(), "-l", out.toString()));
        args.addAll(List.of(extra));
        PcapCommandTest.Run r = PcapCommandTest.run(args.toArray(new String[0]));
        assertEquals(0, r.exit(), r.err());
        return Files.readAllLines(out.resolve("fast.log"));
    }

    @Test
    void passRuleSilencesTheAlertByDefault(@TempDir Path dir) throws IOException {
        assertEquals(List.of(), fastLog(dir));
    }

    @Test
    void alertBeforePassFromSetFiresTheAlert(@TempDir Path dir) throws IOException {
        List<String> fast = fastLog(dir, "--set", "action-order=alert,pass,drop,reject");
        assertEquals(1, fast.size(), fast.toString());
        assertTrue(fast.get(0).contains("[1:1:0] echo"), fast.get(0));
    }

    @Test
    void alertBeforePassFromTheConfigFile(@TempDir Path dir) throws IOException {
        Path yaml = dir.resolve("sluice.yaml");
        Files.writeString(yaml, "action-order:\n  - alert\n  - pass\n  - drop\n  - reject\n");
        assertEquals(1, fastLog(dir, "-c", yaml.toString()).size());
    }

    @Test
    void badActionOrderIsRefusedOnOneLineNamingTheFile(@TempDir Path dir) throws IOException {
        Path yaml = dir.resolve("sluice.yaml");
        Files.writeString(yaml, "action-order: [pass, deny, reject, alert]\n");
        Files.writeString(dir.resolve("t.rules"), RULES);
        PcapCommandTest.Run r = PcapCommandTest.run("pcap", "-r", PcapCommandTest.PCAP.toString(),
                "-S", dir.resolve("t.rules").toString(), "-l", dir.resolve("out").toString(), "-c", yaml.toString());
        assertEquals(2, r.exit());
        assertEquals("sluice: " + yaml + ": action-order: 'deny' is not an action; list pass, drop, reject and alert, each once",
                r.err().strip());
    }
}
