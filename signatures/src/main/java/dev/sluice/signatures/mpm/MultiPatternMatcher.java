package dev.sluice.signatures.mpm;

/**
 * A compiled, immutable set of literals. Shared by all workers; each worker scans through its own
 * {@link Scanner}.
 */
public interface MultiPatternMatcher extends AutoCloseable {

    /**
     * A new scanner for the calling worker. The scanner is not thread-safe: one thread uses it.
     *
     * @throws IllegalStateException if this matcher is closed
     */
    Scanner newScanner();

    /** Number of literals the set was built from. */
    int patternCount();

    /** The engine behind this set: {@code "hyperscan"} or {@code "java"}. */
    String algorithm();

    /**
     * Releases the compiled set. Scanners already handed out keep working until they are closed
     * themselves; native memory goes when the last one is. Safe to call more than once.
     */
    @Override
    void close();
}
