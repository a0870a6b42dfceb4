package dev.sluice.engine.applayer.http;

import dev.sluice.engine.applayer.AppProto;
import dev.sluice.engine.applayer.AppTx;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.DetectContext;
import dev.sluice.signatures.match.TxField;

import java.nio.charset.StandardCharsets;

/**
 * One HTTP transaction: a request and the response to it, each filled in as its bytes arrive. A
 * buffer exists once its part is parsed (request line: uri, method, protocol, request line; request
 * head: headers; body bytes: the body so far). Buffers both messages have (headers, content type,
 * bodies, file.data) are the request's while a to-server packet is inspected and the response's on a
 * to-client packet. Reused by its parser, so only valid while the packet that handed it out is
 * processed.
 */
public final class HttpTx extends AppTx {
    private static final byte[] COOKIE = ascii("cookie");
    private static final byte[] SET_COOKIE = ascii("set-cookie");
    private static final byte[] HOST = ascii("host");
    static final byte[] USER_AGENT = ascii("user-agent");
    static final byte[] ACCEPT = ascii("accept");
    static final byte[] ACCEPT_LANG = ascii("accept-language");
    static final byte[] ACCEPT_ENC = ascii("accept-encoding");
    static final byte[] REFERER = ascii("referer");
    static final byte[] CONTENT_TYPE = ascii("content-type");
    static final byte[] CONTENT_LENGTH = ascii("content-length");
    static final byte[] CONNECTION = ascii("connection");
    static final byte[] LOCATION = ascii("location");
    static final byte[] SERVER = ascii("server");
    static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    static final byte[] CONTENT_ENCODING = ascii("content-encoding");
    private static final byte[] HEAD = ascii("HEAD");
    private static final byte[] CONNECT = ascii("CONNECT");

    final HttpHead req = new HttpHead();
    final HttpHead res = new HttpHead();
    final HttpBody reqBody = new HttpBody();
    final HttpBody resBody = new HttpBody();
    /** The request line was parsed (the request exists). */
    boolean hasRequest;
    boolean requestDone;
    /** A response head began (a final one, or an interim 1xx being read). */
    boolean hasResponse;
    boolean responseHeadDone;
    boolean responseDone;
    /** Status code, -1 while none. */
    int status = -1;

    // derived from the request line and head
    byte[] uri = new byte[64];
    int uriLen;
    byte[] host = new byte[32];
    int hostLen = -1;
    /** Where the raw host is: 0 none, 1 the Host header, 2 the authority of an absolute URI. */
    private int hostRawFrom;
    private int hostRawOff;
    private int hostRawLen;
    /** Host header port, -1 when none. */
    int hostPort = -1;
    /** The flow's client is its responder as the flow table sees it (a capture begun mid-flow). */
    boolean swapped;
    /** Sink call that last reported this transaction (each is reported once per call). */
    long reportedIn = -1;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    void reset(long txId) {
        id = txId;
        events = 0;
        toServer = true;
        req.reset();
        res.reset();
        hasRequest = requestDone = hasResponse = responseHeadDone = responseDone = false;
        status = -1;
        uriLen = 0;
        hostLen = -1;
        hostRawFrom = 0;
        hostPort = -1;
        reportedIn = -1;
    }

    /** Frees native resources (body inflaters). */
    void release() {
        reqBody.end();
        resBody.end();
    }

    @Override
    public AppProto proto() {
        return AppProto.HTTP1;
    }

    // ---------------------------------------------------------------- request derived values

    /** After the request line: the normalised URI. */
    void requestLineParsed() {
        hasRequest = true;
        int ul = req.partLen[1];
        if (uri.length < ul + 1) {
            uri = new byte[ul + 16];
        }
        uriLen = req.partOff[1] < 0 ? 0 : HttpUri.normalize(req.raw, req.partOff[1], ul, uri);
    }

