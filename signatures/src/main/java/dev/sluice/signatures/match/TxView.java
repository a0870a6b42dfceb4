package dev.sluice.signatures.match;

/**
 * One application-layer transaction as rules see it (a DNS message, later an HTTP request and its
 * response): its buffers and its integer fields. Implemented by the engine's parsers; read on the
 * worker thread that owns the flow, while the engine inspects the transaction.
 */
public interface TxView {
    /**
     * Points {@link DetectContext#appBuf}, {@link DetectContext#appOff} and
     * {@link DetectContext#appLen} at instance {@code index} (0-based) of buffer {@code b}. Returns
     * false when the transaction has no such instance (no buffer of that kind, or fewer instances).
     */
    boolean buffer(Buffer b, int index, DetectContext ctx);

    /** Value {@code index} (0-based) of an integer field, or -1 when there is no such value. */
    long field(TxField f, int index);
}
