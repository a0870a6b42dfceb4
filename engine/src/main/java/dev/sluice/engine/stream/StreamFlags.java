package dev.sluice.engine.stream;

import java.util.StringJoiner;

/**
 * What {@link TcpStreamEngine#onPacket} did with one packet: a bit set of these constants. Some are
 * plain results (IN_ORDER), others are anomalies worth an event (OVERLAP_DIFFERENT_DATA,
 * OUT_OF_WINDOW). The engine counts every bit it returns, see {@link TcpStreamEngine#eventCount}.
 */
public final class StreamFlags {
    /** The packet's data continued the stream where it ended (contiguousEnd advanced). */
    public static final int IN_ORDER = 1;
    /** The packet's data starts beyond a gap; it is held until the gap fills. */
    public static final int OUT_OF_ORDER = 1 << 1;
    /** All of the packet's data had been received before (or was already discarded as inspected). */
    public static final int RETRANSMISSION = 1 << 2;
    /** Some of the packet's data overlaps data already held and differs from it. */
    public static final int OVERLAP_DIFFERENT_DATA = 1 << 3;
    /**
     * The stream keeps other bytes than this packet carries for some of its offsets (old data won an
     * overlap): a match on the packet's payload does not hold for the stream. Inline, the worker may
     * drop such a packet.
     */
    public static final int PACKET_DIFFERS = 1 << 4;
    /** The packet's sequence number lies outside the receiver's window; its data was not used. */
    public static final int OUT_OF_WINDOW = 1 << 5;
    /** The flow has no session: data without a handshake while midstream pick-up is off, or the session cap. */
    public static final int NO_SESSION = 1 << 6;
    /** Some of the packet's data lies beyond the reassembly depth and was not stored. */
    public static final int DEPTH_REACHED = 1 << 7;
    /** Some of the packet's data was not stored because the stream memcap was reached. */
    public static final int MEMCAP = 1 << 8;
    /** This packet created the session. */
    public static final int NEW_SESSION = 1 << 9;
    /** This packet completed the handshake (or established a midstream session). */
    public static final int ESTABLISHED = 1 << 10;
    /** A FIN in window: the sender's data ends at the FIN. */
    public static final int FIN = 1 << 11;
    /** A RST in window: the session is over. */
    public static final int RST = 1 << 12;
    /** A RST outside the window, ignored. */
    public static final int RST_INVALID = 1 << 13;
    /** Data at or beyond the sender's FIN, not stored. */
    public static final int AFTER_FIN = 1 << 14;
    /** The packet's data filled a gap: held out-of-order data became contiguous. */
    public static final int GAP_FILLED = 1 << 15;
    /** A SYN/ACK whose ACK does not acknowledge the SYN, or an ACK for data never sent; ignored. */
    public static final int BAD_ACK = 1 << 16;
    /** The TCP checksum is bad; the stream engine ignored the packet. */
    public static final int BAD_CHECKSUM = 1 << 17;

    /** A packet echoing a TCP timestamp its receiver never sent (forged); ignored. */
    public static final int BAD_TIMESTAMP = 1 << 18;

    /**
     * The receiver acknowledged data beyond a gap in the other direction: the missing bytes were
     * never captured; that direction's reassembly continued after the gap (see StreamDirection.gapEnd).
     */
    public static final int GAP_SKIPPED = 1 << 19;

    /**
     * With {@link #NO_SESSION}: the flow got no session because the session cap ({@code stream.memcap})
     * was reached; the worker applies {@code stream.memcap-policy}.
     */
    public static final int SESSION_MEMCAP = 1 << 20;

    /** Number of defined bits. */
    public static final int COUNT = 21;

    private static final String[] NAMES = {
        "in_order", "out_of_order", "retransmission", "overlap_different_data", "packet_differs",
        "out_of_window", "no_session", "depth_reached", "memcap", "new_session", "established", "fin",
        "rst", "rst_invalid", "after_fin", "gap_filled", "bad_ack", "bad_checksum", "bad_timestamp",
        "gap_skipped", "session_memcap",
    };

    private StreamFlags() {
    }

    /** Lower-case name of a single flag bit, e.g. {@code overlap_different_data}. */
    public static String name(int flag) {
        int b = Integer.numberOfTrailingZeros(flag);
        return b < COUNT && flag == 1 << b ? NAMES[b] : "0x" + Integer.toHexString(flag);
    }

    /** The names of the bits set in {@code flags}, comma separated; for logs and test messages. */
    public static String toString(int flags) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (int b = 0; b < COUNT; b++) {
            if ((flags & (1 << b)) != 0) {
                j.add(NAMES[b]);
            }
        }
        return j.toString();
    }
}
