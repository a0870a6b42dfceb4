package dev.sluice.signatures.vars;

import dev.sluice.signatures.classify.ClassificationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SluiceConfigTest {
    private static SluiceConfig yaml(String text) throws ConfigException {
        return SluiceConfig.parse(text, "t.yaml", Path.of("/etc/sluice"));
    }

    @Test
    void yamlOverridesSomeGroupsAndKeepsTheOtherDefaults() throws Exception {
        SluiceConfig c = yaml("""
                %YAML 1.1
                ---
                vars:
                  address-groups:
                    HOME_NET: "[10.1.0.0/16]"
                    MY_NET: 192.0.2.0/24
                  port-groups:
                    HTTP_PORTS: "[80,8080]"
                    ORACLE_PORTS: 1522
                """);
        Variables v = c.variables();
        assertEquals("[10.1.0.0/16]", v.address("HOME_NET"));
        assertEquals("192.0.2.0/24", v.address("MY_NET"));
        assertEquals("!$HOME_NET", v.address("EXTERNAL_NET"));
        assertEquals("[80,8080]", v.port("HTTP_PORTS"));
        assertEquals("1522", v.port("ORACLE_PORTS"), "a YAML number is taken as its text");
        assertEquals("22", v.port("SSH_PORTS"));
    }

    @Test
    void yamlListValueBecomesAGroup() throws Exception {
        SluiceConfig c = yaml("vars:\n  port-groups:\n    WEB: [80, 443]\n");
        assertEquals("[80,443]", c.variables().port("WEB"));
    }

    @Test
    void setCreatesNestedKeys() throws Exception {
        SluiceConfig c = SluiceConfig.empty();
        c.applySet("a.b.c=value");
        assertEquals("value", c.getString("a.b.c", null));
        c.applySet("app-layer.protocols.http.libhtp.default-config.response-body-decompress-layer-limit=3");
        assertEquals(3, c.getLong("app-layer.protocols.http.libhtp.default-config.response-body-decompress-layer-limit", 0));
    }

    @Test
    void setOverridesAVariable() throws Exception {
        SluiceConfig c = yaml("vars:\n  address-groups:\n    HOME_NET: \"[10.0.0.0/8]\"\n");
        c.applySet("vars.address-groups.HOME_NET=[192.0.2.0/24]");
        assertEquals("[192.0.2.0/24]", c.variables().address("HOME_NET"));
    }

    @Test
    void setReplacesAScalarThatIsInTheWay() throws Exception {
        SluiceConfig c = SluiceConfig.empty();
        c.applySet("stream=yes");
        c.applySet("stream.midstream=true");
        assertTrue(c.getBool("stream.midstream", false));
    }

    @Test
    void setValueMayContainEqualsSigns() throws Exception {
        SluiceConfig c = SluiceConfig.empty();
        c.applySet("x.y=a=b");
        assertEquals("a=b", c.getString("x.y", null));
    }

    @Test
    void refusesSetWithoutEqualsOrWithEmptyStep() {
        assertEquals("--set stream.midstream: expected key=value",
                assertThrows(ConfigException.class, () -> SluiceConfig.empty().applySet("stream.midstream")).getMessage());
        assertEquals("--set a..b=1: empty step in key 'a..b'",
                assertThrows(ConfigException.class, () -> SluiceConfig.empty().applySet("a..b=1")).getMessage());
    }

    @Test
    void readsYesNoValuesAsSuricataDoes() throws Exception {
        SluiceConfig c = yaml("a: yes\nb: no\nc: true\nd: off\ne: 1\nf: maybe\n");
        assertTrue(c.getBool("a", false));
        assertFalse(c.getBool("b", true));
        assertTrue(c.getBool("c", false));
        assertFalse(c.getBool("d", true));
        assertTrue(c.getBool("e", false));
        assertTrue(c.getBool("missing", true));
        assertEquals("f: 'maybe' is not yes/no", assertThrows(IllegalArgumentException.class, () -> c.getBool("f", false)).getMessage());
    }

    @Test
    void readsNumbersAndSizes() throws Exception {
        SluiceConfig c = yaml("n: 42\nm: 64mb\nk: 16KB\nb: 100\nbad: x1\n");
        assertEquals(42, c.getLong("n", 0));
        assertEquals(7, c.getLong("missing", 7));
        assertEquals(64L << 20, c.getSize("m", 0));
        assertEquals(16L << 10, c.getSize("k", 0));
        assertEquals(100, c.getSize("b", 0));
        assertThrows(IllegalArgumentException.class, () -> c.getLong("bad", 0));
        assertThrows(IllegalArgumentException.class, () -> c.getSize("bad", 0));
    }

    @Test
    void walksListsByIndexOrByEntryKey() throws Exception {
        SluiceConfig c = yaml("""
                outputs:
                  - fast:
                      enabled: yes
                  - eve-log:
                      enabled: no
                      filename: eve.json
                """);
        assertTrue(c.getBool("outputs.0.fast.enabled", false));
        assertFalse(c.getBool("outputs.eve-log.enabled", true));
        assertEquals("eve.json", c.getString("outputs.1.eve-log.filename", null));
        c.applySet("outputs.eve-log.enabled=yes");
        assertTrue(c.getBool("outputs.eve-log.enabled", false));
        c.applySet("outputs.stats.enabled=yes");
        assertTrue(c.getBool("outputs.stats.enabled", false));
        assertTrue(c.getBool("outputs.2.stats.enabled", false));
    }

    @Test
    void containersAreNotStrings() throws Exception {
        SluiceConfig c = yaml("a:\n  b: 1\n");
        assertEquals("d", c.getString("a", "d"));
        assertNull(c.getString("a.b.c", null));
    }

    @Test
    void readsStringLists() throws Exception {
        SluiceConfig c = yaml("rule-files:\n  - a.rules\n  - b.rules\none: x.rules\n");
        assertEquals(List.of("a.rules", "b.rules"), c.getStringList("rule-files"));
        assertEquals(List.of("x.rules"), c.getStringList("one"));
        assertEquals(List.of(), c.getStringList("none"));
    }

    @Test
    void yamlSyntaxErrorNamesFileAndLine() {
        assertEquals("t.yaml:4: while parsing a flow sequence; expected ',' or ']', but got :",
                assertThrows(ConfigException.class, () -> yaml("a: 1\nb:\n  c: [1, 2\nd: 4\n")).getMessage());
        assertEquals("t.yaml:2: mapping values are not allowed here",
                assertThrows(ConfigException.class, () -> yaml("a: 1\n b: 2\n")).getMessage());
    }

    @Test
    void loadReportsTheFileName(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "x: 1\n\ty: 2\n");
        String msg = assertThrows(ConfigException.class, () -> SluiceConfig.load(f)).getMessage();
        assertTrue(msg.startsWith(f + ":2: "), msg);
    }

    @Test
    void topLevelMustBeAMapping() {
        assertEquals("t.yaml:1: the top level must be a mapping of keys",
                assertThrows(ConfigException.class, () -> yaml("- a\n- b\n")).getMessage());
    }

    @Test
    void emptyFileIsAnEmptyConfiguration() throws Exception {
        assertEquals("!$HOME_NET", yaml("").variables().address("EXTERNAL_NET"));
    }

    @Test
    void configFilesResolveAgainstTheYamlFolder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("classification.config"), "config classification: mine,My Class,2\n");
        Files.writeString(dir.resolve("reference.config"), "config reference: mine http://example.org/\n");
        Path yaml = dir.resolve("sluice.yaml");
        Files.writeString(yaml, "classification-file: classification.config\nreference-config-file: reference.config\n");
        SluiceConfig c = SluiceConfig.load(yaml);
        ClassificationConfig cc = c.classifications();
        assertEquals(2, cc.get("mine").priority());
        assertNull(cc.get("trojan-activity"), "the file replaces the bundled classes");
        assertEquals("http://example.org/", c.references().prefix("mine"));
        assertEquals(dir.resolve("x.rules"), c.resolve("x.rules"));
        assertEquals(Path.of("/abs/x.rules"), c.resolve("/abs/x.rules"));
    }

    @Test
    void withoutConfigFileKeysTheBundledOnesAreUsed() throws Exception {
        SluiceConfig c = SluiceConfig.empty();
        assertEquals(1, c.classifications().get("trojan-activity").priority());
        assertEquals("http://cve.mitre.org/cgi-bin/cvename.cgi?name=", c.references().prefix("cve"));
    }

    @Test
    void bundledSluiceYamlHoldsTheDefaultVariables() {
        SluiceConfig c = SluiceConfig.defaults();
        Variables fromYaml = c.variables();
        Variables stock = Variables.defaults();
        assertEquals(stock.addresses(), fromYaml.addresses());
        assertEquals(stock.ports(), fromYaml.ports());
        assertEquals(List.of("suricata.rules"), c.getStringList("rule-files"));
        assertFalse(c.getBool("stream.midstream", true));
    }

    @Test
    void whereNamesTheLineOfAKeyInMappingsAndListEntries() throws Exception {
        SluiceConfig c = SluiceConfig.parse("""
                # top
                stream:
                  midstream: true
                  reassembly:
                    depth: 1mb
                outputs:
                  - fast:
                      enabled: yes
                  - eve-log:
                      enabled: no
                """, "x.yaml", Path.of("."));
        assertEquals("x.yaml:5", c.where("stream.reassembly.depth"));
        assertEquals("x.yaml:3", c.where("stream.midstream"));
        assertEquals("x.yaml:10", c.where("outputs.eve-log.enabled"));
        assertEquals("x.yaml", c.where("stream.bypass"), "absent: the file only");
        assertEquals("(none)", SluiceConfig.empty().where("stream.midstream"));
    }
}
