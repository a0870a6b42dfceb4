package dev.sluice.engine.applayer;

/**
 * Recognises a protocol from the first bytes one side of a flow sent: for TCP the start of the
 * direction's reassembled stream, for UDP one datagram. Must not throw and must not allocate.
 */
@FunctionalInterface
public interface AppProbe {
    /** Not this protocol. */
    int NO = 0;
    /** This protocol. */
    int MATCH = 1;
    /** Could be; ask again with more bytes (TCP only; a datagram is final). */
    int NEED_MORE = 2;

    /**
     * @param buf      the bytes
     * @param off      where the direction's first byte is
     * @param len      how many bytes are available
     * @param toServer direction of the bytes
     * @param tcp      true for stream data, false for a datagram
     * @param portHint true when one of the flow's ports is the protocol's usual one
     * @return {@link #NO}, {@link #MATCH} or {@link #NEED_MORE}
     */
    int probe(byte[] buf, int off, int len, boolean toServer, boolean tcp, boolean portHint);
}
