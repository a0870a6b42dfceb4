package dev.sluice.signatures.transform;

import dev.sluice.signatures.RuleException;

import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A transform inflating the buffer (gunzip, zlib_deflate), at most {@code max-size} output bytes
 * (default 1024; Suricata allows up to 16 MiB, Sluice keeps at most {@link TransformScratch#MAX_INPUT}).
 * Corrupt or truncated data yields what inflated before the fault, possibly nothing.
 */
abstract class Decompress implements BufferTransform {
    static final int DEFAULT_MAX = 1024;
    static final int SUR_MAX = 16 << 20;

    private final int maxSize;
    private final String keyword;
    /** Raw deflate after a gzip header (true) or a zlib stream with its header and checksum (false). */
    private final boolean gzip;

    Decompress(int maxSize, String keyword, boolean gzip) {
        this.maxSize = Math.min(maxSize, TransformScratch.MAX_INPUT);
        this.keyword = keyword;
        this.gzip = gzip;
    }

    /** The max-size of a value: null, or "max-size N" with N in bytes, or with a kb/kib/mb/mib unit. */
    static int parseMaxSize(String keyword, String value) throws RuleException {
        if (value == null || value.isBlank()) {
            return DEFAULT_MAX;
        }
        String[] kv = value.trim().split("\\s+");
        if (kv.length != 2 || !kv[0].equals("max-size")) {
            throw new RuleException(keyword + ": expected 'max-size <bytes>', got '" + value.trim() + "'");
        }
        String v = kv[1].toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
            i++;
        }
        String unit = v.substring(i);
        long mult = switch (unit) {
            case "" -> 1;
            case "kb", "kib" -> 1024;
            case "mb", "mib" -> 1024 * 1024;
            default -> -1;
        };
        if (i == 0 || i > 9 || mult < 0) {
            throw new RuleException(keyword + ": bad max-size '" + kv[1] + "'");
        }
        long n = Long.parseLong(v.substring(0, i)) * mult;
        if (n < 1 || n > SUR_MAX) {
            throw new RuleException(keyword + ": max-size must be 1 to 16 MiB");
        }
        return (int) n;
    }

    @Override
    public int maxOutput(int len) {
        return maxSize;
    }

    @Override
    public int apply(byte[] in, int off, int len, byte[] out, TransformScratch scratch) {
        int start = gzip ? gzipHeaderEnd(in, off, len) : 0;
        if (start < 0) {
            return 0;
        }
        Inflater inf = scratch.inflater(gzip);
        inf.setInput(in, off + start, len - start);
        int n = 0;
        try {
            while (n < maxSize) {
                int got = inf.inflate(out, n, maxSize - n);
                if (got == 0) {
                    break; // finished, out of input, or wants a preset dictionary
                }
                n += got;
            }
        } catch (DataFormatException e) {
            // corrupt data: keep what inflated before the fault
        }
        return n;
    }

    /**
     * Length of the gzip member header at {@code in[off]} (RFC 1952: magic 1f 8b, method 8, flags,
     * mtime, xfl, os, then optional extra field, file name, comment, header crc), or -1.
     */
    private static int gzipHeaderEnd(byte[] in, int off, int len) {
        if (len < 10 || (in[off] & 0xff) != 0x1f || (in[off + 1] & 0xff) != 0x8b || in[off + 2] != 8) {
            return -1;
        }
        int flags = in[off + 3] & 0xff;
        int p = 10;
        if ((flags & 4) != 0) { // FEXTRA: 2-byte little-endian length, then the field
            if (p + 2 > len) {
                return -1;
            }
            p += 2 + ((in[off + p] & 0xff) | (in[off + p + 1] & 0xff) << 8);
        }
        for (int bit = 8; bit <= 16; bit <<= 1) { // FNAME (8), FCOMMENT (16): zero-terminated
            if ((flags & bit) != 0) {
                while (p < len && in[off + p] != 0) {
                    p++;
                }
                p++;
            }
        }
        if ((flags & 2) != 0) { // FHCRC
            p += 2;
        }
        return p <= len ? p : -1;
    }

    @Override
    public Prefilter prefilter() {
        return Prefilter.NONE;
    }

    @Override
    public String toString() {
        return keyword + ":max-size " + maxSize;
    }
}
