package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.FastPattern;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.Content;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.sluice.signatures.match.TestRules.payload;
import static dev.sluice.signatures.match.TestRules.refusal;
import static dev.sluice.signatures.match.TestRules.rule;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentKeywordTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void parsesEscapesAndHex() throws Exception {
        assertArrayEquals(b("a\"b\\c;d:e|f"), ContentKeyword.parse("content", "a\\\"b\\\\c\\;d\\:e\\|f"));
        assertArrayEquals(new byte[] {'x', 0x0d, 0x0a, (byte) 0xff, 'y'}, ContentKeyword.parse("content", "x|0d 0A ff|y"));
        assertArrayEquals(new byte[] {0x41, 0x42}, ContentKeyword.parse("content", "|4142|"));
        assertArrayEquals(new byte[] {0x3a, 0x20}, ContentKeyword.parse("content", "|3 a20|"));
    }

    @Test
    void refusesBadContent() {
        assertEquals("content: empty content", assertThrows(RuleException.class, () -> ContentKeyword.parse("content", "")).getMessage());
        assertTrue(refusal("content:\"|4|\";").contains("odd number of hex digits"));
        assertTrue(refusal("content:\"|zz|\";").contains("invalid hex"));
        assertTrue(refusal("content:\"ab|41\";").contains("unterminated"));
        assertTrue(refusal("content:\"a\\qb\";").contains("invalid escape"));
        assertTrue(refusal("content:;").contains("needs a value"));
    }

    @Test
    void negatedContentIsNotAPrefilterPattern() throws Exception {
        Rule r = rule("content:!\"abc\";");
        assertNull(r.fastPattern);
        assertTrue(payload("content:!\"abc\";", "xyz"));
    }

    @Test
    void longestPayloadContentIsTheFastPattern() throws Exception {
        Rule r = rule("content:\"ab\"; content:\"abcdef\"; content:\"xyz\";");
        assertArrayEquals(b("abcdef"), r.fastPattern.bytes());
        assertEquals(Buffer.PAYLOAD, r.fastPattern.buffer());
    }

    @Test
    void fastPatternPicksAndSlices() throws Exception {
        Rule r = rule("content:\"abcdef\"; content:\"XY\"; fast_pattern; nocase;");
        FastPattern fp = r.fastPattern;
        assertArrayEquals(b("xy"), fp.bytes());
        assertTrue(fp.nocase());
        Rule s = rule("content:\"abcdef\"; fast_pattern:2,3;");
        assertArrayEquals(b("cde"), s.fastPattern.bytes());
        Rule o = rule("content:\"ab\"; content:\"abcdef\"; content:\"xyz\"; fast_pattern:only;");
        assertArrayEquals(b("xyz"), o.fastPattern.bytes());
    }

    @Test
    void refusesSecondFastPatternAndBadSlices() {
        assertEquals("fast_pattern can be used on only one content in a rule",
                refusal("content:\"ab\"; fast_pattern; content:\"cd\"; fast_pattern;"));
        assertTrue(refusal("content:\"abc\"; fast_pattern:2,3;").contains("exceeds content length"));
        assertTrue(refusal("content:\"abc\"; fast_pattern:x;").contains("expected"));
        assertTrue(refusal("content:\"a\"; content:!\"b\"; distance:0; fast_pattern;").contains("negated"));
    }

    @Test
    void modifiersNeedAContent() {
        assertEquals("no content before 'nocase'", refusal("nocase;"));
        assertEquals("no content before 'depth'", refusal("pcre:\"/a/\"; depth:3;"));
        assertEquals("no content before 'within'", refusal("within:3;"));
    }

    @Test
    void modifiersActOnTheLastContentEvenAfterOtherItems() throws Exception {
        Rule r = rule("content:\"abc\"; isdataat:1,relative; nocase;");
        Content c = (Content) r.programs.get(Buffer.PAYLOAD).items()[0];
        assertTrue(c.nocase);
    }

    @Test
    void refusesImpossibleOrConflictingModifiers() {
        assertEquals("depth 2 smaller than content length 3", refusal("content:\"abc\"; depth:2;"));
        assertEquals("within 2 smaller than content length 3", refusal("content:\"a\"; content:\"abc\"; within:2;"));
        assertTrue(refusal("content:\"abc\"; depth:5; depth:6;").contains("twice"));
        assertTrue(refusal("content:\"abc\"; nocase; nocase;").contains("twice"));
        assertTrue(refusal("content:\"abc\"; startswith; distance:0;").contains("startswith"));
        assertTrue(refusal("content:\"abc\"; distance:0; startswith;").contains("startswith"));
        assertTrue(refusal("content:\"abc\"; startswith; offset:1;").contains("startswith"));
        assertTrue(refusal("content:\"abc\"; startswith; depth:4;").contains("startswith"));
        assertTrue(refusal("content:\"abc\"; depth:4; within:5;").contains("depth/offset"));
        assertTrue(refusal("content:\"abc\"; distance:1; offset:2;").contains("distance/within"));
        assertTrue(refusal("content:\"abc\"; depth:x;").contains("unknown variable 'x'"));
        assertTrue(refusal("content:\"abc\"; offset:-1;").contains("out of range"));
        assertTrue(refusal("content:\"abc\"; endswith; endswith;").contains("twice"));
        assertTrue(refusal("content:\"abc\"; nocase:1;").contains("takes no value"));
    }

    @Test
    void uricontentGoesToTheUriBuffer() throws Exception {
        Rule r = rule("uricontent:\"/x.php\";");
        assertTrue(r.programs.containsKey(Buffer.HTTP_URI));
        assertNull(r.inactiveReason);
        assertEquals(Buffer.HTTP_URI, r.fastPattern.buffer()); // prefiltered on its buffer
    }

    @Test
    void contentsInHeaderBuffersAreNotPrefiltered() throws Exception {
        Rule r = rule("tcp.hdr; content:\"|00 50 00 00|\";");
        assertNull(r.fastPattern);
        assertTrue(r.active());
    }
}
