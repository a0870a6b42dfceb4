package dev.sluice.signatures.match;

/** A payload item the inspector runs as one step, without a retry loop of its own. */
interface Step extends PayloadItem {
    int MATCH = 1;
    int NO_MATCH = 0;
    /** No match, and no other occurrence of an earlier content can help: give up the buffer. */
    int STOP = -1;

    /**
     * Runs the item over {@code buf[off, off+len)}; may move {@link DetectContext#cursor}.
     *
     * @return {@link #MATCH}, {@link #NO_MATCH} or {@link #STOP}
     */
    int eval(byte[] buf, int off, int len, DetectContext ctx);
}
