package dev.sluice.signatures.transform;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Matcher;
import java.util.zip.Inflater;

/**
 * Per-worker scratch of the transforms: two output arrays a chain alternates between (each step
 * reads one and writes the other), the result of the last chain run, and the worker's message
 * digests, inflaters and pcrexform matchers. Arrays grow during warm-up up to {@link #MAX_INPUT} plus a few
 * bytes and are then reused. Owned by one worker thread.
 */
public final class TransformScratch {
    /** A chain transforms at most this many leading bytes of a buffer. */
    public static final int MAX_INPUT = 1 << 20;

    private byte[] a = new byte[2048];
    private byte[] b = new byte[2048];
    /** Which array the next step writes: a when true. */
    private boolean nextIsA;
    private byte[] result = a;
    private final ByteView chars = new ByteView();
    private Matcher[] matchers = new Matcher[8];
    private MessageDigest md5;
    private MessageDigest sha1;
    private MessageDigest sha256;
    /** Inflaters for raw deflate (gunzip, after its header) and zlib streams, reset for each use. */
    private Inflater rawInflater;
    private Inflater zlibInflater;

    /** The bytes the last {@link TransformChain#run} produced (its return value is their length). */
    public byte[] result() {
        return result;
    }

    void startChain() {
        nextIsA = true;
    }

    /** The array the next chain step writes, at least {@code n} bytes long; not the one it reads. */
    byte[] nextOutput(int n) {
        byte[] out = nextIsA ? a : b;
        if (out.length < n) {
            out = new byte[Math.max(n, Math.min(out.length * 2, MAX_INPUT + 64))];
            if (nextIsA) {
                a = out;
            } else {
                b = out;
            }
        }
        nextIsA = !nextIsA;
        return out;
    }

    void setResult(byte[] r) {
        result = r;
    }

    MessageDigest digest(String algorithm) {
        try {
            switch (algorithm) {
                case "MD5":
                    return md5 != null ? md5 : (md5 = MessageDigest.getInstance(algorithm));
                case "SHA-1":
                    return sha1 != null ? sha1 : (sha1 = MessageDigest.getInstance(algorithm));
                default:
                    return sha256 != null ? sha256 : (sha256 = MessageDigest.getInstance(algorithm));
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e); // every JDK has these three
        }
    }

    /** This worker's inflater, reset: raw deflate when {@code raw}, else zlib. */
    Inflater inflater(boolean raw) {
        Inflater i = raw ? rawInflater : zlibInflater;
        if (i == null) {
            i = new Inflater(raw);
            if (raw) {
                rawInflater = i;
            } else {
                zlibInflater = i;
            }
        } else {
            i.reset();
        }
        return i;
    }

    /** This worker's matcher for a pcrexform, reset onto {@code in[off, off+len)}. */
    Matcher matcher(PcreXform p, byte[] in, int off, int len) {
        chars.set(in, off, len);
        int id = p.id;
        if (id >= matchers.length) {
            matchers = java.util.Arrays.copyOf(matchers, Math.max(id + 1, matchers.length * 2));
        }
        Matcher m = matchers[id];
        if (m == null) {
            m = p.pattern.matcher(chars);
            matchers[id] = m;
        } else {
            m.reset(chars);
        }
        return m;
    }
}