    /** After the request head: the host (absolute URI authority first, else the Host header), lower case without port. */
    void requestHeadParsed() {
        int off;
        int len;
        byte[] src;
        long auth = req.partOff[1] < 0 ? -1 : HttpUri.authority(req.raw, req.partOff[1], req.partLen[1]);
        int h = req.find(HOST);
        if (auth >= 0) {
            hostRawFrom = 2;
            hostRawOff = (int) (auth >>> 32);
            hostRawLen = (int) auth;
            src = req.raw;
            off = hostRawOff;
            len = hostRawLen;
        } else if (h >= 0) {
            hostRawFrom = 1;
            hostRawOff = req.valueOff[h];
            hostRawLen = req.valueLen[h];
            src = req.arena;
            off = hostRawOff;
            len = hostRawLen;
        } else {
            return;
        }
        // strip the port (not inside an IPv6 literal), then lower-case
        int end = off + len;
        int colon = -1;
        for (int i = end - 1; i >= off; i--) {
            if (src[i] == ':') {
                colon = i;
                break;
            }
            if (src[i] == ']') {
                break;
            }
        }
        if (colon >= 0) {
            int port = 0;
            boolean digits = colon + 1 < end;
            for (int i = colon + 1; i < end && digits; i++) {
                digits = src[i] >= '0' && src[i] <= '9' && (port = port * 10 + src[i] - '0') <= 65535;
            }
            hostPort = digits ? port : -1;
            end = colon;
        }
        int n = end - off;
        if (host.length < n) {
            host = new byte[n + 16];
        }
        for (int i = 0; i < n; i++) {
            host[i] = (byte) HttpHead.lower(src[off + i]);
        }
        hostLen = n;
    }

    boolean isHead() {
        return req.partOff[0] >= 0 && req.partLen[0] == 4 && HttpHead.equalsIgnoreCase(req.raw, req.partOff[0], HEAD, 0, 4);
    }

    boolean isConnect() {
        return req.partOff[0] >= 0 && req.partLen[0] == 7
                && HttpHead.equalsIgnoreCase(req.raw, req.partOff[0], CONNECT, 0, 7);
    }

    // ---------------------------------------------------------------- TxView

    @Override
    public boolean buffer(Buffer b, int index, DetectContext ctx) {
        if (index > 0 && b != Buffer.HTTP_REQUEST_HEADER && b != Buffer.HTTP_RESPONSE_HEADER) {
            return false;
        }
        boolean request = ctx.flow == null || ctx.flow.toServer() != swapped;
        HttpHead side = request ? req : res;
        boolean sideDone = request ? req.done : res.done;
        switch (b) {
            case HTTP_URI:
                return hasRequest && req.partOff[1] >= 0 && set(ctx, uri, 0, uriLen);
            case HTTP_URI_RAW:
                return part(ctx, req, 1);
            case HTTP_METHOD:
                return part(ctx, req, 0);
            case HTTP_PROTOCOL:
                return request ? part(ctx, req, 2) : part(ctx, res, 0);
            case HTTP_REQUEST_LINE:
                return hasRequest && set(ctx, req.raw, 0, req.lineLen);
            case HTTP_RESPONSE_LINE:
                return res.done && set(ctx, res.raw, 0, res.lineLen);
            case HTTP_STAT_CODE:
                return res.done && part(ctx, res, 1);
            case HTTP_STAT_MSG:
                return res.done && part(ctx, res, 2);
            case HTTP_START:
                return sideDone && set(ctx, side.raw, 0, side.rawLen);
            case HTTP_HEADER_RAW:
                return sideDone && set(ctx, side.raw, side.headersOff, side.rawLen - side.headersOff);
            case HTTP_HEADER:
                if (!sideDone) {
                    return false;
                }
                side.buildNorm(request ? COOKIE : SET_COOKIE);
                return set(ctx, side.norm, 0, side.normLen);
            case HTTP_HEADER_NAMES:
                if (!sideDone) {
                    return false;
                }
                side.buildNames();
                return set(ctx, side.names, 0, side.namesLen);
            case HTTP_REQUEST_HEADER:
                return single(ctx, req, index);
            case HTTP_RESPONSE_HEADER:
                return single(ctx, res, index);
            case HTTP_HOST:
                return req.done && hostLen >= 0 && set(ctx, host, 0, hostLen);
            case HTTP_HOST_RAW:
                if (!req.done || hostRawFrom == 0) {
                    return false;
                }
                return set(ctx, hostRawFrom == 1 ? req.arena : req.raw, hostRawOff, hostRawLen);
            case HTTP_USER_AGENT:
                return header(ctx, req, USER_AGENT);
            case HTTP_ACCEPT:
                return header(ctx, req, ACCEPT);
            case HTTP_ACCEPT_LANG:
                return header(ctx, req, ACCEPT_LANG);
            case HTTP_ACCEPT_ENC:
                return header(ctx, req, ACCEPT_ENC);
            case HTTP_REFERER:
                return header(ctx, req, REFERER);
            case HTTP_COOKIE:
                return request ? header(ctx, req, COOKIE) : header(ctx, res, SET_COOKIE);
            case HTTP_CONTENT_TYPE:
                return header(ctx, side, CONTENT_TYPE);
            case HTTP_CONTENT_LEN:
                return header(ctx, side, CONTENT_LENGTH);
            case HTTP_CONNECTION:
                return header(ctx, side, CONNECTION);
            case HTTP_LOCATION:
                return header(ctx, res, LOCATION);
            case HTTP_SERVER:
                return header(ctx, res, SERVER);
            case HTTP_REQUEST_BODY:
                return reqBody.len > 0 && set(ctx, reqBody.data, 0, reqBody.len);
            case HTTP_RESPONSE_BODY:
                return resBody.len > 0 && set(ctx, resBody.data, 0, resBody.len);
            case FILE_DATA: {
                HttpBody body = request ? reqBody : resBody;
                return body.len > 0 && set(ctx, body.data, 0, body.len);
            }
            default:
                return false;
        }
    }

