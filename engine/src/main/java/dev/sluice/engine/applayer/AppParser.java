package dev.sluice.engine.applayer;

/**
 * One flow's parser of one application protocol. It receives each direction's bytes in order and
 * once ({@link #onStream}) with losses announced ({@link #onGap}), or whole datagrams
 * ({@link #onDatagram}), and hands every transaction it creates or completes to the sink during that
 * call. Bad input never throws: the parser raises an event on the transaction (or the flow) and
 * resynchronises or stops. Owned by the worker that owns the flow.
 */
public interface AppParser {
    /** In-order stream bytes of one direction, {@code buf[off, off+len)}; valid only during the call. */
    void onStream(boolean toServer, byte[] buf, int off, int len, TxSink out);

    /** {@code bytes} bytes of one direction were lost before the next {@link #onStream} data. */
    void onGap(boolean toServer, long bytes);

    /**
     * The direction's stream ended (its FIN or a RST was reached in order) after all its bytes were
     * handed over: a message still open (HTTP headers without their blank line, a body read until
     * the close) is complete now. Called once per direction.
     */
    default void onEof(boolean toServer, TxSink out) {
    }

    /** One UDP datagram's payload; valid only during the call. */
    void onDatagram(boolean toServer, byte[] buf, int off, int len, TxSink out);

    /** Parser-level events (bits of the protocol's event set) not tied to a transaction. */
    int events();

    /** The flow ended; drop any state. */
    default void close() {
    }

    /** Where parsers put the transactions of the current packet. */
    interface TxSink {
        /** A transaction was created or updated by the current packet: detection inspects it once. */
        void add(AppTx tx);
    }
}
