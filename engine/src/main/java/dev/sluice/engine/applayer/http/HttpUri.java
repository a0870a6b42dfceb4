package dev.sluice.engine.applayer.http;

/**
 * The normalised request URI of http.uri, as Suricata's HTTP library presents it by default:
 * an absolute URI ({@code http://host/p}) keeps only its path and query; in the path, {@code %XX}
 * and {@code %uXXXX} are decoded (an invalid escape stays as it is), backslashes become slashes,
 * runs of slashes shrink to one and {@code .} / {@code ..} segments are removed (RFC 3986 5.2.4);
 * the query is percent-decoded; a fragment is dropped. No allocation: output goes to a caller's
 * array at least as long as the input (normalising never lengthens).
 */
final class HttpUri {
    private HttpUri() {
    }

    /** Offset of the path (or query) of {@code uri[off, off+len)}, skipping {@code scheme://authority}. */
    static int pathStart(byte[] b, int off, int len) {
        int end = off + len;
        int p = off;
        if (len > 0 && b[off] == '/') {
            return off;
        }
        // scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) "://"
        while (p < end && (Character.isLetterOrDigit(b[p]) || b[p] == '+' || b[p] == '-' || b[p] == '.')) {
            p++;
        }
        if (p > off && p + 2 < end && b[p] == ':' && b[p + 1] == '/' && b[p + 2] == '/') {
            p += 3;
            while (p < end && b[p] != '/' && b[p] != '?' && b[p] != '#') {
                p++;
            }
            return p;
        }
        return off;
    }

    /** Offset and length of the authority of an absolute URI (host[:port]), or -1 when there is none. */
    static long authority(byte[] b, int off, int len) {
        int start = pathStart(b, off, len);
        if (start == off) {
            return -1;
        }
        int p = off;
        while (b[p] != ':') {
            p++;
        }
        int a = p + 3;
        int userEnd = a;
        for (int i = a; i < start; i++) {
            if (b[i] == '@') {
                userEnd = i + 1;
            }
        }
        return (long) userEnd << 32 | (start - userEnd);
    }

    /** Normalises {@code uri[off, off+len)} into {@code out} from 0; returns the length written. */
    static int normalize(byte[] b, int off, int len, byte[] out) {
        int end = off + len;
        int p = pathStart(b, off, len);
        int n = 0;
        if (p == end || (p > off && b[p] != '/')) {
            out[n++] = '/'; // an absolute URI without a path has the root path
        }
        // the path: decode, unify separators, compress them
        while (p < end && b[p] != '?' && b[p] != '#') {
            int c = b[p] & 0xff;
            int used = 1;
            if (c == '%') {
                int v = decode(b, p, end);
                if (v >= 0) {
                    c = v & 0xff;
                    used = v >>> 16;
                }
            }
            p += used;
            if (c == '\\') {
                c = '/';
            }
            if (c == '/' && n > 0 && out[n - 1] == '/') {
                continue;
            }
            out[n++] = (byte) c;
        }
        n = removeDots(out, n);
        if (p < end && b[p] == '?') {
            while (p < end && b[p] != '#') {
                int c = b[p] & 0xff;
                int used = 1;
                if (c == '%') {
                    int v = decode(b, p, end);
                    if (v >= 0) {
                        c = v & 0xff;
                        used = v >>> 16;
                    }
                }
                p += used;
                out[n++] = (byte) c;
            }
        }
        return n;
    }

    /** Decodes the escape at {@code b[p]} ('%'): (bytes used &lt;&lt; 16) | value, or -1 when invalid. */
    private static int decode(byte[] b, int p, int end) {
        if (p + 2 < end && hex(b[p + 1]) >= 0 && hex(b[p + 2]) >= 0) {
            return 3 << 16 | hex(b[p + 1]) << 4 | hex(b[p + 2]);
        }
        if (p + 5 < end && (b[p + 1] == 'u' || b[p + 1] == 'U')) {
            int v = 0;
            for (int i = 2; i < 6; i++) {
                int h = hex(b[p + i]);
                if (h < 0) {
                    return -1;
                }
                v = v << 4 | h;
            }
            // best fit: Latin-1 as is, full-width ASCII to ASCII, anything else '?'
            int c = v < 0x100 ? v : v >= 0xff01 && v <= 0xff5e ? v - 0xff00 + 0x20 : '?';
            return 6 << 16 | c;
        }
        return -1;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Removes "." and ".." segments of the path {@code p[0, n)} in place; returns the new length. */
    static int removeDots(byte[] p, int n) {
        int w = 0;
        int r = 0;
        boolean absolute = n > 0 && p[0] == '/';
        while (r < n) {
            int segStart = r;
            if (p[r] == '/') {
                segStart = ++r;
            }
            int segEnd = segStart;
            while (segEnd < n && p[segEnd] != '/') {
                segEnd++;
            }
            int segLen = segEnd - segStart;
            boolean last = segEnd == n;
            if (segLen == 1 && p[segStart] == '.') {
                if (last) {
                    p[w++] = '/';
                }
            } else if (segLen == 2 && p[segStart] == '.' && p[segStart + 1] == '.') {
                // drop the last written segment
                while (w > 0 && p[w - 1] != '/') {
                    w--;
                }
                if (w > 0) {
                    w--; // and the slash before it
                }
                if (last) {
                    p[w++] = '/';
                }
            } else {
                if (segStart > 0 && (absolute || w > 0)) {
                    p[w++] = '/';
                }
                System.arraycopy(p, segStart, p, w, segLen);
                w += segLen;
            }
            r = segEnd;
        }
        if (w == 0 && absolute) {
            p[w++] = '/';
        }
        return w;
    }
}
