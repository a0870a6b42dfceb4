package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.Rule;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.match.Buffer;
import org.junit.jupiter.api.Test;

import static dev.sluice.signatures.match.TestRules.payload;
import static dev.sluice.signatures.match.TestRules.refusal;
import static dev.sluice.signatures.match.TestRules.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PcreKeywordTest {
    @Test
    void flagsMapToJavaRegex() throws Exception {
        assertTrue(payload("pcre:\"/HELLO/i\";", "say hello"));
        assertFalse(payload("pcre:\"/HELLO/\";", "say hello"));
        assertTrue(payload("pcre:\"/^b/m\";", "a\nb"));
        assertFalse(payload("pcre:\"/^b/\";", "a\nb"));
        assertTrue(payload("pcre:\"/a b c/x\";", "abc"));
        assertTrue(payload("pcre:\"/bc/A\";", "bcd"));
        assertFalse(payload("pcre:\"/bc/A\";", "abcd"));
        assertTrue(payload("pcre:\"/x$/\";", "ax\n"));
        assertFalse(payload("pcre:\"/x$/E\";", "ax\n"));
        assertTrue(payload("pcre:\"/a/OB\";", "a"));
    }

    @Test
    void ungreedyFlagInvertsQuantifiers() throws Exception {
        // ungreedy: "a.+" takes one char, so "a.+b" must be found right after
        assertTrue(payload("pcre:\"/a.+?c/G\"; content:\"d\"; distance:0; within:1;", "abcXcd"));
        assertFalse(payload("pcre:\"/a.+c/G\"; content:\"d\"; distance:0; within:1;", "abcXcd"));
    }

    @Test
    void translatesPcreOnlySyntax() throws Exception {
        assertTrue(payload("pcre:\"/[[]x/\";", "a[x"));
        assertTrue(payload("pcre:\"/[]a]b/\";", "]b"));
        assertTrue(payload("pcre:\"/[[:digit:]]{3}/\";", "ab123"));
        assertFalse(payload("pcre:\"/[[:^alpha:]]/\";", "abc"));
        assertTrue(payload("pcre:\"/(?P<w>ab)(?P=w)/\";", "xabab"));
        assertTrue(payload("pcre:\"/a{b/\";", "a{b"));
        assertTrue(payload("pcre:\"/a\\x{41}/\";", "aA"));
        assertTrue(payload("pcre:\"/a\\0b/\";", "a\u0000b"));
        assertTrue(payload("pcre:\"/a(?#note)b/\";", "ab"));
        assertTrue(payload("pcre:\"/[a&&b]/\";", "&"));
        assertTrue(payload("pcre:\"/a\\/b/\";", "a/b"));
        assertTrue(payload("pcre:\"/\\Qa.b\\E/\";", "a.b"));
        assertTrue(payload("pcre:\"/[\\x2]/\";", "a\u0002"));
        assertTrue(payload("pcre:\"/(?P<first_word>ab)\\s(?P=first_word)/\";", "ab ab"));
        assertFalse(payload("pcre:\"/\\Qa.b\\E/\";", "axb"));
    }

    @Test
    void httpFlagsMoveTheMatchToAnHttpBuffer() throws Exception {
        Rule r = rule("pcre:\"/\\/x\\.php/Ui\";");
        assertTrue(r.programs.containsKey(Buffer.HTTP_URI));
        assertFalse(r.programs.containsKey(Buffer.PAYLOAD));
        assertTrue(r.active());
        Rule h = rule("pcre:\"/Host/H\";");
        assertTrue(h.programs.containsKey(Buffer.HTTP_HEADER));
        Rule sticky = rule("http.response_body; pcre:\"/x/Qi\";");
        assertTrue(sticky.programs.containsKey(Buffer.HTTP_RESPONSE_BODY));
        assertEquals(1, sticky.programs.size());
    }

    @Test
    void refusesBadPcre() {
        assertEquals("pcre: unknown flag 'q'", refusal("pcre:\"/a/q\";"));
        assertTrue(refusal("pcre:\"a\";").startsWith("pcre: expected"));
        assertTrue(refusal("pcre:\"/(a/\";").startsWith("pcre: "));
        assertTrue(refusal("pcre:\"/[a/\";").contains("missing terminating ]"));
        assertTrue(refusal("pcre:\"/a/UH\";").contains("more than one buffer flag"));
        assertTrue(refusal("pcre:\"/[[:foo:]]/\";").contains("POSIX"));
    }

    @Test
    void translatorKeepsQuantifiersAfterGroupsAndClasses() throws RuleException {
        assertEquals("(?:ab)+?[a-z]{2,3}?", PcreTranslator.translate("(?:ab)+[a-z]{2,3}", true, false, false));
        assertEquals("a*+b??", PcreTranslator.translate("a*+b?", true, false, false));
        assertEquals("a\\{,2}", PcreTranslator.translate("a{,2}", false, false, false));
    }
}
