package dev.sluice.signatures.classify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClassificationConfigTest {
    @Test
    void parsesNameDescriptionAndPriority() {
        ClassificationConfig c = ClassificationConfig.parse("""
                # comment
                
                config classification: bad-unknown,Potentially Bad Traffic, 2
                config  classification :web-application-attack , Web Application Attack ,1
                """, "c.config");
        assertEquals(new ClassificationConfig.Classification("bad-unknown", "Potentially Bad Traffic", 2), c.get("bad-unknown"));
        assertEquals(new ClassificationConfig.Classification("web-application-attack", "Web Application Attack", 1),
                c.get("web-application-attack"));
        assertEquals(List.of(), c.problems());
    }

    @Test
    void descriptionMayContainCommas() {
        ClassificationConfig c = ClassificationConfig.parse("config classification: x,One, two, three,4\n", "c");
        assertEquals("One, two, three", c.get("x").description());
        assertEquals(4, c.get("x").priority());
    }

    @Test
    void namesAreCaseInsensitive() {
        ClassificationConfig c = ClassificationConfig.parse("config classification: Trojan-Activity,T,1\n", "c");
        assertEquals(1, c.get("trojan-activity").priority());
        assertEquals(1, c.get("TROJAN-ACTIVITY").priority());
    }

    @Test
    void badLinesAreReportedAndSkipped() {
        ClassificationConfig c = ClassificationConfig.parse("""
                config classification: ok,Fine,3
                config classification: nopriority,Missing
                config classification: badprio,Desc,high
                config reference: url http://
                config classification: b@d,Desc,1
                config classification: also-ok,Fine too,2
                """, "c.config");
        assertEquals(3, c.get("ok").priority());
        assertEquals(2, c.get("also-ok").priority());
        assertEquals(List.of(
                "c.config:2: expected 'name,description,priority'",
                "c.config:3: bad priority 'high' for classification 'badprio'",
                "c.config:4: not a 'config classification: name,description,priority' line",
                "c.config:5: bad classification name 'b@d'"), c.problems());
    }

    @Test
    void laterLineReplacesEarlier() {
        ClassificationConfig c = ClassificationConfig.parse("config classification: a,First,1\r\nconfig classification: a,Second,2\r\n", "c");
        assertEquals("Second", c.get("a").description());
        assertEquals(1, c.all().size());
    }

    @Test
    void bundledDefaultsHoldSuricataAndEtClasses() {
        ClassificationConfig c = ClassificationConfig.defaults();
        assertEquals(List.of(), c.problems());
        assertEquals(1, c.get("trojan-activity").priority());
        assertEquals("A Network Trojan was detected", c.get("trojan-activity").description());
        assertEquals(3, c.get("misc-activity").priority());
        assertEquals(4, c.get("tcp-connection").priority());
        assertEquals(1, c.get("command-and-control").priority());
        assertEquals(1, c.get("kickass-porn").priority());
        assertEquals(2, c.get("bad-unknown").priority());
        assertNull(c.get("no-such-class"));
        assertEquals(43, c.all().size(), "42 ET Open classes plus kickass-porn");
    }

    @Test
    void loadsAFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("classification.config");
        Files.writeString(f, "config classification: x,X,2\nnonsense\n");
        ClassificationConfig c = ClassificationConfig.load(f);
        assertEquals(2, c.get("x").priority());
        assertEquals(List.of(f + ":2: not a 'config classification: name,description,priority' line"), c.problems());
        assertThrows(java.io.IOException.class, () -> ClassificationConfig.load(dir.resolve("missing")));
    }
}
