package dev.sluice.engine.applayer.http;

import java.util.Arrays;

/**
 * The head of one HTTP message: its bytes as received (start line through the blank line, up to
 * {@link HttpConfig#maxHead}), the start line split in three, and the headers unfolded (obs-fold
 * continuations joined with a space), trimmed and merged by name (repeats joined with ", ", as
 * Suricata presents them). Filled by {@link HttpParser}; reused for later messages.
 */
final class HttpHead {
    /** The head as received. */
    byte[] raw = new byte[256];
    int rawLen;
    /** Length of the start line, without its line end. */
    int lineLen;
    /** Where the header lines start in {@link #raw}. */
    int headersOff;
    /** The start line's three parts (method, URI, protocol / protocol, code, message), -1 when absent. */
    final int[] partOff = new int[3];
    final int[] partLen = new int[3];
    boolean lineDone;
    boolean done;

    /** Unfolded names and values, back to back. */
    byte[] arena = new byte[256];
    int arenaLen;
    int count;
    int[] nameOff = new int[16];
    int[] nameLen = new int[16];
    int[] valueOff = new int[16];
    int[] valueLen = new int[16];

    // buffers derived on first use: http.header, http.header_names, http.request_header instances
    byte[] norm;
    int normLen = -1;
    byte[] names;
    int namesLen = -1;
    byte[] single;
    int[] singleOff;
    int singleBuilt = -1;

    /** Arrays grown past this by a big message are dropped when the head is reused (idle flows stay small). */
    private static final int KEEP = 8192;

    void reset() {
        if (raw.length > KEEP) {
            raw = new byte[256];
        }
        if (arena.length > KEEP) {
            arena = new byte[256];
        }
        if (norm != null && norm.length > KEEP) {
            norm = null;
        }
        if (single != null && single.length > KEEP) {
            single = null;
        }
        rawLen = lineLen = headersOff = arenaLen = count = 0;
        Arrays.fill(partOff, -1);
        Arrays.fill(partLen, 0);
        lineDone = done = false;
        normLen = namesLen = singleBuilt = -1;
    }

    void append(byte[] b, int off, int n) {
        if (rawLen + n > raw.length) {
            raw = Arrays.copyOf(raw, Math.max(rawLen + n, raw.length * 2));
        }
        System.arraycopy(b, off, raw, rawLen, n);
        rawLen += n;
    }

    /** Splits the start line {@code raw[0, lineLen)} at runs of spaces / tabs into at most three parts. */
    void splitLine() {
        int p = 0;
        int end = lineLen;
        for (int i = 0; i < 3; i++) {
            while (p < end && (raw[p] == ' ' || raw[p] == '\t')) {
                p++;
            }
            if (p >= end) {
                break;
            }
            int s = p;
            if (i < 2) {
                while (p < end && raw[p] != ' ' && raw[p] != '\t') {
                    p++;
                }
            } else {
                p = end;
                while (p > s && (raw[p - 1] == ' ' || raw[p - 1] == '\t')) {
                    p--;
                }
            }
            partOff[i] = s;
            partLen[i] = p - s;
        }
    }

    /** Parses the header lines of {@code raw[headersOff, rawLen)}; returns event bits. */
    int parseHeaders(int maxHeaders) {
        int events = 0;
        int p = headersOff;
        int end = rawLen;
        int current = -1; // header being built (for folded continuation lines)
        while (p < end) {
            int nl = p;
            while (nl < end && raw[nl] != '\n') {
                nl++;
            }
            int le = nl;
            if (le > p && raw[le - 1] == '\r') {
                le--;
            }
            int next = nl + 1;
            if (le == p) {
                break; // the blank line
            }
            if (raw[p] == ' ' || raw[p] == '\t') {
                events |= HttpEvents.FOLDED_HEADER;
                if (current >= 0) {
                    int s = trimStart(p, le);
                    int e = trimEnd(s, le);
                    if (e > s) {
                        appendValue(current, (byte) ' ', s, e);
                    }
                }
                p = next;
                continue;
            }
            int colon = p;
            while (colon < le && raw[colon] != ':') {
                colon++;
            }
            if (colon == le) {
                events |= HttpEvents.MISSING_COLON;
                current = -1;
                p = next;
                continue;
            }
            int ne = trimEnd(p, colon);
            int vs = trimStart(colon + 1, le);
            int ve = trimEnd(vs, le);
            int existing = find(raw, p, ne - p);
            if (existing >= 0) {
                events |= HttpEvents.DUPLICATE_HEADER;
                appendValue(existing, (byte) ',', vs, ve);
                current = existing;
            } else if (count < maxHeaders) {
                current = add(p, ne, vs, ve);
            } else {
                current = -1;
            }
            p = next;
        }
        return events;
    }

    private int trimStart(int s, int e) {
        while (s < e && (raw[s] == ' ' || raw[s] == '\t')) {
            s++;
        }
        return s;
    }

    private int trimEnd(int s, int e) {
        while (e > s && (raw[e - 1] == ' ' || raw[e - 1] == '\t')) {
            e--;
        }
        return e;
    }

