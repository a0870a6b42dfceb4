package dev.sluice.engine.applayer.http;

import dev.sluice.engine.applayer.AppParser;

import java.util.Arrays;

/**
 * One flow's HTTP/1.x parser. Each direction is a state machine over its in-order stream bytes:
 * a head (start line, headers, blank line; leading blank lines skipped), then a body framed by
 * chunked transfer coding, Content-Length, or (responses only) the end of the connection, then the
 * next message (keep-alive, pipelining). A request opens a transaction; responses answer the open
 * transactions oldest first; an interim 1xx response is skipped. The transaction is handed to the
 * sink when its request line, request head, response head or any body bytes arrive (once per call).
 *
 * <p>Bad input: over-long lines and heads are truncated with an event, malformed header lines are
 * skipped, a bad Content-Length or chunk size stops the direction, bytes that cannot start a
 * message (binary where a start line must be) stop the whole flow. 101 Switching Protocols and a
 * successful CONNECT end parsing (the rest is a tunnel). Nothing throws.
 */
public final class HttpParser implements AppParser {
    // direction states
    static final int HEAD = 0;
    static final int BODY_LENGTH = 1;
    static final int CHUNK_SIZE = 2;
    static final int CHUNK_DATA = 3;
    static final int CHUNK_END = 4;
    static final int TRAILER = 5;
    static final int BODY_CLOSE = 6;
    static final int DEAD = 7;

    /** Open transactions kept at most (requests waiting for their responses). */
    static final int MAX_OPEN = 64;
    /** Chunk-size line bytes kept (the hex size; extensions after it are skipped). */
    private static final int CHUNK_LINE = 32;

    private final HttpConfig cfg;
    private final int[] state = new int[2];
    private final long[] remaining = new long[2];
    /** Bytes of the current line so far (head, chunk-size and trailer lines). */
    private final int[] lineBytes = new int[2];
    /** The byte before the current position, per direction (to see a CR split from its LF). */
    private final byte[] prev = new byte[2];
    private final byte[][] chunkLine = new byte[2][CHUNK_LINE];
    private final int[] chunkLen = new int[2];
    private boolean dead;
    /** True once the first bytes told which side is the client; {@link #swapped} when it is the responder. */
    private boolean rolesKnown;
    private boolean swapped;
    private int events;
    private long nextId;
    private long call;
    private TxSink sink;

    /** Open transactions, oldest first. */
    private HttpTx[] open = new HttpTx[4];
    private int openCount;
    /** Transaction whose request is being received, null between requests. */
    private HttpTx reqTx;
    /** Transaction whose response is being received, null between responses. */
    private HttpTx resTx;
    /** Finished transactions, recycled at the next call (the current packet may still use them). */
    private HttpTx[] retired = new HttpTx[4];
    private int retiredCount;
    private HttpTx[] free = new HttpTx[4];
    private int freeCount;

    public HttpParser() {
        this(HttpConfig.DEFAULTS);
    }

