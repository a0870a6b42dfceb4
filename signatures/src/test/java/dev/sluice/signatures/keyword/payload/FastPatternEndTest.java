package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.FastPattern;
import dev.sluice.signatures.match.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.sluice.signatures.match.TestRules.rule;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FastPattern.end: how far into its buffer a fast pattern can end, which sends it to the prefix prefilter. */
class FastPatternEndTest {
    private static int end(String options) throws Exception {
        return rule(options).fastPattern.end();
    }

    @Test
    void depthBoundsThePattern() throws Exception {
        assertEquals(5, end("content:\"abc\"; depth:5;"));
    }

    @Test
    void offsetAddsToDepth() throws Exception {
        assertEquals(7, end("content:\"abc\"; offset:3; depth:4;"));
    }

    @Test
    void startswithBoundsToItsLength() throws Exception {
        assertEquals(4, end("content:\"abcd\"; startswith;"));
    }

    @Test
    void plainContentMayBeAnywhere() throws Exception {
        assertEquals(-1, end("content:\"abc\";"));
        assertEquals(-1, end("content:\"abc\"; offset:3;"));
    }

    @Test
    void relativeContentsMayBeAnywhere() throws Exception {
        assertEquals(-1, end("content:\"x\"; content:\"abcdef\"; distance:0;"));
        assertEquals(-1, end("content:\"x\"; content:\"abcdef\"; within:10;"));
        assertEquals(-1, end("content:\"x\"; content:\"abcdef\"; distance:2; within:10;"));
    }

    @Test
    void variableDepthOrOffsetMayBeAnywhere() throws Exception {
        assertEquals(-1, end("byte_extract:2,0,d,string,dec; content:\"34\"; depth:d;"));
        assertEquals(-1, end("byte_extract:1,0,o,string,dec; content:\"zz\"; offset:o; depth:2;"));
    }

    @Test
    void boundOnTransformedBufferIsNotAPayloadPrefix() throws Exception {
        FastPattern fp = rule("http.uri; to_lowercase; content:\"/admin\"; depth:6;").fastPattern;
        assertTrue(fp.end() == -1 || fp.buffer() != Buffer.PAYLOAD, fp.toString());
        assertEquals(-1, fp.end(), "the bound is on the transformed bytes");
    }

    @Test
    void explicitFastPatternKeepsItsBound() throws Exception {
        FastPattern fp = rule("content:\"abcdefgh\"; content:\"XY\"; fast_pattern; offset:2; depth:6;").fastPattern;
        assertArrayEquals("XY".getBytes(StandardCharsets.US_ASCII), fp.bytes());
        assertEquals(8, fp.end());
    }

    @Test
    void choppedFastPatternKeepsTheContentsBound() throws Exception {
        FastPattern fp = rule("content:\"abcdefgh\"; depth:10; fast_pattern:2,3;").fastPattern;
        assertArrayEquals("cde".getBytes(StandardCharsets.US_ASCII), fp.bytes());
        assertEquals(10, fp.end());
    }
}
