package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.Rule;
import dev.sluice.signatures.match.Buffer;
import org.junit.jupiter.api.Test;

import static dev.sluice.signatures.match.TestRules.refusal;
import static dev.sluice.signatures.match.TestRules.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppKeywordsTest {
    @Test
    void stickyBuffersParkTheRuleWithTheirParser() throws Exception {
        Rule r = rule("http.uri; content:\"/a\"; http.host; content:\"x\";");
        assertEquals("waiting for the http parser (http.uri)", r.inactiveReason);
        assertTrue(r.programs.containsKey(Buffer.HTTP_URI));
        assertTrue(r.programs.containsKey(Buffer.HTTP_HOST));
        assertEquals(Buffer.HTTP_URI, r.fastPattern.buffer()); // application buffers are prefiltered too
        assertEquals("waiting for the tls parser (tls_sni)", rule("tls_sni; content:\"evil\";").inactiveReason);
        assertEquals("waiting for the sip parser (sip.to)", rule("sip.to; content:\"x\";").inactiveReason);
        assertTrue(rule("file_data; content:\"x\";").programs.containsKey(Buffer.FILE_DATA));
    }

    @Test
    void oldModifiersMoveTheContent() throws Exception {
        Rule r = rule("content:\"GET\"; http_method; content:\"/x\"; nocase; http_uri; content:\"tail\";");
        assertTrue(r.programs.containsKey(Buffer.HTTP_METHOD));
        assertTrue(r.programs.containsKey(Buffer.HTTP_URI));
        assertEquals(1, r.programs.get(Buffer.PAYLOAD).items().length);
        assertFalse(r.active());
        assertEquals("no content before 'http_uri'", refusal("http_uri;"));
        Rule moved = rule("content:\".php\"; isdataat:!1,relative; http_uri;");
        assertEquals(2, moved.programs.get(Buffer.HTTP_URI).items().length);
        assertFalse(moved.programs.containsKey(Buffer.PAYLOAD));
        assertTrue(refusal("http.uri; content:\"a\"; http_header;").contains("already in http.uri"));
    }

    @Test
    void transformsParkPacketBuffersOnly() throws Exception {
        assertEquals("transform to_lowercase not implemented yet", rule("to_lowercase; content:\"a\";").inactiveReason);
        assertEquals("waiting for the tls parser (tls.sni)", rule("tls.sni; dotprefix; content:\".google.com\"; endswith;").inactiveReason);
        assertTrue(refusal("xor;").contains("needs a value"));
        assertTrue(refusal("dotprefix:1;").contains("takes no value"));
    }

    @Test
    void applicationTestsPark() throws Exception {
        assertEquals("waiting for the tls parser (tls.version)", rule("tls.version:1.2;").inactiveReason);
        assertEquals("waiting for the app-layer parser (app-layer-event)", rule("app-layer-event:tls.invalid_sslv2_header;").inactiveReason);
        assertEquals("flowint not implemented yet", rule("flowint:tls.anomaly.count,+,1;").inactiveReason);
        assertEquals("xbits not implemented yet", rule("xbits:set,ET.x,track ip_src,expire 15;").inactiveReason);
    }

    @Test
    void absentOnlyOnApplicationBuffers() throws Exception {
        assertTrue(refusal("absent;").contains("application-layer"));
        assertFalse(rule("http.referer; absent: or_else; content:!\"example\";").active());
    }
}
