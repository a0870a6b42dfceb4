package dev.sluice.signatures.mpm;

/**
 * One worker's handle on a {@link MultiPatternMatcher}: owns the per-scan state, is reused for every
 * buffer and allocates nothing per scan. Used by a single thread only.
 */
public interface Scanner extends AutoCloseable {

    /**
     * Scans {@code buf[off, off+len)} and returns how many distinct pattern ids occur in it; the ids
     * are the first that many entries of {@link #hits()}. Each id is counted once however often its
     * literals occur.
     *
     * @throws IndexOutOfBoundsException if the slice is not inside {@code buf}
     * @throws IllegalStateException     if this scanner is closed
     */
    int scan(byte[] buf, int off, int len);

    /**
     * The ids found by the last scan, in no particular order, in the first {@code n} entries where
     * {@code n} is what that scan returned. This is the scanner's own array: it is overwritten by the
     * next scan and must not be modified.
     */
    int[] hits();

    /** Total bytes this scanner has been asked to scan. */
    long bytesScanned();

    /** Number of scans this scanner has run. */
    long scanCount();

    /** Scans its own engine failed and a slower one of the same literals did instead (Hyperscan only). */
    default long fallbackScans() {
        return 0;
    }

    /** Frees this scanner's state. Safe to call more than once. */
    @Override
    void close();
}