    private int add(int ns, int ne, int vs, int ve) {
        if (count == nameOff.length) {
            int c = count * 2;
            nameOff = Arrays.copyOf(nameOff, c);
            nameLen = Arrays.copyOf(nameLen, c);
            valueOff = Arrays.copyOf(valueOff, c);
            valueLen = Arrays.copyOf(valueLen, c);
        }
        int i = count++;
        nameOff[i] = put(raw, ns, ne - ns);
        nameLen[i] = ne - ns;
        valueOff[i] = put(raw, vs, ve - vs);
        valueLen[i] = ve - vs;
        return i;
    }

    /** Appends {@code sep} (',' means ", ") and {@code raw[s, e)} to header {@code i}'s value (moved to the arena end). */
    private void appendValue(int i, byte sep, int s, int e) {
        int oldOff = valueOff[i];
        int oldLen = valueLen[i];
        int need = oldLen + 2 + (e - s);
        ensure(need);
        int at = arenaLen;
        System.arraycopy(arena, oldOff, arena, at, oldLen);
        int n = oldLen;
        if (sep == ',') {
            arena[at + n++] = ',';
            arena[at + n++] = ' ';
        } else if (oldLen > 0) {
            arena[at + n++] = ' ';
        }
        System.arraycopy(raw, s, arena, at + n, e - s);
        n += e - s;
        valueOff[i] = at;
        valueLen[i] = n;
        arenaLen += n;
    }

    private int put(byte[] b, int off, int n) {
        ensure(n);
        int at = arenaLen;
        System.arraycopy(b, off, arena, at, n);
        arenaLen += n;
        return at;
    }

    private void ensure(int n) {
        if (arenaLen + n > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arenaLen + n, arena.length * 2));
        }
    }

    /** Index of the header named {@code name[off, off+len)} (any case), -1 when absent. */
    int find(byte[] name, int off, int len) {
        for (int i = 0; i < count; i++) {
            if (nameLen[i] == len && equalsIgnoreCase(arena, nameOff[i], name, off, len)) {
                return i;
            }
        }
        return -1;
    }

    int find(byte[] lowerName) {
        return find(lowerName, 0, lowerName.length);
    }

    static boolean equalsIgnoreCase(byte[] a, int ao, byte[] b, int bo, int n) {
        for (int i = 0; i < n; i++) {
            int x = a[ao + i];
            int y = b[bo + i];
            if (x != y && lower(x) != lower(y)) {
                return false;
            }
        }
        return true;
    }

    static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /** http.header: "Name: value\r\n" per header, without {@code skip} (Cookie or Set-Cookie), then "\r\n". */
    void buildNorm(byte[] skip) {
        if (normLen >= 0) {
            return;
        }
        int need = 2;
        for (int i = 0; i < count; i++) {
            need += nameLen[i] + valueLen[i] + 4;
        }
        if (norm == null || norm.length < need) {
            norm = new byte[Math.max(need, 256)];
        }
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (nameLen[i] == skip.length && equalsIgnoreCase(arena, nameOff[i], skip, 0, skip.length)) {
                continue;
            }
            n = entry(norm, n, i);
            norm[n++] = '\r';
            norm[n++] = '\n';
        }
        norm[n++] = '\r';
        norm[n++] = '\n';
        normLen = n;
    }

    /** "Name: value" of header {@code i} into {@code out} at {@code n}; returns the new end. */
    private int entry(byte[] out, int n, int i) {
        System.arraycopy(arena, nameOff[i], out, n, nameLen[i]);
        n += nameLen[i];
        out[n++] = ':';
        out[n++] = ' ';
        System.arraycopy(arena, valueOff[i], out, n, valueLen[i]);
        return n + valueLen[i];
    }

    /** http.header_names: "\r\n", then "Name\r\n" per header, then "\r\n". */
    void buildNames() {
        if (namesLen >= 0) {
            return;
        }
        int need = 4;
        for (int i = 0; i < count; i++) {
            need += nameLen[i] + 2;
        }
        if (names == null || names.length < need) {
            names = new byte[Math.max(need, 64)];
        }
        int n = 0;
        names[n++] = '\r';
        names[n++] = '\n';
        for (int i = 0; i < count; i++) {
            System.arraycopy(arena, nameOff[i], names, n, nameLen[i]);
            n += nameLen[i];
            names[n++] = '\r';
            names[n++] = '\n';
        }
        names[n++] = '\r';
        names[n++] = '\n';
        namesLen = n;
    }

    /** The "Name: value" instances of http.request_header / http.response_header, back to back. */
    void buildSingles() {
        if (singleBuilt >= 0) {
            return;
        }
        int need = 0;
        for (int i = 0; i < count; i++) {
            need += nameLen[i] + valueLen[i] + 2;
        }
        if (single == null || single.length < need) {
            single = new byte[Math.max(need, 64)];
        }
        if (singleOff == null || singleOff.length < count + 1) {
            singleOff = new int[count + 1];
        }
        int n = 0;
        for (int i = 0; i < count; i++) {
            singleOff[i] = n;
            n = entry(single, n, i);
        }
        singleOff[count] = n;
        singleBuilt = count;
    }
}
