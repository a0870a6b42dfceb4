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
    void httpStickyBuffersAreActiveAndPrefiltered() throws Exception {
        Rule r = rule("http.uri; content:\"/a\"; http.host; content:\"x\";");
        assertEquals(null, r.inactiveReason);
        assertTrue(r.programs.containsKey(Buffer.HTTP_URI));
        assertTrue(r.programs.containsKey(Buffer.HTTP_HOST));
        assertEquals(Buffer.HTTP_URI, r.fastPattern.buffer()); // application buffers are prefiltered too
        assertTrue(rule("http_request_line; content:\"GET\";").active());
        assertTrue(rule("http.request_header; content:\"Host: x\";").programs.containsKey(Buffer.HTTP_REQUEST_HEADER));
    }

    @Test
    void relativeKeywordAfterUricontentInspectsTheUri() throws Exception {
        Rule r = rule("uricontent:\"this\"; byte_extract:1,2,one,string,dec,relative; isdataat:!10,relative; content:\"x\";");
        assertEquals(3, r.programs.get(Buffer.HTTP_URI).items().length);
        assertEquals(1, r.programs.get(Buffer.PAYLOAD).items().length, "a plain content stays in the payload");
    }

    @Test
    void stickyBuffersParkTheRuleWithTheirParser() throws Exception {
        assertEquals("waiting for the ssh parser (ssh_proto)", rule("ssh_proto; content:\"evil\";").inactiveReason);
        assertEquals("waiting for the sip parser (sip.to)", rule("sip.to; content:\"x\";").inactiveReason);
        assertTrue(rule("file_data; content:\"x\";").programs.containsKey(Buffer.FILE_DATA));
    }

    @Test
    void oldModifiersMoveTheContent() throws Exception {
        Rule r = rule("content:\"GET\"; http_method; content:\"/x\"; nocase; http_uri; content:\"tail\";");
        assertTrue(r.programs.containsKey(Buffer.HTTP_METHOD));
        assertTrue(r.programs.containsKey(Buffer.HTTP_URI));
        assertEquals(1, r.programs.get(Buffer.PAYLOAD).items().length);
        assertTrue(r.active());
        assertEquals("no content before 'http_uri'", refusal("http_uri;"));
        Rule moved = rule("content:\".php\"; isdataat:!1,relative; http_uri;");
        assertEquals(2, moved.programs.get(Buffer.HTTP_URI).items().length);
        assertFalse(moved.programs.containsKey(Buffer.PAYLOAD));
        assertTrue(refusal("http.uri; content:\"a\"; http_header;").contains("already in http.uri"));
    }

    @Test
    void transformsNeedAStickyBufferAndCheckTheirValue() throws Exception {
        assertEquals("transform to_lowercase must follow a sticky buffer", refusal("to_lowercase; content:\"a\";"));
        assertEquals("waiting for the sip parser (sip.to)", rule("sip.to; dotprefix; content:\".example.com\"; endswith;").inactiveReason);
        assertTrue(refusal("xor;").contains("needs a value"));
        assertTrue(refusal("dotprefix:1;").contains("takes no value"));
    }

    @Test
    void applicationTestsPark() throws Exception {
        assertEquals("waiting for the tls parser (tls_cert_expired)", rule("tls_cert_expired;").inactiveReason);
        assertEquals("waiting for the app-layer parser (app-layer-event)", rule("app-layer-event:tls.invalid_sslv2_header;").inactiveReason);
        assertEquals("geoip not implemented yet", rule("geoip:src,RU;").inactiveReason);
        assertTrue(rule("flowint:tls.anomaly.count,+,1;").active(), "flowint is implemented");
    }

    @Test
    void absentOnlyOnApplicationBuffers() throws Exception {
        assertTrue(refusal("absent;").contains("application-layer"));
        assertFalse(rule("http.referer; absent: or_else; content:!\"example\";").active());
    }
}
