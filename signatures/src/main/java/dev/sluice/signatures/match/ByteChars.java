package dev.sluice.signatures.match;

/**
 * A reusable read-only character view of a byte range, one char per byte (ISO-8859-1), so that
 * java.util.regex can run over packet bytes without building a String. Re-pointed with
 * {@link #set} for each use; owned by one worker.
 */
final class ByteChars implements CharSequence {
    /**
     * Thrown (one shared instance, no stack trace) when a regex reads more characters than its
     * budget: the analogue of PCRE's match limit, so a backtracking pattern cannot stall a worker.
     */
    static final RuntimeException BUDGET_EXCEEDED = new RuntimeException("pcre match limit", null, false, false) {
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

    /** Copies (only regex group extraction and debugging call this, never the match loop). */
    @Override
    public CharSequence subSequence(int start, int end) {
        return new String(buf, off + start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return new String(buf, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
