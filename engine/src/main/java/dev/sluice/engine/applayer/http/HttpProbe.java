package dev.sluice.engine.applayer.http;

import dev.sluice.engine.applayer.AppProbe;

import java.nio.charset.StandardCharsets;

/**
 * Recognises HTTP/1.x from the first bytes of a direction: a known request method followed by a
 * space or tab (to the server; a few leading CR/LF are skipped as servers do), or {@code HTTP/}
 * (a response). Either direction decides, so a flow seen only from the server side is found too.
 * The port is not needed. No allocation.
 */
public final class HttpProbe implements AppProbe {
    /** Request methods that identify HTTP (the common ones and WebDAV's). */
    private static final byte[][] METHODS = bytes("GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "CONNECT",
            "TRACE", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH",
            "REPORT", "CHECKOUT", "MERGE", "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE", "MKACTIVITY", "ORDERPATCH",
            "ACL", "VERSION-CONTROL", "BASELINE-CONTROL", "UPDATE", "LABEL", "MKWORKSPACE", "POLL", "BCOPY",
            "BDELETE", "BMOVE", "BPROPFIND", "BPROPPATCH", "UNCHECKOUT", "CHECKIN", "INDEX");
    private static final byte[] HTTP = "HTTP/".getBytes(StandardCharsets.US_ASCII);
    /** Leading blank-line bytes tolerated before a request. */
    private static final int MAX_LEADING = 4;

    private static byte[][] bytes(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    @Override
    public int probe(byte[] buf, int off, int len, boolean toServer, boolean tcp, boolean portHint) {
        if (!tcp) {
            return NO;
        }
        int p = off;
        int end = off + len;
        while (p < end && p - off < MAX_LEADING && (buf[p] == '\r' || buf[p] == '\n')) {
            p++;
        }
        if (p == end) {
            return p - off < MAX_LEADING ? NEED_MORE : NO;
        }
        int r = prefix(buf, p, end, HTTP, false);
        if (r != NO) {
            return r;
        }
        int best = NO;
        for (byte[] m : METHODS) {
            int v = prefix(buf, p, end, m, true);
            if (v == MATCH) {
                return MATCH;
            }
            if (v == NEED_MORE) {
                best = NEED_MORE;
            }
        }
        return best;
    }

    /** Whether {@code buf[p, end)} starts with {@code word} (then a space or tab when {@code sp}). */
    private static int prefix(byte[] buf, int p, int end, byte[] word, boolean sp) {
        int need = word.length + (sp ? 1 : 0);
        int have = Math.min(end - p, need);
        for (int i = 0; i < have; i++) {
            byte want = i < word.length ? word[i] : (byte) ' ';
            byte b = buf[p + i];
            if (b != want && !(i == word.length && b == '\t')) {
                return NO;
            }
        }
        return have < need ? NEED_MORE : MATCH;
    }
}
