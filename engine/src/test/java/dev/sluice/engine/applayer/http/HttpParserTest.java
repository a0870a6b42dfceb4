package dev.sluice.engine.applayer.http;

import dev.sluice.engine.applayer.AppTx;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.DetectContext;
import dev.sluice.signatures.match.FlowState;
import dev.sluice.signatures.match.TxField;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpParserTest {
    /** Collects what the parser hands out, per call. */
    private static final class Sink implements dev.sluice.engine.applayer.AppParser.TxSink {
        final List<HttpTx> all = new ArrayList<>();
        final List<HttpTx> last = new ArrayList<>();

        @Override
        public void add(AppTx tx) {
            HttpTx t = (HttpTx) tx;
            last.add(t);
            if (!all.contains(t)) {
                all.add(t);
            }
        }
    }

    /** A flow seen from one direction; nothing else of it is used by HTTP buffers. */
    private record Direction(boolean toServer) implements FlowState {
        @Override
        public boolean established() {
            return true;
        }

        @Override
        public boolean isBitSet(int bit) {
            return false;
        }

        @Override
        public void setBit(int bit) {
        }

        @Override
        public void clearBit(int bit) {
        }

        @Override
        public long clientBytes() {
            return 0;
        }

        @Override
        public long serverBytes() {
            return 0;
        }

        @Override
        public long packetsInDirection() {
            return 0;
        }
    }

    private final HttpParser parser = new HttpParser();
    private final Sink sink = new Sink();

    private void send(boolean toServer, String s) {
        send(toServer, s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void send(boolean toServer, byte[] b) {
        sink.last.clear();
        // a stream buffer with bytes around the data, as the reassembler's window would have
        byte[] buf = new byte[b.length + 8];
        System.arraycopy(b, 0, buf, 4, b.length);
        parser.onStream(toServer, buf, 4, b.length, sink);
    }

    /** Buffer {@code b} as a rule on a packet of the given direction sees it, null when absent. */
    private static String buf(HttpTx tx, Buffer b, boolean toServer) {
        DetectContext ctx = new DetectContext();
        ctx.flow = new Direction(toServer);
        if (!tx.buffer(b, 0, ctx)) {
            return null;
        }
        return new String(ctx.appBuf, ctx.appOff, ctx.appLen, StandardCharsets.ISO_8859_1);
    }

    @Test
    void simpleGetFillsRequestAndResponseBuffers() {
        send(true, "GET /a/./b/../c%41?x=%31 HTTP/1.1\r\nHost: WWW.Example.COM:8080\r\nUser-Agent: t/1\r\n"
                + "Cookie: s=1\r\nAccept: */*\r\n\r\n");
        assertEquals(1, sink.last.size());
        HttpTx tx = sink.last.get(0);
        assertEquals("/a/cA?x=1", buf(tx, Buffer.HTTP_URI, true));
        assertEquals("/a/./b/../c%41?x=%31", buf(tx, Buffer.HTTP_URI_RAW, true));
        assertEquals("GET", buf(tx, Buffer.HTTP_METHOD, true));
        assertEquals("HTTP/1.1", buf(tx, Buffer.HTTP_PROTOCOL, true));
        assertEquals("GET /a/./b/../c%41?x=%31 HTTP/1.1", buf(tx, Buffer.HTTP_REQUEST_LINE, true));
        assertEquals("www.example.com", buf(tx, Buffer.HTTP_HOST, true));
        assertEquals("WWW.Example.COM:8080", buf(tx, Buffer.HTTP_HOST_RAW, true));
        assertEquals("t/1", buf(tx, Buffer.HTTP_USER_AGENT, true));
        assertEquals("s=1", buf(tx, Buffer.HTTP_COOKIE, true));
        assertEquals("Host: WWW.Example.COM:8080\r\nUser-Agent: t/1\r\nAccept: */*\r\n\r\n", buf(tx, Buffer.HTTP_HEADER, true),
                "http.header leaves the cookie out");
        assertEquals("\r\nHost\r\nUser-Agent\r\nCookie\r\nAccept\r\n\r\n", buf(tx, Buffer.HTTP_HEADER_NAMES, true));
        assertEquals(9, tx.field(TxField.HTTP_URI_LEN, 0));
        assertEquals(20, tx.field(TxField.HTTP_URI_RAW_LEN, 0));
        assertNull(buf(tx, Buffer.HTTP_STAT_CODE, false));

        send(false, "HTTP/1.1 404 Not Found\r\nServer: nginx\r\nContent-Length: 5\r\n\r\nnope!");
        assertEquals(List.of(tx), sink.last);
        assertEquals("404", buf(tx, Buffer.HTTP_STAT_CODE, false));
        assertEquals("Not Found", buf(tx, Buffer.HTTP_STAT_MSG, false));
        assertEquals("HTTP/1.1 404 Not Found", buf(tx, Buffer.HTTP_RESPONSE_LINE, false));
        assertEquals("nginx", buf(tx, Buffer.HTTP_SERVER, false));
        assertEquals("nope!", buf(tx, Buffer.HTTP_RESPONSE_BODY, false));
        assertEquals("nope!", buf(tx, Buffer.FILE_DATA, false));
        assertEquals("Server: nginx\r\nContent-Length: 5\r\n\r\n", buf(tx, Buffer.HTTP_HEADER, false),
                "a to-client packet sees the response headers");
        assertTrue(tx.responseDone());
        assertEquals(404, tx.status());
        String eve = tx.eveObject();
        assertTrue(eve.contains("\"hostname\":\"www.example.com\""), eve);
        assertTrue(eve.contains("\"http_port\":8080"), eve);
        assertTrue(eve.contains("\"url\":\"/a/./b/../c%41?x=%31\""), eve);
        assertTrue(eve.contains("\"status\":404"), eve);
        assertTrue(eve.contains("\"length\":5"), eve);
    }

    @Test
    void postBodyByContentLengthSplitAcrossSegments() {
        send(true, "POST /login HTTP/1.1\r\nContent-Length: 11\r\n\r\nuser=");
        HttpTx tx = sink.last.get(0);
        assertEquals("user=", buf(tx, Buffer.HTTP_REQUEST_BODY, true));
        assertFalse(tx.requestDone());
        send(true, "admin");
        assertEquals(List.of(tx), sink.last, "new body bytes update the transaction");
        send(true, "!GET /next HTTP/1.1\r\n\r\n");
        assertEquals("user=admin!", buf(tx, Buffer.HTTP_REQUEST_BODY, true));
        assertTrue(tx.requestDone());
        assertEquals(2, sink.all.size());
        assertEquals("/next", sink.all.get(1).uri());
    }

    @Test
    void chunkedBodyIsDechunkedWithExtensionsAndTrailers() {
        send(true, "GET / HTTP/1.1\r\n\r\n");
        HttpTx tx = sink.last.get(0);
        send(false, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhel");
        send(false, "lo\r\n6\r\n world\r\n0\r\nX-Trailer: y\r\n\r\n");
        assertEquals("hello world", buf(tx, Buffer.HTTP_RESPONSE_BODY, false));
        assertTrue(tx.responseDone());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        send(true, "GET /one HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(2, sink.last.size());
        HttpTx one = sink.last.get(0);
        HttpTx two = sink.last.get(1);
        assertEquals("/one", one.uri());
        assertEquals("/two", two.uri());
        assertNotEquals(one.id, two.id);
        send(false, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nAHTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n");
        assertEquals(List.of(one, two), sink.last);
        assertEquals(200, one.status());
        assertEquals("A", one.body(true));
        assertEquals(302, two.status());
        assertEquals("/x", buf(two, Buffer.HTTP_LOCATION, false));
    }

    @Test
    void gzipResponseBodyIsInspectedDecompressed() throws IOException {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(z)) {
            g.write("<html>secret payload</html>".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] gz = z.toByteArray();
        send(true, "GET / HTTP/1.1\r\n\r\n");
        HttpTx tx = sink.last.get(0);
        send(false, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.length + "\r\n\r\n");
        // the compressed body in three pieces
        int a = 5;
        int b = gz.length / 2;
        send(false, java.util.Arrays.copyOfRange(gz, 0, a));
        send(false, java.util.Arrays.copyOfRange(gz, a, b));
        send(false, java.util.Arrays.copyOfRange(gz, b, gz.length));
        assertEquals("<html>secret payload</html>", buf(tx, Buffer.HTTP_RESPONSE_BODY, false));
        assertTrue(tx.responseDone());
    }

    @Test
    void foldedHeaderIsJoinedAndRepeatsAreMerged() {
        send(true, "GET / HTTP/1.1\r\nUser-Agent: first\r\n\tsecond\r\nX-A: 1\r\nx-a: 2\r\n\r\n");
        HttpTx tx = sink.last.get(0);
        assertEquals("first second", buf(tx, Buffer.HTTP_USER_AGENT, true));
        assertEquals("1, 2", tx.header(false, "X-A"));
        assertTrue((tx.events & HttpEvents.FOLDED_HEADER) != 0);
    }

    @Test
    void hugeHeaderRaisesAnEventAndTheFlowGoesOn() {
        StringBuilder big = new StringBuilder("GET /big HTTP/1.1\r\nX-Big: ");
        big.append("A".repeat(200_000)).append("\r\n");
        for (int i = 0; i < 100; i++) {
            big.append("X-Filler-").append(i).append(": ").append("b".repeat(1000)).append("\r\n");
        }
        big.append("Host: h\r\n\r\n");
        String s = big.toString();
        // in 1,000-byte segments, as a stream would bring it
        for (int i = 0; i < s.length(); i += 1000) {
            send(true, s.substring(i, Math.min(s.length(), i + 1000)));
        }
        HttpTx tx = sink.all.get(0);
        assertTrue((tx.events & HttpEvents.LINE_TOO_LONG) != 0);
        assertTrue((tx.events & HttpEvents.HEADERS_TOO_LONG) != 0);
        assertTrue(tx.req.rawLen <= HttpConfig.DEFAULTS.maxHead(), "what is kept is bounded");
        send(false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertEquals(200, tx.status());
        send(true, "GET /after HTTP/1.1\r\n\r\n");
        assertEquals("/after", sink.last.get(0).uri(), "the next request parses normally");
    }

    @Test
    void garbageMakesTheParserGiveUpWithoutThrowing() {
        send(true, "GET / HTTP/1.1\r\n\r\n");
        send(true, new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 0, 0, 0, '\n', 1, 2});
        assertTrue(parser.gaveUp());
        assertTrue((parser.events() & HttpEvents.GARBAGE) != 0);
        send(false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertTrue(sink.last.isEmpty(), "nothing more is parsed on the flow");
    }

    @Test
    void badChunkSizeStopsTheDirection() {
        send(true, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc");
        assertTrue((parser.events() & HttpEvents.INVALID_CHUNK_SIZE) != 0);
        assertEquals(HttpParser.DEAD, parser.state(true));
    }

    @Test
    void headersEndedByTheConnectionCloseAreComplete() {
        send(true, "GET / HTTP/1.1\r\n\r\n");
        HttpTx tx = sink.last.get(0);
        send(false, "HTTP/1.0 200 OK\nServer: ng1nx\r\n");
        assertNull(buf(tx, Buffer.HTTP_SERVER, false));
        sink.last.clear();
        parser.onEof(false, sink);
        assertEquals(List.of(tx), sink.last);
        assertEquals("ng1nx", buf(tx, Buffer.HTTP_SERVER, false));
    }

    @Test
    void responseFirstCaptureSwapsTheRoles() {
        send(true, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi");
        HttpTx tx = sink.last.get(0);
        assertEquals("200", buf(tx, Buffer.HTTP_STAT_CODE, true));
        assertEquals("hi", buf(tx, Buffer.FILE_DATA, true), "the packet's sender is the server here");
    }

    @Test
    void uriNormalisation() {
        assertEquals("/a/c", norm("/a/b/../c"));
        assertEquals("/", norm("/.."));
        assertEquals("/x/y", norm("//x\\y"));
        assertEquals("/path?q", norm("http://host:8080/path?q#frag"));
        assertEquals("/", norm("http://host"));
        assertEquals("/%zz", norm("/%zz"));
        assertEquals("/A", norm("/%u0041"));
        assertEquals("/?id=sleep(1)", norm("/?id=sleep%281%29"));
    }

    private static String norm(String uri) {
        byte[] b = uri.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[b.length + 1];
        return new String(out, 0, HttpUri.normalize(b, 0, b.length, out), StandardCharsets.ISO_8859_1);
    }

    @Test
    void bodyLimitsComeFromSuricataKeysAndCutTheKeptBody() {
        HttpConfig cfg = HttpConfig.from(java.util.Map.of(
                "app-layer.protocols.http.libhtp.default-config.request-body-limit", "1kb",
                "app-layer.protocols.http.libhtp.default-config.response-body-limit", "8"));
        assertEquals(1024, cfg.requestBodyLimit());
        assertEquals(8, cfg.responseBodyLimit());
        assertEquals(HttpConfig.DEFAULTS.requestBodyLimit(), HttpConfig.from(java.util.Map.of()).requestBodyLimit());
        HttpParser p = new HttpParser(cfg);
        Sink s = new Sink();
        byte[] req = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        p.onStream(true, req, 0, req.length, s);
        byte[] res = "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
        p.onStream(false, res, 0, res.length, s);
        HttpTx tx = s.all.get(0);
        assertEquals("01234567", tx.body(true));
        assertTrue(tx.resBody.truncated);
        assertEquals(20, tx.resBody.received);
        assertTrue(tx.responseDone(), "framing goes on past the limit");
    }

    @Test
    void fuzzedInputNeverThrows() {
        Random r = new Random(7);
        String[] seeds = {
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n4\r\n\u001f\u008b\b\u0000\r\n0\r\n\r\n",
            "POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        };
        for (int round = 0; round < 2000; round++) {
            HttpParser p = new HttpParser();
            Sink s = new Sink();
            for (int k = 0; k < 6; k++) {
                byte[] b = seeds[r.nextInt(seeds.length)].getBytes(StandardCharsets.ISO_8859_1);
                for (int m = r.nextInt(6); m > 0; m--) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                int cut = r.nextInt(b.length + 1);
                p.onStream(r.nextBoolean(), b, 0, cut, s);
                if (r.nextInt(10) == 0) {
                    p.onGap(r.nextBoolean(), r.nextInt(100));
                }
                p.onStream(r.nextBoolean(), b, cut, b.length - cut, s);
            }
            p.onEof(true, s);
            p.onEof(false, s);
            for (HttpTx tx : s.all) {
                for (Buffer b : Buffer.values()) {
                    if ("http".equals(b.app)) {
                        buf(tx, b, true);
                        buf(tx, b, false);
                    }
                }
                tx.eveObject();
            }
            p.close();
        }
    }

    @Test
    void probeRecognisesRequestsAndResponsesByContent() {
        HttpProbe probe = new HttpProbe();
        assertEquals(HttpProbe.MATCH, probe(probe, "GET / HTTP/1.1\r\n"));
        assertEquals(HttpProbe.MATCH, probe(probe, "\r\nPOST /x"));
        assertEquals(HttpProbe.MATCH, probe(probe, "HTTP/1.1 200 OK"));
        assertEquals(HttpProbe.NEED_MORE, probe(probe, "GE"));
        assertEquals(HttpProbe.NEED_MORE, probe(probe, "HTT"));
        assertEquals(HttpProbe.NO, probe(probe, "GETX / HTTP/1.1"));
        assertEquals(HttpProbe.NO, probe(probe, "\u0016\u0003\u0001\u0000"));
        assertEquals(HttpProbe.NO, probe(probe, "SSH-2.0-OpenSSH"));
    }

    private static int probe(HttpProbe p, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return p.probe(b, 0, b.length, true, true, false);
    }
}
