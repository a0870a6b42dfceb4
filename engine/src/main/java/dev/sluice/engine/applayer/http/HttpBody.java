package dev.sluice.engine.applayer.http;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The inspected part of one message body: the first {@code limit} bytes after dechunking and, for a
 * gzip or deflate Content-Encoding, after decompression with {@link Inflater} (raw deflate or zlib,
 * whichever the first bytes say; gzip's header is read here). Decompression is bounded by the limit
 * and by a ratio to the compressed input, and a stream that fails to decompress keeps what it gave
 * with {@link HttpEvents#BAD_COMPRESSION}. Reused across transactions; {@link #reset} frees the
 * inflater's native memory.
 */
final class HttpBody {
    static final int NONE = 0;
    static final int GZIP = 1;
    static final int DEFLATE = 2;
    /** Longest gzip header accepted (optional name and comment fields included). */
    private static final int MAX_GZIP_HEADER = 1024;
    private static final byte[] EMPTY = new byte[0];

    byte[] data = EMPTY;
    int len;
    /** Body bytes received (before decompression). */
    long received;
    /** True when bytes were dropped at the limit. */
    boolean truncated;
    int events;

    private int limit;
    private long maxOut;
    private int coding;
    private Inflater inflater;
    private boolean failed;
    /** Bytes of a compressed stream's start gathered until its header is understood. */
    private byte[] head;
    private int headLen;

    void reset(int limit, int coding, int inflateRatio) {
        end();
        if (data.length > 8192) {
            data = EMPTY; // a big body's array is not kept for the next one
        }
        this.len = 0;
        this.received = 0;
        this.truncated = false;
        this.events = 0;
        this.limit = limit;
        this.coding = coding;
        this.failed = false;
        this.headLen = 0;
        this.maxOut = inflateRatio;
    }

    /** Adds body bytes {@code b[off, off+n)}. */
    void append(byte[] b, int off, int n) {
        if (n <= 0) {
            return;
        }
        received += n;
        if (coding == NONE) {
            keep(b, off, n);
            return;
        }
        if (failed || len >= limit) {
            truncated |= len >= limit;
            return;
        }
        if (inflater == null) {
            // gather the start of the stream until the kind of deflate data is known
            if (head == null) {
                head = new byte[MAX_GZIP_HEADER];
            }
            int take = Math.min(n, MAX_GZIP_HEADER - headLen);
            System.arraycopy(b, off, head, headLen, take);
            headLen += take;
            int start = coding == GZIP ? gzipHeader(head, headLen) : (headLen >= 2 ? 0 : -1);
            if (start == -2 || (start == -1 && headLen == MAX_GZIP_HEADER)) {
                // labelled compressed but is not: inspect the bytes as they are
                events |= HttpEvents.BAD_COMPRESSION;
                coding = NONE;
                keep(head, 0, headLen);
                keep(b, off + take, n - take);
                return;
            }
            if (start == -1) {
                return;
            }
            boolean zlib = coding == DEFLATE && ((head[0] & 0x0f) == 8) && ((head[0] & 0xff) << 8 | (head[1] & 0xff)) % 31 == 0;
            inflater = new Inflater(!zlib);
            inflate(head, start, headLen - start);
            inflate(b, off + take, n - take);
            return;
        }
        inflate(b, off, n);
    }

    private void inflate(byte[] b, int off, int n) {
        if (n <= 0 || failed || inflater.finished()) {
            return;
        }
        inflater.setInput(b, off, n);
        try {
            while (len < limit && !inflater.finished() && !inflater.needsInput()) {
                if (len == data.length) {
                    grow(len + 1);
                }
                int k = inflater.inflate(data, len, Math.min(data.length, limit) - len);
                len += k;
                if (k == 0) {
                    if (inflater.needsDictionary()) {
                        fail();
                        return;
                    }
                    break; // nothing more from this input
                }
                if (len > maxOut * Math.max(1024, inflater.getBytesRead())) {
                    truncated = true; // a decompression bomb: stop here
                    end();
                    failed = true;
                    return;
                }
            }
            if (len >= limit && !inflater.finished()) {
                truncated = true;
            }
        } catch (DataFormatException e) {
            fail();
        }
    }

    private void fail() {
        events |= HttpEvents.BAD_COMPRESSION;
        failed = true;
        end();
    }

    /**
     * Length of the gzip header at the start of {@code h[0, n)} (RFC 1952): -1 when more bytes are
     * needed, -2 when it is no gzip header.
     */
    static int gzipHeader(byte[] h, int n) {
        if (n < 10) {
            return n >= 1 && (h[0] & 0xff) != 0x1f || n >= 2 && (h[1] & 0xff) != 0x8b ? -2 : -1;
        }
        if ((h[0] & 0xff) != 0x1f || (h[1] & 0xff) != 0x8b || h[2] != 8) {
            return -2;
        }
        int flg = h[3] & 0xff;
        int p = 10;
        if ((flg & 4) != 0) { // FEXTRA
            if (p + 2 > n) {
                return -1;
            }
            p += 2 + ((h[p] & 0xff) | (h[p + 1] & 0xff) << 8);
        }
        for (int bit = 8; bit <= 16; bit <<= 1) { // FNAME, FCOMMENT: zero-terminated
            if ((flg & bit) != 0) {
                while (p < n && h[p] != 0) {
                    p++;
                }
                if (p >= n) {
                    return -1;
                }
                p++;
            }
        }
        if ((flg & 2) != 0) { // FHCRC
            p += 2;
        }
        return p <= n ? p : -1;
    }

    private void keep(byte[] b, int off, int n) {
        int room = limit - len;
        if (room <= 0) {
            truncated = true;
            return;
        }
        int take = Math.min(room, n);
        if (len + take > data.length) {
            grow(len + take);
        }
        System.arraycopy(b, off, data, len, take);
        len += take;
        truncated |= take < n;
    }

    private void grow(int need) {
        int cap = Math.max(need, Math.max(256, data.length * 2));
        data = Arrays.copyOf(data, Math.min(Math.max(cap, need), Math.max(limit, need)));
    }

    /** Frees the inflater (native memory). */
    void end() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }
}
