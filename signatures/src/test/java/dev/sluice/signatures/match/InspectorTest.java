package dev.sluice.signatures.match;

import dev.sluice.signatures.Rule;
import dev.sluice.signatures.header.Protocol;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static dev.sluice.signatures.match.TestRules.matches;
import static dev.sluice.signatures.match.TestRules.payload;
import static dev.sluice.signatures.match.TestRules.rule;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectorTest {

    // ---- absolute windows ----

    @Test
    void contentAnywhere() throws Exception {
        assertTrue(payload("content:\"needle\";", "hay needle stack"));
        assertFalse(payload("content:\"needle\";", "hay needl stack"));
    }

    @Test
    void offsetAndDepthBoundTheWindow() throws Exception {
        assertTrue(payload("content:\"cd\"; offset:2; depth:2;", "abcd"));
        assertFalse(payload("content:\"cd\"; offset:2; depth:2;", "abxcd"));
        assertFalse(payload("content:\"ab\"; offset:1;", "abxx"));
        // depth counts from the offset whichever comes first
        assertTrue(payload("content:\"cd\"; depth:2; offset:2;", "abcd"));
    }

    @Test
    void nocaseComparesAsciiCaseInsensitively() throws Exception {
        assertTrue(payload("content:\"AbC\"; nocase;", "xxabcxx"));
        assertFalse(payload("content:\"AbC\";", "xxabcxx"));
    }

    @Test
    void hexBytesAndTextMix() throws Exception {
        assertTrue(payload("content:\"a|0d 0a|b\";", "xa\r\nbx"));
    }

    @Test
    void startswithAnchorsAtTheStart() throws Exception {
        assertTrue(payload("content:\"GET\"; startswith;", "GET /"));
        assertFalse(payload("content:\"GET\"; startswith;", " GET /"));
    }

    @Test
    void endswithNeedsTheLastOccurrenceAtTheEnd() throws Exception {
        assertTrue(payload("content:\"AAA\"; endswith;", "xxAAAyyAAA"));
        assertFalse(payload("content:\"AAA\"; endswith;", "AAAx"));
        assertTrue(payload("content:\"GET\"; startswith; endswith;", "GET"));
        assertFalse(payload("content:\"GET\"; startswith; endswith;", "GETS"));
    }

    @Test
    void absentAbsoluteContentStopsTheBuffer() throws Exception {
        assertFalse(payload("content:\"a\"; content:\"zz\";", "aaaa"));
    }

    // ---- relative windows and backtracking ----

    @Test
    void distanceAndWithinFixTheNextPosition() throws Exception {
        assertTrue(payload("content:\"Five\"; content:\"Ten\"; within:3; distance:1;", "Zero Five Ten Fourteen"));
        assertFalse(payload("content:\"Five\"; content:\"Ten\"; within:3; distance:2;", "Zero Five Ten Fourteen"));
    }

    @Test
    void retriesThePreviousContentWhenWithinFails() throws Exception {
        // first "a" at 0 leaves "a" at 2 in the one-byte window; the second "a" at 2 leaves "b" at 4
        assertTrue(payload("content:\"a\"; content:\"b\"; distance:1; within:1;", "aXa.b"));
        assertFalse(payload("content:\"a\"; content:\"b\"; distance:1; within:1;", "aXa..b"));
    }

    @Test
    void retriesThroughSeveralLevels() throws Exception {
        String opts = "content:\"a\"; content:\"b\"; distance:0; within:2; content:\"c\"; distance:0; within:1;";
        assertTrue(payload(opts, "ab.a.b.abc"));
        assertFalse(payload(opts, "ab.a.b.ab.c"));
    }

    @Test
    void distanceOnlyNextDoesNotRetryThePreviousContent() throws Exception {
        // a later "a" would leave no "b" after it, but the reference engine does not look
        assertFalse(payload("content:\"a\"; content:!\"b\"; distance:0;", "axbya"));
        // with a within, it does look, and the second "a" has no "b" in its window
        assertTrue(payload("content:\"a\"; content:!\"b\"; within:2;", "abxa"));
    }

    @Test
    void negatedContentMeansNotInItsWindow() throws Exception {
        String opts = "content:\"GET\"; content:!\"admin\"; distance:0; within:10;";
        assertTrue(payload(opts, "GET /index admin"));
        assertFalse(payload(opts, "GET /admin"));
        assertTrue(payload("content:!\"evil\";", "all good"));
        assertFalse(payload("content:!\"evil\";", "so evil"));
    }

    @Test
    void negativeDistanceLooksBack() throws Exception {
        assertTrue(payload("content:\"bc\"; content:\"ab\"; distance:-3; within:2;", "xabc"));
        assertFalse(payload("content:\"bc\"; content:\"xa\"; distance:-3; within:2;", "xabc"));
    }

    @Test
    void stopsAfterTheRecursionLimit() throws Exception {
        String opts = "content:\"a\"; content:\"b\"; distance:0; within:1;";
        char[] as = new char[5000];
        Arrays.fill(as, 'a');
        String late = new String(as) + "b";
        // the only "ab" is past the step budget, as in the reference engine
        assertFalse(payload(opts, late));
        assertTrue(payload(opts, "aaaab"));
    }

    // ---- byte_extract feeding content modifiers ----

    @Test
    void byteExtractFeedsDistanceAndWithin() throws Exception {
        String opts = "byte_extract:1,0,len,string,dec; content:\"x\"; distance:len; within:1;";
        assertTrue(payload(opts, "3abcx"));
        assertFalse(payload(opts, "3abxc"));
    }

    @Test
    void byteExtractFeedsDepthAndOffset() throws Exception {
        assertFalse(payload("byte_extract:2,0,d,string,dec; content:\"34\"; depth:d;", "02xx34"));
        assertTrue(payload("byte_extract:2,0,d,string,dec; content:\"34\"; depth:d;", "06xx34"));
        assertTrue(payload("byte_extract:1,0,o,string,dec; content:\"z\"; offset:o; depth:1;", "3abz"));
        assertFalse(payload("byte_extract:1,0,o,string,dec; content:\"z\"; offset:o; depth:1;", "2abz"));
    }

    @Test
    void variableDistanceWithNegatedContent() throws Exception {
        // shape of a reference regression rule: a digit read after a marker sets where a byte must not be
        String opts = "content:\"Auth:\"; content:\"5f71ycy\"; distance:0; byte_extract:1,0,n,string,relative;"
                + " content:!\"8\"; distance:n; within:1; content:\"7\"; distance:-1; within:1;"
                + " content:\"I\"; distance:n; within:1;";
        // n = 7 read at 13; byte 14+7 must not be "8"; the read byte itself must be "7"; byte 21 must be "I"
        assertTrue(payload(opts, "Auth: 5f71ycy7abcdefgIzz"));
        assertFalse(payload(opts, "Auth: 5f71ycy8abcdefgIzz"));
        assertFalse(payload(opts, "Auth: 5f71ycy7abcdefgJzz"));
    }

    // ---- pcre ----

    @Test
    void pcreRelativeAnchorsAfterThePreviousMatch() throws Exception {
        assertTrue(payload("content:\"foo\"; pcre:\"/^bar/R\";", "foobar"));
        assertFalse(payload("content:\"foo\"; pcre:\"/^bar/R\";", "fooxbar"));
        assertFalse(payload("content:\"foo\"; pcre:\"/bar/R\";", "barfoo"));
    }

    @Test
    void pcreIsRetriedForARelativeNext() throws Exception {
        assertTrue(payload("pcre:\"/a./\"; content:\"z\"; within:1;", "aXbaYz"));
        assertFalse(payload("pcre:\"/a./\"; content:\"z\"; within:1;", "aXbaYqz"));
    }

    @Test
    void contentRetriedForARelativePcre() throws Exception {
        assertTrue(payload("content:\"k=\"; pcre:\"/^\\d+\\;/R\";", "k=x; k=42;"));
    }

    @Test
    void negatedPcre() throws Exception {
        assertTrue(payload("content:\"a\"; pcre:!\"/evil/i\";", "a good"));
        assertFalse(payload("content:\"a\"; pcre:!\"/evil/i\";", "a EVIL"));
    }

    @Test
    void pcreDotDoesNotMatchNewlineButCarriageReturn() throws Exception {
        assertTrue(payload("pcre:\"/a.b/\";", "a\rb"));
        assertFalse(payload("pcre:\"/a.b/\";", "a\nb"));
        assertTrue(payload("pcre:\"/a.b/s\";", "a\nb"));
    }

    @Test
    void pcreSeesHighBytes() throws Exception {
        assertTrue(matches(rule("pcre:\"/\\xff\\x00/\";"), FakePacket.tcp(new byte[] {1, (byte) 0xff, 0, 2})));
    }

    @Test
    void catastrophicPcreGivesUpInsteadOfHanging() throws Exception {
        char[] as = new char[40];
        Arrays.fill(as, 'a');
        long t0 = System.nanoTime();
        assertFalse(payload("pcre:\"/(a+)+$/\";", new String(as) + "!"));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
    }

    // ---- isdataat (reference case: 32-byte ICMP payload) ----

    @Test
    void isdataatAbsoluteAndRelative() throws Exception {
        byte[] b = new byte[32];
        b[0] = 'a';
        FakePacket p = FakePacket.icmp(8, 0, b);
        assertTrue(icmp("isdataat:31;", p));
        assertFalse(icmp("isdataat:32;", p));
        assertTrue(icmp("isdataat:31,relative;", p));
        assertTrue(icmp("isdataat:32,relative;", p));
        assertFalse(icmp("isdataat:33,relative;", p));
        assertTrue(icmp("content:\"a\"; depth:1; isdataat:31,relative;", p));
        assertFalse(icmp("content:\"a\"; depth:1; isdataat:32,relative;", p));
        assertTrue(icmp("content:\"a\"; isdataat:!32,relative;", p));
        assertFalse(icmp("isdataat:!5;", p));
    }

    private static boolean icmp(String opts, FakePacket p) throws Exception {
        return matches(rule(TestRules.load(), Protocol.ICMP, opts), p);
    }

    // ---- byte_jump, byte_test ----

    @Test
    void byteJumpFromEndWithPostOffset() throws Exception {
        String text = "Question?13When will the pandemic end?";
        assertTrue(payload("content:\"Question?\"; byte_jump:2,0,relative,string,from_end,post_offset -26;"
                + " content:\"pandemic\"; distance:0;", text));
        // zero bytes of string: nothing to read
        assertFalse(payload("content:\"Question?\"; byte_jump:0,0,relative,string,from_end,post_offset -3;"
                + " content:\"pandemic\"; distance:0;", text));
        assertFalse(payload("content:\"Question?\"; byte_jump:2,0,relative,string,from_end,post_offset -10;"
                + " content:\"pandemic\"; distance:0;", text));
    }

    @Test
    void byteJumpMovesTheCursor() throws Exception {
        byte[] b = {0, 0, 0, 1, 5, 'a', 'b', 'c', 'd', 'e', 'X', 'Y'};
        // nbytes from a variable: read 1 byte (5) after the length field and jump over 5 bytes
        FakePacket p = FakePacket.tcp(b);
        assertTrue(matches(rule("content:\"|00 00 00|\"; byte_extract:1,0,n,relative; byte_jump:n,0,relative; content:\"X\"; within:1;"), p));
        assertTrue(matches(rule("byte_jump:4,0; content:\"a\"; within:1;"), p));
        assertFalse(matches(rule("byte_jump:4,0; content:\"b\"; within:1;"), p));
        assertTrue(matches(rule("byte_jump:1,3,multiplier 2,post_offset 4; content:\"X\"; within:1;"), p));
        assertFalse(matches(rule("byte_jump:1,4,multiplier 2; isdataat:0,relative;"), p));
        assertTrue(matches(rule("byte_jump:1,3,from_beginning,post_offset 4; content:\"a\"; within:1;"), p));
    }

    @Test
    void byteTestComparesUnsignedWithMaskAndString() throws Exception {
        byte[] b = {(byte) 0xf0, 0x01, '1', '2', '3'};
        assertTrue(matches(rule("byte_test:1,>,100,0;"), FakePacket.tcp(b)));
        assertTrue(matches(rule("byte_test:2,=,0xf001,0;"), FakePacket.tcp(b)));
        assertTrue(matches(rule("byte_test:2,=,0x01f0,0,little;"), FakePacket.tcp(b)));
        assertTrue(matches(rule("byte_test:1,=,0xf,0,bitmask 0xf0;"), FakePacket.tcp(b)));
        assertTrue(matches(rule("byte_test:3,=,123,2,string,dec;"), FakePacket.tcp(b)));
        assertTrue(matches(rule("byte_test:3,!=,124,2,string,dec;"), FakePacket.tcp(b)));
        assertTrue(matches(rule("byte_test:1,&,0x80,0;"), FakePacket.tcp(b)));
        assertFalse(matches(rule("byte_test:1,<,100,0;"), FakePacket.tcp(b)));
        assertFalse(matches(rule("byte_test:4,>,0,3;"), FakePacket.tcp(b)));
    }

    @Test
    void byteMathSubtractsWithWrapAround() throws Exception {
        byte[] b = {5, 3, 9};
        assertTrue(matches(rule("byte_math:bytes 1, offset 0, oper -, rvalue 2, result r; byte_test:1,=,r,1;"), FakePacket.tcp(b)));
        // 3 - 5 wraps to a huge unsigned value
        assertTrue(matches(rule("byte_extract:1,0,x; byte_math:bytes 1, offset 1, oper -, rvalue x, result r; byte_test:1,<,r,2;"),
                FakePacket.tcp(b)));
        assertFalse(matches(rule("byte_math:bytes 1, offset 0, oper /, rvalue 0, result r;"), FakePacket.tcp(b)));
    }

    // ---- base64 ----

    @Test
    void base64DataInspectsTheDecodedBytes() throws Exception {
        String enc = java.util.Base64.getEncoder().encodeToString("hello world".getBytes(StandardCharsets.US_ASCII));
        String opts = "content:\"b=\"; base64_decode:relative; base64_data; content:\"world\";";
        assertTrue(payload(opts, "b=" + enc));
        assertFalse(payload(opts, "b=" + java.util.Base64.getEncoder().encodeToString("hello there".getBytes(StandardCharsets.US_ASCII))));
        assertTrue(payload("content:\"b=\"; base64_decode:relative; base64_data; content:\"hello\"; depth:5;", "b=" + enc));
    }

    @Test
    void programOnEmptyPayloadDoesNotMatch() throws Exception {
        Rule r = rule("content:!\"x\";");
        assertFalse(matches(r, FakePacket.tcp(new byte[0])));
    }
}
