package dev.sluice.capture;

import java.io.IOException;

/** A stream of frames: a capture file, or a kernel queue. One worker thread reads a source. */
public interface PacketSource extends AutoCloseable {
    /**
     * Fills {@code frame} with the next packet.
     *
     * @return false at the end of the source (end of file, or the source was stopped)
     * @throws IOException when the source cannot be read; the message says where and why
     */
    boolean next(Frame frame) throws IOException;

    /** True when frames from this source wait for a verdict (NFQUEUE) rather than being replayed. */
    default boolean inline() {
        return false;
    }

    @Override
    void close() throws IOException;
}
