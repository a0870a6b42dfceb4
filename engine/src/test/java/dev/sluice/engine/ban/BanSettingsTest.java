package dev.sluice.engine.ban;

import dev.sluice.signatures.classify.ClassificationConfig;
import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.SluiceConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BanSettingsTest {
    private static final ClassificationConfig CLASSES = ClassificationConfig.defaults();

    private static SluiceConfig yaml(String text) throws ConfigException {
        return SluiceConfig.parse(text, "sluice.yaml", Path.of("/etc/sluice"));
    }

    private static BanSettings read(String text) throws ConfigException {
        return BanSettings.fromConfig(yaml(text), CLASSES);
    }

    @Test
    void policiesNameTheirClassByTheDescriptionAlertsCarry() throws Exception {
        BanSettings s = read("""
                bans:
                  enabled: yes
                  timeout: 900
                  ignore: [192.0.2.0/24, "2001:db8::/32"]
                  policies:
                    - name: scanners
                      classtype: attempted-recon
                      count: 5
                      seconds: 60
                    - sid: 2001219
                      count: 3
                      seconds: 10
                      timeout: 30
                """);
        assertEquals("sluice", s.table());
        assertEquals(List.of(
                new BanPolicy("scanners", 0, "attempted-recon", "Attempted Information Leak", 5, 60, 900),
                new BanPolicy("sid 2001219", 2001219, null, null, 3, 10, 30)), s.policies());
        assertEquals(BanSettings.DEFAULT_MAX_TRACKED, s.maxTracked());
        assertTrue(s.ignored(IpLiteral.parse("192.0.2.200")));
        assertTrue(s.ignored(IpLiteral.parse("2001:db8:1::5")));
        assertFalse(s.ignored(IpLiteral.parse("198.51.100.1")));
    }

    @Test
    void loopbackIsAlwaysIgnored() throws Exception {
        BanSettings s = read("bans: {enabled: yes, policies: [{sid: 1, count: 1, seconds: 1}]}");
        assertTrue(s.ignored(IpLiteral.parse("127.0.0.1")));
        assertTrue(s.ignored(IpLiteral.parse("127.255.0.9")));
        assertTrue(s.ignored(IpLiteral.parse("::1")));
        assertFalse(s.ignored(IpLiteral.parse("::2")));
        assertEquals(BanSettings.DEFAULT_TIMEOUT, s.policies().get(0).timeoutSeconds());
    }

    @Test
    void bansAreOffUnlessEnabled() throws Exception {
        assertNull(read("stream: {midstream: true}\n"));
        assertNull(read("bans: {enabled: no, policies: [{sid: 1, count: 1, seconds: 1}]}"));
        assertNull(read("bans: {policies: [{sid: 1, count: 1, seconds: 1}]}"));
        assertNull(BanManager.fromConfig(yaml("bans: {enabled: no}"), CLASSES));
    }

    @Test
    void setOnTheCommandLineTurnsBansOn() throws Exception {
        SluiceConfig cfg = yaml("bans: {enabled: no, set: mybans, policies: [{sid: 7, count: 2, seconds: 5}]}");
        cfg.applySet("bans.enabled=yes");
        BanSettings s = BanSettings.fromConfig(cfg, CLASSES);
        assertEquals("mybans", s.table());
        assertEquals(7, s.policies().get(0).sid());
    }

    @Test
    void badSettingsGiveOneLineWithTheirPlace() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("bans: {enabled: maybe}", "sluice.yaml: bans.enabled: 'maybe' is not yes/no"),
                Map.entry("bans: {enabled: yes}", "sluice.yaml: bans.policies: bans are enabled but no policy is listed"),
                Map.entry("bans: {enabled: yes, policies: [{count: 5, seconds: 60}]}",
                        "sluice.yaml: bans.policies[0]: needs a classtype or a sid (or both)"),
                Map.entry("bans: {enabled: yes, policies: [{sid: 1, count: 5, seconds: 60}, {classtype: nosuch, count: 1, seconds: 1}]}",
                        "sluice.yaml: bans.policies[1].classtype: unknown class 'nosuch' (not in classification.config)"),
                Map.entry("bans: {enabled: yes, policies: [{sid: 1, count: five, seconds: 60}]}",
                        "sluice.yaml: bans.policies[0].count: 'five' is not a whole number"),
                Map.entry("bans: {enabled: yes, policies: [{sid: 1, count: 0, seconds: 60}]}",
                        "sluice.yaml: bans.policies[0].count: 0 is out of range (1-1000000)"),
                Map.entry("bans: {enabled: yes, policies: [{sid: 1, seconds: 60}]}",
                        "sluice.yaml: bans.policies[0]: needs count and seconds"),
                Map.entry("bans: {enabled: yes, policies: [{sid: 1, cout: 5, count: 5, seconds: 60}]}",
                        "sluice.yaml: bans.policies[0]: unknown key 'cout' (known: classtype, count, name, seconds, sid, timeout)"),
                Map.entry("bans: {enabled: yes, policies: [sid]}",
                        "sluice.yaml: bans.policies[0]: expected a mapping (name, classtype and/or sid, count, seconds)"),
                Map.entry("bans: {enabled: yes, timeout: -1, policies: [{sid: 1, count: 5, seconds: 60}]}",
                        "sluice.yaml: bans.timeout: -1 is out of range (1-2592000)"),
                Map.entry("bans: {enabled: yes, ignore: [10.0.0.0/33], policies: [{sid: 1, count: 5, seconds: 60}]}",
                        "sluice.yaml: bans.ignore[0]: '10.0.0.0/33': prefix length must be 0-32"),
                Map.entry("bans: {enabled: yes, ignore: example.org, policies: [{sid: 1, count: 5, seconds: 60}]}",
                        "sluice.yaml: bans.ignore: 'example.org' is not an IPv4 or IPv6 address or network"),
                Map.entry("bans: {enabled: yes, set: 'x y', policies: [{sid: 1, count: 5, seconds: 60}]}",
                        "sluice.yaml: bans.set: 'x y' is not an nft table name (letters, digits, _)"),
                Map.entry("bans: [1, 2]", "sluice.yaml: bans: expected a mapping (enabled, timeout, set, ignore, policies)"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            ConfigException e = assertThrows(ConfigException.class, () -> read(c.getKey()), c.getKey());
            assertEquals(c.getValue(), e.getMessage(), c.getKey());
            assertFalse(e.getMessage().contains("\n"));
        }
    }
}
