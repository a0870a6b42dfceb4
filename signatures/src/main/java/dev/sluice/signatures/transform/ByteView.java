package dev.sluice.signatures.transform;

import java.nio.charset.StandardCharsets;

/**
 * A reusable character view of a byte range (one char per byte, ISO-8859-1) for java.util.regex,
 * with a read budget so that a backtracking pcrexform cannot stall a worker.
 */
final class ByteView implements CharSequence {
    /** Thrown (shared, no stack trace) when a regex reads more characters than its budget. */
    static final RuntimeException BUDGET_EXCEEDED = new RuntimeException("pcrexform match limit", null, false, false) {
    };

    private byte[] buf = new byte[0];
    private int off;
    private int len;
    private long budget;

    void set(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.budget = 200_000L + 200L * len;
    }

    @Override
    public int length() {
        return len;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= len) {
            throw new IndexOutOfBoundsException(index);
        }
        if (--budget < 0) {
            throw BUDGET_EXCEEDED;
        }
        return (char) (buf[off + index] & 0xff);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new String(buf, off + start, end - start, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return new String(buf, off, len, StandardCharsets.ISO_8859_1);
    }
}