    public HttpParser(HttpConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public void onDatagram(boolean toServer, byte[] buf, int off, int len, TxSink out) {
        // HTTP/1.x is TCP only
    }

    @Override
    public int events() {
        return events;
    }

    /** The state of a direction (tests). */
    int state(boolean toServer) {
        return state[toServer ? 0 : 1];
    }

    /** True once the parser gave up on the flow. */
    public boolean gaveUp() {
        return dead || (state[0] == DEAD && state[1] == DEAD);
    }

    @Override
    public void onStream(boolean toServer, byte[] buf, int off, int len, TxSink out) {
        call++;
        recycle();
        if (dead) {
            return;
        }
        sink = out;
        int p = off;
        int end = off + len;
        if (!rolesKnown) {
            decideRoles(toServer, buf, p, end);
        }
        int d = toServer != swapped ? 0 : 1;
        while (p < end && !dead) {
            switch (state[d]) {
                case HEAD:
                    p = head(d, buf, p, end);
                    break;
                case BODY_LENGTH:
                case CHUNK_DATA: {
                    int n = (int) Math.min(remaining[d], end - p);
                    body(d, buf, p, n);
                    p += n;
                    remaining[d] -= n;
                    if (remaining[d] == 0) {
                        if (state[d] == BODY_LENGTH) {
                            messageDone(d);
                        } else {
                            state[d] = CHUNK_END;
                        }
                    }
                    break;
                }
                case CHUNK_SIZE:
                    p = chunkSize(d, buf, p, end);
                    break;
                case CHUNK_END:
                    // the CRLF after a chunk's data; anything else starts the next size line
                    if (buf[p] == '\r') {
                        p++;
                    } else {
                        if (buf[p] == '\n') {
                            p++;
                        }
                        state[d] = CHUNK_SIZE;
                        lineBytes[d] = 0;
                        chunkLen[d] = 0;
                    }
                    break;
                case TRAILER:
                    p = trailer(d, buf, p, end);
                    break;
                case BODY_CLOSE:
                    body(d, buf, p, end - p);
                    p = end;
                    break;
                default:
                    p = end; // DEAD
            }
        }
        if (end > off) {
            prev[d] = buf[end - 1];
        }
        sink = null;
    }

    /**
     * The first bytes of the flow tell which side is the client: a response where a request was
     * expected (a capture picked up in the middle, a server speaking first) swaps the roles.
     */
    private void decideRoles(boolean toServer, byte[] buf, int p, int end) {
        while (p < end && (buf[p] == '\r' || buf[p] == '\n')) {
            p++;
        }
        if (p == end) {
            return;
        }
        boolean response = end - p >= 5 ? buf[p] == 'H' && buf[p + 1] == 'T' && buf[p + 2] == 'T' && buf[p + 3] == 'P' && buf[p + 4] == '/'
                : buf[p] == 'H';
        if (end - p < 5 && response) {
            return; // "H": a HEAD request or HTTP/ - decide with more bytes
        }
        swapped = toServer == response;
        rolesKnown = true;
    }

    @Override
    public void onEof(boolean toServer, TxSink out) {
        if (dead) {
            return;
        }
        call++;
        sink = out;
        int d = toServer != swapped ? 0 : 1;
        HttpTx tx = d == 0 ? reqTx : resTx;
        if (state[d] == HEAD && tx != null) {
            HttpHead h = d == 0 ? tx.req : tx.res;
            if (h.lineDone && !h.done) {
                // the connection closed after the headers: they are complete
                h.done = true;
                int ev = h.parseHeaders(cfg.maxHeaders());
                tx.events |= ev;
                events |= ev;
                if (d == 0) {
                    requestHead(tx);
                } else {
                    responseHead(tx);
                }
            }
        }
        if (state[d] == BODY_CLOSE) {
            messageDone(d);
        }
        state[d] = DEAD;
        sink = null;
    }

    @Override
    public void onGap(boolean toServer, long bytes) {
        int d = toServer != swapped ? 0 : 1;
        events |= HttpEvents.GAP;
        int s = state[d];
        if ((s == BODY_LENGTH || s == CHUNK_DATA) && bytes < remaining[d]) {
            remaining[d] -= bytes; // a hole in a body: framing survives
            HttpTx tx = d == 0 ? reqTx : resTx;
            if (tx != null) {
                (d == 0 ? tx.reqBody : tx.resBody).truncated = true;
            }
            return;
        }
        if (s == BODY_CLOSE) {
            return;
        }
        state[d] = DEAD;
    }

    @Override
    public void close() {
        for (int i = 0; i < openCount; i++) {
            open[i].release();
        }
        for (int i = 0; i < retiredCount; i++) {
            retired[i].release();
        }
        openCount = retiredCount = freeCount = 0;
        reqTx = resTx = null;
    }

    // ---------------------------------------------------------------- heads

    /** Reads head bytes from {@code p}; returns where it stopped (a state change or the end). */
    private int head(int d, byte[] buf, int p, int end) {
        HttpTx tx = d == 0 ? reqTx : resTx;
        HttpHead h = tx == null ? null : (d == 0 ? tx.req : tx.res);
        if (h == null || h.rawLen == 0) {
            // blank lines between messages are skipped
            while (p < end && (buf[p] == '\r' || buf[p] == '\n')) {
                p++;
            }
            if (p == end) {
                return p;
            }
            if (tx == null) {
                tx = d == 0 ? newRequest() : newResponse();
                if (tx == null) {
                    return end;
                }
            }
            h = d == 0 ? tx.req : tx.res;
            lineBytes[d] = 0;
            if (d == 1 && tx.hasRequest && !startsLike(buf, p, end, "HTTP/")) {
                // no status line: an HTTP/0.9 response, all body until the connection closes
                h.lineDone = h.done = true;
                tx.responseHeadDone = true;
                tx.resBody.reset(cfg.responseBodyLimit(), HttpBody.NONE, cfg.inflateRatio());
                state[1] = BODY_CLOSE;
                report(tx);
                return p;
            }
        }
        int segStart = p;
        int nl = p;
        while (nl < end && buf[nl] != '\n') {
            nl++;
        }
        int segEnd = nl < end ? nl + 1 : end;
        int n = segEnd - p;
        int room = cfg.maxHead() - h.rawLen;
        int lineRoom = Math.max(0, cfg.maxLine() - lineBytes[d]);
        int keep = Math.min(n, Math.min(room, lineRoom));
        if (keep < n && nl < end && keep < room) {
            // an over-long line: keep its start and still its line end
            h.append(buf, p, keep);
            if (segEnd - 1 > p + keep) {
                h.append(buf, segEnd - 1, 1);
            }
        } else {
            h.append(buf, p, keep);
        }
        if (n > lineRoom && lineBytes[d] <= cfg.maxLine()) {
            tx.events |= HttpEvents.LINE_TOO_LONG;
            events |= HttpEvents.LINE_TOO_LONG;
        }
        if (n > room) {
            tx.events |= HttpEvents.HEADERS_TOO_LONG;
            events |= HttpEvents.HEADERS_TOO_LONG;
        }
        lineBytes[d] += n;
        if (nl == end) {
            return end; // the line goes on in a later segment
        }
        int len = lineBytes[d];
        byte before = nl > segStart ? buf[nl - 1] : prev[d];
        boolean cr = len >= 2 && before == '\r';
        if (!cr) {
            tx.events |= HttpEvents.LF_ONLY;
        }
        boolean empty = len == (cr ? 2 : 1);
        lineBytes[d] = 0;
        prev[d] = '\n';
        if (!h.lineDone) {
            int le = h.rawLen;
            while (le > 0 && (h.raw[le - 1] == '\n' || h.raw[le - 1] == '\r')) {
                le--;
            }
            h.lineLen = le;
            h.headersOff = h.rawLen;
            h.lineDone = true;
            h.splitLine();
            startLine(d, tx, h);
            return segEnd;
        }
        if (empty) {
            h.done = true;
            int ev = h.parseHeaders(cfg.maxHeaders());
            tx.events |= ev;
            events |= ev;
            if (d == 0) {
                requestHead(tx);
            } else {
                responseHead(tx);
            }
        }
        return segEnd;
    }

    private HttpTx newRequest() {
        HttpTx tx = obtain();
        tx.toServer = true;
        reqTx = tx;
        return tx;
    }

    private HttpTx newResponse() {
        for (int i = 0; i < openCount; i++) {
            HttpTx t = open[i];
            if (!t.responseDone && !t.hasResponse) {
                resTx = t;
                t.hasResponse = true;
                return t;
            }
        }
        HttpTx tx = obtain();
        tx.toServer = false;
        tx.events |= HttpEvents.UNSOLICITED_RESPONSE;
        events |= HttpEvents.UNSOLICITED_RESPONSE;
        tx.hasResponse = true;
        resTx = tx;
        return tx;
    }

    private void startLine(int d, HttpTx tx, HttpHead h) {
        if (binary(h.raw, h.lineLen)) {
            tx.events |= HttpEvents.GARBAGE;
            events |= HttpEvents.GARBAGE;
            dead = true; // not HTTP: stop on the whole flow
            state[0] = state[1] = DEAD;
            return;
        }
        if (d == 0) {
            if (h.partOff[1] < 0 || !token(h.raw, h.partOff[0], h.partLen[0])) {
                tx.events |= HttpEvents.INVALID_REQUEST_LINE;
                events |= HttpEvents.INVALID_REQUEST_LINE;
            }
            tx.requestLineParsed();
            report(tx);
            if (h.partOff[2] < 0) {
                // HTTP/0.9: the request is its line
                h.done = true;
                tx.requestHeadParsed();
                messageDone(0);
            }
            return;
        }
        if (h.lineLen < 5 || !startsWith(h.raw, "HTTP/")) {
            tx.events |= HttpEvents.INVALID_RESPONSE_LINE | HttpEvents.GARBAGE;
            events |= HttpEvents.INVALID_RESPONSE_LINE | HttpEvents.GARBAGE;
            dead = true;
            state[0] = state[1] = DEAD;
            return;
        }
        int code = -1;
        if (h.partOff[1] >= 0 && h.partLen[1] == 3) {
            code = 0;
            for (int i = 0; i < 3 && code >= 0; i++) {
                byte c = h.raw[h.partOff[1] + i];
                code = c >= '0' && c <= '9' ? code * 10 + c - '0' : -1;
            }
        }
        if (code < 0) {
            tx.events |= HttpEvents.INVALID_RESPONSE_LINE;
            events |= HttpEvents.INVALID_RESPONSE_LINE;
        }
        tx.status = code;
    }

    private void requestHead(HttpTx tx) {
        tx.requestHeadParsed();
        tx.reqBody.reset(cfg.requestBodyLimit(), coding(tx.req), cfg.inflateRatio());
        report(tx);
        frame(0, tx, tx.req, false);
    }

    private void responseHead(HttpTx tx) {
        int code = tx.status;
        if (code >= 100 && code < 200 && code != 101) {
            tx.res.reset(); // an interim response: the final one follows
            tx.status = -1;
            return;
        }
        tx.responseHeadDone = true;
        tx.resBody.reset(cfg.responseBodyLimit(), coding(tx.res), cfg.inflateRatio());
        report(tx);
        if (code == 101 || (tx.isConnect() && code >= 200 && code < 300)) {
            state[0] = state[1] = DEAD; // a tunnel from here on, no longer HTTP
            dead = true;
            return;
        }
        if (tx.isHead() || code == 204 || code == 304 || (code >= 100 && code < 200)) {
            messageDone(1);
            return;
        }
        frame(1, tx, tx.res, true);
    }

    /** Chooses the body framing of a message whose head is done. */
    private void frame(int d, HttpTx tx, HttpHead h, boolean response) {
        int te = h.find(HttpTx.TRANSFER_ENCODING);
        int cl = h.find(HttpTx.CONTENT_LENGTH);
        if (te >= 0 && contains(h.arena, h.valueOff[te], h.valueLen[te], "chunked")) {
            if (cl >= 0) {
                tx.events |= HttpEvents.CL_AND_CHUNKED;
                events |= HttpEvents.CL_AND_CHUNKED;
            }
            state[d] = CHUNK_SIZE;
            lineBytes[d] = 0;
            chunkLen[d] = 0;
            return;
        }
        if (cl >= 0) {
            long n = number(h.arena, h.valueOff[cl], h.valueLen[cl]);
            if (n < 0) {
                tx.events |= HttpEvents.INVALID_CONTENT_LENGTH;
                events |= HttpEvents.INVALID_CONTENT_LENGTH;
                messageDone(d);
                state[d] = DEAD; // framing is lost
                return;
            }
            if (n == 0) {
                messageDone(d);
                return;
            }
            state[d] = BODY_LENGTH;
            remaining[d] = n;
            return;
        }
        if (response) {
            state[d] = BODY_CLOSE;
            return;
        }
        messageDone(d);
    }

    // ---------------------------------------------------------------- bodies

    private void body(int d, byte[] buf, int p, int n) {
        HttpTx tx = d == 0 ? reqTx : resTx;
        if (tx == null || n <= 0) {
            return;
        }
        HttpBody b = d == 0 ? tx.reqBody : tx.resBody;
        int before = b.len;
        b.append(buf, p, n);
        if (b.events != 0) {
            tx.events |= b.events;
            events |= b.events;
        }
        if (b.len != before) {
            report(tx);
        }
    }

    private int chunkSize(int d, byte[] buf, int p, int end) {
        while (p < end) {
            byte c = buf[p++];
            if (c == '\n') {
                long size = hexSize(chunkLine[d], chunkLen[d]);
                boolean blank = chunkLen[d] == 0;
                chunkLen[d] = 0;
                lineBytes[d] = 0;
                if (blank) {
                    continue; // a stray line end before the size
                }
                if (size < 0) {
                    HttpTx tx = d == 0 ? reqTx : resTx;
                    if (tx != null) {
                        tx.events |= HttpEvents.INVALID_CHUNK_SIZE;
                    }
                    events |= HttpEvents.INVALID_CHUNK_SIZE;
                    messageDone(d);
                    state[d] = DEAD;
                    return end;
                }
                if (size == 0) {
                    state[d] = TRAILER;
                    return p;
                }
                state[d] = CHUNK_DATA;
                remaining[d] = size;
                return p;
            }
            if (c != '\r' && chunkLen[d] < CHUNK_LINE) {
                chunkLine[d][chunkLen[d]++] = c;
            }
            if (++lineBytes[d] > cfg.maxLine()) {
                events |= HttpEvents.INVALID_CHUNK_SIZE;
                messageDone(d);
                state[d] = DEAD;
                return end;
            }
        }
        return p;
    }

    /** The chunk size of a size line (hex, then optional whitespace and ;extensions), -1 when invalid. */
    static long hexSize(byte[] b, int n) {
        int p = 0;
        while (p < n && (b[p] == ' ' || b[p] == '\t')) {
            p++;
        }
        long v = 0;
        int digits = 0;
        for (; p < n; p++) {
            int c = b[p];
            int h = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (h < 0) {
                break;
            }
            if (++digits > 15) {
                return -1;
            }
            v = v << 4 | h;
        }
        if (digits == 0) {
            return -1;
        }
        while (p < n && (b[p] == ' ' || b[p] == '\t')) {
            p++;
        }
        return p == n || b[p] == ';' ? v : -1;
    }

    private int trailer(int d, byte[] buf, int p, int end) {
        while (p < end) {
            byte c = buf[p++];
            if (c == '\n') {
                boolean empty = lineBytes[d] == 0;
                lineBytes[d] = 0;
                if (empty) {
                    messageDone(d);
                    return p;
                }
            } else if (c != '\r') {
                lineBytes[d]++;
            }
        }
        return p;
    }

    // ---------------------------------------------------------------- transactions

    private void messageDone(int d) {
        state[d] = HEAD;
        lineBytes[d] = 0;
        if (d == 0) {
            HttpTx tx = reqTx;
            reqTx = null;
            if (tx != null) {
                tx.requestDone = true;
                if (tx.responseDone) {
                    retire(tx);
                }
            }
            return;
        }
        HttpTx tx = resTx;
        resTx = null;
        if (tx != null) {
            tx.responseDone = true;
            tx.resBody.end();
            if (tx.requestDone || !tx.hasRequest) {
                retire(tx);
            }
        }
    }

    private HttpTx obtain() {
        HttpTx tx = freeCount > 0 ? free[--freeCount] : new HttpTx();
        tx.reset(nextId++);
        tx.swapped = swapped;
        if (openCount == MAX_OPEN) {
            // too many requests without responses: the oldest is dropped
            HttpTx old = open[0];
            System.arraycopy(open, 1, open, 0, --openCount);
            if (old == resTx) {
                resTx = null;
            }
            toRetired(old);
        }
        if (openCount == open.length) {
            open = Arrays.copyOf(open, openCount * 2);
        }
        open[openCount++] = tx;
        return tx;
    }

    private void retire(HttpTx tx) {
        for (int i = 0; i < openCount; i++) {
            if (open[i] == tx) {
                System.arraycopy(open, i + 1, open, i, openCount - i - 1);
                open[--openCount] = null;
                break;
            }
        }
        toRetired(tx);
    }

    private void toRetired(HttpTx tx) {
        if (retiredCount == retired.length) {
            retired = Arrays.copyOf(retired, retiredCount * 2);
        }
        retired[retiredCount++] = tx;
    }

    /** Transactions finished in an earlier call are free again. */
    private void recycle() {
        for (int i = 0; i < retiredCount; i++) {
            HttpTx tx = retired[i];
            tx.release();
            retired[i] = null;
            if (freeCount < 8) {
                if (freeCount == free.length) {
                    free = Arrays.copyOf(free, freeCount * 2);
                }
                free[freeCount++] = tx;
            }
        }
        retiredCount = 0;
    }

    private void report(HttpTx tx) {
        if (tx.reportedIn != call && sink != null) {
            tx.reportedIn = call;
            sink.add(tx);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static int coding(HttpHead h) {
        int i = h.find(HttpTx.CONTENT_ENCODING);
        if (i < 0) {
            return HttpBody.NONE;
        }
        if (contains(h.arena, h.valueOff[i], h.valueLen[i], "gzip")) {
            return HttpBody.GZIP;
        }
        return contains(h.arena, h.valueOff[i], h.valueLen[i], "deflate") ? HttpBody.DEFLATE : HttpBody.NONE;
    }

    /** True when {@code b[off, off+len)} contains the lower-case ASCII {@code word} in any case. */
    static boolean contains(byte[] b, int off, int len, String word) {
        int w = word.length();
        for (int i = off; i + w <= off + len; i++) {
            int j = 0;
            while (j < w && HttpHead.lower(b[i + j]) == word.charAt(j)) {
                j++;
            }
            if (j == w) {
                return true;
            }
        }
        return false;
    }

    /** A decimal Content-Length (surrounding whitespace allowed), -1 when it is none. */
    static long number(byte[] b, int off, int len) {
        long v = 0;
        int digits = 0;
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    return -1;
                }
                v = v * 10 + c - '0';
            } else if (c != ' ' && c != '\t') {
                return -1;
            }
        }
        return digits == 0 ? -1 : v;
    }

    /** True when the available bytes {@code b[p, end)} agree with the start of {@code s}. */
    private static boolean startsLike(byte[] b, int p, int end, String s) {
        for (int i = 0; i < s.length() && p + i < end; i++) {
            if (b[p + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] b, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** True when a start line holds control bytes no HTTP line has (NUL, ...). */
    private static boolean binary(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c < 0x20 && c != '\t' && c != '\r' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** True for an RFC 7230 token (a method). */
    private static boolean token(byte[] b, int off, int len) {
        if (off < 0 || len == 0) {
            return false;
        }
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xff;
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
