package dev.sluice.signatures.transform;

import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.payload.PcrexformPattern;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformsTest {
    private final TransformScratch scratch = new TransformScratch();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Runs the chain over the string placed at an offset inside a larger array. */
    private byte[] run(String in, BufferTransform... chain) {
        return run(b(in), chain);
    }

    private byte[] run(byte[] in, BufferTransform... chain) {
        byte[] framed = new byte[in.length + 6];
        Arrays.fill(framed, (byte) '#');
        System.arraycopy(in, 0, framed, 3, in.length);
        int n = new TransformChain(List.of(chain)).run(framed, 3, in.length, scratch);
        return Arrays.copyOf(scratch.result(), n);
    }

    private String str(String in, BufferTransform... chain) {
        return new String(run(in, chain), StandardCharsets.ISO_8859_1);
    }

    @Test
    void dotprefixPrependsADot() {
        assertEquals(".example.com", str("example.com", DotPrefix.INSTANCE));
        assertEquals(".", str("", DotPrefix.INSTANCE));
    }

    @Test
    void caseChangesTouchAsciiLettersOnly() {
        assertEquals("get /a\u00c9z", str("GeT /A\u00c9Z", ToLowercase.INSTANCE));
        assertEquals("GET /A\u00e9Z", str("gEt /a\u00e9z", ToUppercase.INSTANCE));
        assertEquals("", str("", ToLowercase.INSTANCE));
    }

    @Test
    void stripWhitespaceDropsEveryIsspaceByte() {
        assertEquals("window.navigate(", str(" window .navigate \t\r\n\u000b\u000c(", StripWhitespace.INSTANCE));
        assertEquals("\u00a0x", str("\u00a0 x", StripWhitespace.INSTANCE)); // 0xa0 is not C whitespace
    }

    @Test
    void compressWhitespaceKeepsTheFirstByteOfEachRun() {
        assertEquals(" A B C D ", str("  A  B  C  D  ", CompressWhitespace.INSTANCE));
        assertEquals("a\tb", str("a\t \r\nb", CompressWhitespace.INSTANCE));
        assertEquals("", str("", CompressWhitespace.INSTANCE));
    }

    @Test
    void urlDecodeDecodesEscapesAndPlusAndKeepsBadEscapes() {
        assertEquals("mail=test@oisf.net a", str("mail=test%40oisf%2Enet+a", UrlDecode.INSTANCE));
        assertEquals("%zz%4%", str("%zz%4%", UrlDecode.INSTANCE));
        assertEquals("%4", str("%4", UrlDecode.INSTANCE)); // escape cut by the buffer's end
        assertArrayEquals(new byte[] {(byte) 0xff, 0}, run("%Ff%00", UrlDecode.INSTANCE));
    }

    @Test
    void headerLowercaseLowersNamesNotValues() {
        assertEquals("host: Example.COM\r\nuser-agent: Mozilla/5.0\r\n",
                str("Host: Example.COM\r\nUser-Agent: Mozilla/5.0\r\n", HeaderLowercase.INSTANCE));
    }

    @Test
    void hashesGiveRawDigests() throws Exception {
        assertArrayEquals(MessageDigest.getInstance("MD5").digest(b("abc")), run("abc", ToMd5.INSTANCE));
        assertArrayEquals(MessageDigest.getInstance("SHA-1").digest(b("abc")), run("abc", ToSha1.INSTANCE));
        byte[] sha = run("abc", ToSha256.INSTANCE);
        assertEquals(32, sha.length);
        assertEquals((byte) 0xba, sha[0]); // sha256("abc") = ba7816bf...
        assertEquals((byte) 0xad, sha[31]);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(new byte[0]), run("", ToSha256.INSTANCE));
        // the worker's digest is reset between uses
        assertArrayEquals(sha, run("abc", ToSha256.INSTANCE));
    }

    @Test
    void xorRepeatsTheKeyAndParsesQuotedHex() throws Exception {
        Xor x = Xor.parse("\"0d0ac8ff\"");
        byte[] plain = b("password=");
        byte[] enc = run(plain, x);
        assertEquals(0x70 ^ 0x0d, enc[0] & 0xff);
        assertEquals('=' ^ 0x0d, enc[8] & 0xff); // key wraps after 4 bytes
        assertArrayEquals(plain, run(enc, x));
        assertArrayEquals(new byte[] {(byte) ('a' ^ 0x01)}, run("a", Xor.parse("\"0102030405\""))); // key longer than buffer
        assertEquals("xor:\"0d0ac8ff\"", x.toString());
        assertThrows(RuleException.class, () -> Xor.parse("0d0a"));
        assertThrows(RuleException.class, () -> Xor.parse("\"0d0\""));
        assertThrows(RuleException.class, () -> Xor.parse("\"zz\""));
        assertThrows(RuleException.class, () -> Xor.parse("\"\""));
        assertThrows(RuleException.class, () -> Xor.parse("\"" + "00".repeat(256) + "\""));
    }

    @Test
    void pcrexformKeepsTheFirstCaptureOrTheWholeBuffer() throws Exception {
        PcreXform p = new PcreXform(PcrexformPattern.compile("[a-zA-Z]+\\s+(.*)\\s+HTTP"), "\"x\"");
        assertEquals("/z4d4kWk.jpg", str("GET /z4d4kWk.jpg HTTP/1.1", p));
        assertEquals("no request line here", str("no request line here", p));
        PcreXform optional = new PcreXform(PcrexformPattern.compile("a(x)?b"), "\"y\"");
        assertEquals("zabz", str("zabz", optional)); // the group took no part
        assertTrue(assertThrows(RuleException.class, () -> PcrexformPattern.compile("abc")).getMessage().contains("capture"));
        assertThrows(RuleException.class, () -> PcrexformPattern.compile("(abc"));
    }

    @Test
    void fromBase64HonoursOffsetBytesAndMode() throws Exception {
        String uri = "/?arg=dGhpc2lzYXRlc3QK";
        assertEquals("thisisatest\n", str(uri, FromBase64.parse("offset 6")));
        assertEquals("this", str(uri, FromBase64.parse("bytes 6, offset 6")));
        assertEquals("thisisatest\n", str(uri, FromBase64.parse("offset 6, mode strict")));
        String spaced = "/?arg=Zm 9v Ym Fy";
        assertEquals("foobar", str(spaced, FromBase64.parse("offset 6, mode rfc2045")));
        assertEquals("f", str(spaced, FromBase64.parse("offset 6, mode rfc4648"))); // stops at the space
        assertEquals(spaced, str(spaced, FromBase64.parse("offset 6, mode strict"))); // fails: unchanged
        assertEquals("abc", str("YWJj", FromBase64.parse(null)));
        assertEquals("YWJj", str("YWJj", FromBase64.parse("offset 4"))); // offset past the data: unchanged
        assertEquals("", str("", FromBase64.parse(null)));
        assertThrows(RuleException.class, () -> FromBase64.parse("mode fancy"));
        assertThrows(RuleException.class, () -> FromBase64.parse("bytes 70000"));
        assertThrows(RuleException.class, () -> FromBase64.parse("offset 1, offset 2"));
        assertThrows(FromBase64.VariableValue.class, () -> FromBase64.parse("bytes len"));
    }

    private static byte[] gzip(byte[] data, boolean withName) throws Exception {
        java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bo)) {
            gz.write(data);
        }
        byte[] g = bo.toByteArray();
        if (!withName) {
            return g;
        }
        // the same member with FNAME set and a file name after the fixed header
        byte[] name = b("a.txt\0");
        byte[] out = new byte[g.length + name.length];
        System.arraycopy(g, 0, out, 0, 10);
        out[3] |= 8;
        System.arraycopy(name, 0, out, 10, name.length);
        System.arraycopy(g, 10, out, 10 + name.length, g.length - 10);
        return out;
    }

    private static byte[] zlib(byte[] data) {
        java.util.zip.Deflater d = new java.util.zip.Deflater();
        d.setInput(data);
        d.finish();
        byte[] buf = new byte[data.length + 64];
        int n = d.deflate(buf);
        d.end();
        return Arrays.copyOf(buf, n);
    }

    @Test
    void decompressionInflatesUpToMaxSize() throws Exception {
        byte[] text = b("hello hello hello compressed world ".repeat(100));
        assertArrayEquals(Arrays.copyOf(text, 1024), run(gzip(text, false), Gunzip.parse(null))); // default max-size
        assertArrayEquals(text, run(gzip(text, true), Gunzip.parse("max-size 4kb")));
        assertArrayEquals(Arrays.copyOf(text, 10), run(zlib(text), ZlibDeflate.parse("max-size 10")));
        assertArrayEquals(text, run(zlib(text), ZlibDeflate.parse("max-size 65536")));
        assertEquals(0, run(text, Gunzip.parse(null)).length); // not gzip
        assertEquals(0, run(text, ZlibDeflate.parse(null)).length); // not zlib
        byte[] cut = Arrays.copyOf(gzip(text, false), 30);
        assertTrue(run(cut, Gunzip.parse("max-size 4096")).length < text.length); // truncated: what inflated
        assertEquals(0, run("", Gunzip.parse(null)).length);
        assertThrows(RuleException.class, () -> Gunzip.parse("max-size 0"));
        assertThrows(RuleException.class, () -> Gunzip.parse("max-size 17mb"));
        assertThrows(RuleException.class, () -> ZlibDeflate.parse("size 10"));
    }

    @Test
    void chainsApplyInOrderAndAlternateScratch() throws Exception {
        assertEquals(".EXAMPLE.COM", str("Example.com", DotPrefix.INSTANCE, ToUppercase.INSTANCE));
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(b("a b"));
        assertArrayEquals(expected, run("a  \t b", CompressWhitespace.INSTANCE, ToSha256.INSTANCE));
        assertEquals("password=x", str("GET /get?data=" + new String(run("password=x", Xor.parse("\"0d0ac8ff\"")),
                StandardCharsets.ISO_8859_1), new PcreXform(PcrexformPattern.compile("data=(.*)"), "\"p\""),
                Xor.parse("\"0d0ac8ff\"")));
        // a large buffer grows the scratch once, then is reused
        byte[] big = new byte[100_000];
        Arrays.fill(big, (byte) 'a');
        assertEquals(100_001, run(big, DotPrefix.INSTANCE).length);
        byte[] first = scratch.result();
        run(big, DotPrefix.INSTANCE);
        assertSame(first, scratch.result());
    }

    @Test
    void prefilterLiteralMapsBackThroughTheChain() {
        TransformChain.Literal l = TransformChain.prefilter(List.of(DotPrefix.INSTANCE), b(".example.com"), false);
        assertEquals("example.com", new String(l.bytes(), StandardCharsets.ISO_8859_1));
        assertEquals(false, l.nocase());
        l = TransformChain.prefilter(List.of(DotPrefix.INSTANCE, ToLowercase.INSTANCE), b(".evil"), false);
        assertEquals("evil", new String(l.bytes(), StandardCharsets.ISO_8859_1));
        assertTrue(l.nocase());
        assertEquals("abc", new String(TransformChain.prefilter(List.of(DotPrefix.INSTANCE), b("abc"), false).bytes(),
                StandardCharsets.ISO_8859_1));
        assertNull(TransformChain.prefilter(List.of(DotPrefix.INSTANCE), b("."), false));
        assertNull(TransformChain.prefilter(List.of(ToLowercase.INSTANCE, UrlDecode.INSTANCE), b("abc"), false));
        assertNull(TransformChain.prefilter(List.of(ToSha256.INSTANCE), b("abc"), false));
    }
}
