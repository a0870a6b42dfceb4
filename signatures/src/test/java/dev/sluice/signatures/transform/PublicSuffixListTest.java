package dev.sluice.signatures.transform;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Public suffix and registrable domain by the list's rules: plain, wildcard, exception, default. */
class PublicSuffixListTest {
    private static final PublicSuffixList LIST = PublicSuffixList.parse(List.of(
            "// ===BEGIN ICANN DOMAINS===", "com", "uk", "co.uk", "io", "*.ck", "!www.ck", "jp",
            "*.kawasaki.jp", "!city.kawasaki.jp", "", "// private", "github.io", "xn--55qx5d.cn", "公司.cn"));

    private static String apply(boolean tld, String name) {
        byte[] in = name.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[in.length];
        int n = new SuffixTransform(LIST, tld).apply(in, 0, in.length, out, null);
        return new String(out, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void registrableDomainIsTheSuffixAndOneLabel() {
        assertEquals("suricata.io", apply(false, "www.suricata.io"));
        assertEquals("bbc.co.uk", apply(false, "news.bbc.co.uk"));
        assertEquals("bbc.co.uk", apply(false, "bbc.co.uk"));
        assertEquals("example.com", apply(false, "a.b.c.EXAMPLE.com".toLowerCase()));
        assertEquals("x.github.io", apply(false, "www.x.github.io"), "private-section rules count");
    }

    @Test
    void tldIsTheLongestMatchingRule() {
        assertEquals("io", apply(true, "www.suricata.io"));
        assertEquals("co.uk", apply(true, "news.bbc.co.uk"));
        assertEquals("foo.ck", apply(true, "a.foo.ck"), "wildcard");
        assertEquals("ck", apply(true, "www.ck"), "an exception cancels the wildcard");
        assertEquals("kawasaki.jp", apply(true, "a.city.kawasaki.jp"));
        assertEquals("example", apply(true, "host.example"), "no rule: the last label");
    }

    @Test
    void caseIsIgnoredAndIdnRulesAreStoredInAsciiForm() {
        assertEquals("BBC.CO.UK", apply(false, "WWW.BBC.CO.UK"));
        assertEquals("xn--55qx5d.cn", apply(true, "a.b.xn--55qx5d.cn"));
    }

    @Test
    void aNameThatIsAPublicSuffixPassesThroughForDomain() {
        assertEquals("co.uk", apply(false, "co.uk"));
        assertEquals("", apply(false, ""));
        assertEquals("uk", apply(true, "uk"));
    }
}
