package dev.sluice.signatures.classify;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ReferenceConfigTest {
    @Test
    void parsesSystemAndUrlWithTabsAndTrailingSpaces() {
        ReferenceConfig r = ReferenceConfig.parse("""
                # config reference: system URL
                config reference: bid\t    http://www.securityfocus.com/bid/\s
                config reference: McAfee    http://vil.nai.com/vil/content/v_
                """, "r.config");
        assertEquals("http://www.securityfocus.com/bid/", r.prefix("bid"));
        assertEquals("http://vil.nai.com/vil/content/v_", r.prefix("mcafee"));
        assertEquals("http://vil.nai.com/vil/content/v_", r.prefix("McAfee"));
        assertEquals(List.of(), r.problems());
    }

    @Test
    void badLinesAreReportedAndSkipped() {
        ReferenceConfig r = ReferenceConfig.parse("config reference: nourl\nconfig reference: ok http://x/\nhello\n", "r.config");
        assertEquals("http://x/", r.prefix("ok"));
        assertNull(r.prefix("nourl"));
        assertEquals(List.of("r.config:1: reference system 'nourl' has no URL",
                "r.config:3: not a 'config reference: system url' line"), r.problems());
    }

    @Test
    void bundledDefaultsHoldTheCommonSystems() {
        ReferenceConfig r = ReferenceConfig.defaults();
        assertEquals(List.of(), r.problems());
        assertEquals("http://", r.prefix("url"));
        assertEquals("http://cve.mitre.org/cgi-bin/cvename.cgi?name=", r.prefix("cve"));
        assertEquals("http://doc.emergingthreats.net/", r.prefix("et"));
        assertEquals("http://technet.microsoft.com/security/bulletin/", r.prefix("msft"));
        assertNull(r.prefix("nope"));
    }
}
