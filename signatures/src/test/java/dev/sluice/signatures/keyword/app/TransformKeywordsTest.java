package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.FastPattern;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.header.Protocol;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.DetectContext;
import dev.sluice.signatures.match.FakeFlow;
import dev.sluice.signatures.match.FakePacket;
import dev.sluice.signatures.match.RuleEval;
import dev.sluice.signatures.match.TxField;
import dev.sluice.signatures.match.TxView;
import dev.sluice.signatures.mpm.MpmBuilder;
import dev.sluice.signatures.mpm.MultiPatternMatcher;
import dev.sluice.signatures.mpm.Scanner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.sluice.signatures.match.TestRules.load;
import static dev.sluice.signatures.match.TestRules.payload;
import static dev.sluice.signatures.match.TestRules.refusal;
import static dev.sluice.signatures.match.TestRules.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformKeywordsTest {
    /** A DNS transaction whose dns.query instances are the given names. */
    private record Names(List<String> names) implements TxView {
        @Override
        public boolean buffer(Buffer b, int index, DetectContext ctx) {
            if (b != Buffer.DNS_QUERY || index >= names.size()) {
                return false;
            }
            byte[] bytes = names.get(index).getBytes(StandardCharsets.ISO_8859_1);
            ctx.setAppBuffer(bytes, 0, bytes.length);
            return true;
        }

        @Override
        public long field(TxField f, int index) {
            return -1;
        }
    }

    private static Rule dns(String options) throws Exception {
        return rule(load(), Protocol.DNS, options);
    }

    private static boolean onQuery(Rule r, String... names) {
        DetectContext ctx = new DetectContext();
        ctx.reset(FakePacket.udp(new byte[] {1}), new FakeFlow());
        ctx.tx = new Names(List.of(names));
        return RuleEval.matches(r, ctx);
    }

    private static String fp(Rule r) {
        return new String(r.fastPattern.bytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void dotprefixMatchesTheDomainAndItsSubdomainsOnly() throws Exception {
        Rule r = dns("dns.query; dotprefix; content:\".example.com\"; endswith;");
        assertTrue(r.active());
        assertTrue(onQuery(r, "example.com"));
        assertTrue(onQuery(r, "www.example.com"));
        assertFalse(onQuery(r, "badexample.com"));
        assertFalse(onQuery(r, "example.com.evil"));
        assertFalse(onQuery(dns("dns.query; content:\".example.com\"; endswith;"), "example.com"));
        assertTrue(onQuery(r, "other.org", "a.example.com")); // any instance
    }

    @Test
    void eachTransformMatchesTheTransformedBytesNotTheRaw() throws Exception {
        assertTrue(payload("pkt_data; to_uppercase; content:\"GET /INDEX\";", "get /index"));
        assertFalse(payload("pkt_data; content:\"GET /INDEX\";", "get /index"));
        assertTrue(payload("pkt_data; to_lowercase; content:\"host: evil\";", "HOST: EVIL"));
        assertFalse(payload("pkt_data; to_lowercase; content:\"HOST\";", "HOST: EVIL"));
        assertTrue(payload("pkt_data; strip_whitespace; content:\"window.navigate(\";", "window . navigate\t("));
        assertTrue(payload("pkt_data; compress_whitespace; content:\"a b c\";", "a  \t b \r\n c"));
        assertFalse(payload("pkt_data; compress_whitespace; content:\"b  c\";", "a  b  c"));
        assertTrue(payload("pkt_data; url_decode; content:\"mail=test@oisf.net\";", "mail=test%40oisf.net"));
        assertFalse(payload("pkt_data; url_decode; content:\"%40\";", "mail=test%40oisf.net"));
        assertTrue(payload("pkt_data; header_lowercase; content:\"user-agent: Foo\";", "User-Agent: Foo\r\n"));
        // md5("abc") = 900150983cd24fb0d6963f7d28e17f72
        assertTrue(payload("pkt_data; to_md5; content:\"|90 01 50 98 3c d2 4f b0 d6 96 3f 7d 28 e1 7f 72|\"; bsize:16;", "abc"));
        // sha1("abc") = a9993e364706816aba3e25717850c26c9cd0d89d
        assertTrue(payload("pkt_data; to_sha1; content:\"|a9 99 3e 36 47 06 81 6a ba 3e 25 71 78 50 c2 6c 9c d0 d8 9d|\";", "abc"));
        // sha256("abc") = ba7816bf...f20015ad
        assertTrue(payload("pkt_data; to_sha256; content:\"|ba 78 16 bf|\"; startswith; content:\"|f2 00 15 ad|\"; endswith;", "abc"));
        assertFalse(payload("pkt_data; to_sha256; content:\"abc\";", "abc"));
        assertTrue(payload("pkt_data; xor:\"0102\"; content:\"abab\";", "````")); // 'a'^1 = 'b'^2 = '`'
        assertFalse(payload("pkt_data; xor:\"0102\"; content:\"abab\";", "abab"));
        assertTrue(payload("pkt_data; pcrexform:\"[a-zA-Z]+\\s+(.*)\\s+HTTP\"; content:\"/z4d4kWk.jpg\"; startswith; endswith;",
                "GET /z4d4kWk.jpg HTTP/1.1\r\n"));
        assertTrue(payload("pkt_data; from_base64: offset 6; content:\"thisisatest\"; startswith;", "/?arg=dGhpc2lzYXRlc3QK"));
        assertFalse(payload("pkt_data; content:\"thisisatest\";", "/?arg=dGhpc2lzYXRlc3QK"));
        assertTrue(payload("tcp.hdr; xor:\"ff\"; content:\"|ff ff|\"; offset:4; depth:2;", "x")); // seq 0 of the fake header
    }

    @Test
    void decompressionTransformsInflateThePayload() throws Exception {
        java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bo)) {
            gz.write("the secret is out".getBytes(StandardCharsets.ISO_8859_1));
        }
        Rule r = rule("pkt_data; gunzip; content:\"secret\";");
        assertTrue(r.active());
        assertNull(r.fastPattern);
        assertTrue(dev.sluice.signatures.match.TestRules.matches(r, FakePacket.tcp(bo.toByteArray())));
        assertFalse(payload("pkt_data; gunzip; content:\"secret\";", "the secret is out")); // not gzip
        java.util.zip.Deflater d = new java.util.zip.Deflater();
        d.setInput("zlib secret".getBytes(StandardCharsets.ISO_8859_1));
        d.finish();
        byte[] z = new byte[64];
        int n = d.deflate(z);
        d.end();
        assertTrue(dev.sluice.signatures.match.TestRules.matches(rule("pkt_data; zlib_deflate: max-size 2048; content:\"secret\"; endswith;"),
                FakePacket.tcp(java.util.Arrays.copyOf(z, n))));
    }

    @Test
    void contentsBeforeATransformInspectTheRawBuffer() throws Exception {
        String opts = "pkt_data; content:\"/?arg=\"; from_base64: offset 6; content:\"thisisatest\";";
        assertTrue(payload(opts, "/?arg=dGhpc2lzYXRlc3QK"));
        assertEquals(2, rule(opts).programs.get(Buffer.PAYLOAD).items().length);
        // the same buffer named again starts from the raw bytes
        Rule r = dns("dns.query; dotprefix; content:\".example.com\"; dns.query; content:\"www.\"; startswith;");
        assertTrue(onQuery(r, "www.example.com"));
        assertFalse(onQuery(r, "mail.example.com"));
        // transforms accumulate until the buffer is named again
        assertTrue(payload("pkt_data; dotprefix; content:\".Ab\"; to_lowercase; content:\".abc\"; startswith;", "Abc"));
    }

    @Test
    void aTransformedPayloadMatchEndsAtTheRawBufferEnd() throws Exception {
        DetectContext ctx = new DetectContext();
        ctx.reset(FakePacket.tcp("xx ABC yy"), new FakeFlow());
        assertTrue(RuleEval.matches(rule("pkt_data; to_lowercase; content:\"abc\";"), ctx));
        assertEquals(9, ctx.matchEnd()); // stream de-duplication must not read transformed offsets
        assertTrue(RuleEval.matches(rule("pkt_data; to_lowercase; content:\"abc\"; pkt_data; content:\"ABC\";"), ctx));
        assertEquals(6, ctx.matchEnd());
    }

    @Test
    void refusesTransformsWithoutAStickyBufferAndParksTheUnsupported() throws Exception {
        assertEquals("transform to_lowercase must follow a sticky buffer", refusal("to_lowercase; content:\"a\";"));
        assertEquals("transform dotprefix must follow a sticky buffer", refusal("content:\"a\"; dotprefix;"));
        assertTrue(refusal("pkt_data; xor:\"abc\";").contains("even"));
        assertTrue(refusal("pkt_data; pcrexform:\"abc\";").contains("capture"));
        assertTrue(refusal("pkt_data; from_base64: mode fancy;").contains("unknown mode"));
        assertTrue(refusal("pkt_data;" + " to_lowercase;".repeat(17)).contains("more than 16"));
        // domain and tld run where the system's public suffix list can be read, else they park.
        String psl = dev.sluice.signatures.transform.PublicSuffixList.systemProblem();
        assertEquals(psl == null ? null : "domain needs " + psl,
                dns("dns.query; domain; content:\"example.com\";").inactiveReason);
        assertEquals("transform luaxform not implemented: no Lua support",
                rule("pkt_data; luaxform:x.lua; content:\"a\";").inactiveReason);
        assertEquals("from_base64 with a variable bytes not implemented yet",
                rule("pkt_data; from_base64: bytes n; content:\"a\";").inactiveReason);
        assertEquals("waiting for the sip parser (sip.to)", rule("sip.to; to_lowercase; content:\"a\";").inactiveReason);
    }

    @Test
    void fastPatternStaysANecessaryCondition() throws Exception {
        Rule dot = dns("dns.query; dotprefix; content:\".example.com\"; endswith;");
        assertEquals(Buffer.DNS_QUERY, dot.fastPattern.buffer());
        assertEquals("example.com", fp(dot));
        assertFalse(dot.fastPattern.nocase());
        Rule upper = rule("pkt_data; to_uppercase; content:\"GET /ADMIN\";");
        assertEquals("get /admin", fp(upper));
        assertTrue(upper.fastPattern.nocase());
        assertNull(rule("pkt_data; to_sha256; content:\"|ba 78 16 bf|\";").fastPattern);
        assertNull(rule("pkt_data; url_decode; content:\"abc\"; fast_pattern;").fastPattern);
        assertNull(dns("dns.query; dotprefix; content:\".\"; endswith;").fastPattern);
        // a raw content is chosen over a longer transformed one, even an explicit fast_pattern
        Rule mixed = rule("pkt_data; content:\"GET\"; pkt_data; url_decode; content:\"a much longer pattern\"; fast_pattern;");
        assertEquals("GET", fp(mixed));
        assertEquals("abc", fp(rule("pkt_data; dotprefix; content:\"abc\";")));
    }

    @Test
    void prefilterFindsTransformedRulesInRawBytes() throws Exception {
        String[][] cases = {
            {"pkt_data; to_uppercase; content:\"GET /ADMIN\";", "get /admin HTTP/1.1"},
            {"pkt_data; to_lowercase; content:\"evil.com\";", "Host: EVIL.COM"},
            {"pkt_data; dotprefix; content:\".example.com\"; endswith;", "example.com"},
            {"pkt_data; dotprefix; to_uppercase; content:\".EXAMPLE\";", "example"},
        };
        for (String[] c : cases) {
            Rule r = rule(c[0]);
            assertTrue(payload(c[0], c[1]), c[0]);
            FastPattern f = r.fastPattern;
            try (MultiPatternMatcher m = new MpmBuilder().add(7, f.bytes(), f.nocase()).build("java");
                 Scanner s = m.newScanner()) {
                byte[] raw = c[1].getBytes(StandardCharsets.ISO_8859_1);
                assertEquals(1, s.scan(raw, 0, raw.length), c[0]);
                assertEquals(7, s.hits()[0]);
            }
        }
    }
}