    private static boolean set(DetectContext ctx, byte[] buf, int off, int len) {
        ctx.setAppBuffer(buf, off, len);
        return true;
    }

    private static boolean part(DetectContext ctx, HttpHead h, int i) {
        return h.lineDone && h.partOff[i] >= 0 && set(ctx, h.raw, h.partOff[i], h.partLen[i]);
    }

    private static boolean header(DetectContext ctx, HttpHead h, byte[] name) {
        if (!h.done) {
            return false;
        }
        int i = h.find(name);
        return i >= 0 && set(ctx, h.arena, h.valueOff[i], h.valueLen[i]);
    }

    private static boolean single(DetectContext ctx, HttpHead h, int index) {
        if (!h.done || index >= h.count) {
            return false;
        }
        h.buildSingles();
        return set(ctx, h.single, h.singleOff[index], h.singleOff[index + 1] - h.singleOff[index]);
    }

    @Override
    public long field(TxField f, int index) {
        if (index > 0 || !hasRequest) {
            return -1;
        }
        switch (f) {
            case HTTP_URI_LEN:
                return uriLen;
            case HTTP_URI_RAW_LEN:
                return req.partOff[1] < 0 ? 0 : req.partLen[1];
            default:
                return -1;
        }
    }

    // ---------------------------------------------------------------- values for EVE and tests

    String text(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    /** A request-line part (0 method, 1 raw URI, 2 protocol) as text, null when absent. */
    public String requestPart(int i) {
        return req.partOff[i] < 0 ? null : text(req.raw, req.partOff[i], req.partLen[i]);
    }

    /** The normalised URI (http.uri). */
    public String uri() {
        return text(uri, 0, uriLen);
    }

    /** The normalised host (http.host), null when none. */
    public String host() {
        return hostLen < 0 ? null : text(host, 0, hostLen);
    }

    /** A request (or, with {@code response}, response) header's merged value, null when absent. */
    public String header(boolean response, String name) {
        HttpHead h = response ? res : req;
        int i = h.find(name.getBytes(StandardCharsets.ISO_8859_1));
        return i < 0 ? null : text(h.arena, h.valueOff[i], h.valueLen[i]);
    }

    public int status() {
        return status;
    }

    /** The request body as kept (dechunked), or the response body (dechunked and decompressed). */
    public String body(boolean response) {
        HttpBody b = response ? resBody : reqBody;
        return text(b.data, 0, b.len);
    }

    public boolean requestDone() {
        return requestDone;
    }

    public boolean responseDone() {
        return responseDone;
    }

    @Override
    public String eveObject() {
        return HttpEve.render(this);
    }
}
