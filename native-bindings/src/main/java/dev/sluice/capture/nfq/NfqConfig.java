package dev.sluice.capture.nfq;

/**
 * How to set up one NFQUEUE queue. Packets are always copied whole up to {@code snapLength}.
 *
 * @param queue          queue number, 0..65535 (iptables {@code --queue-num})
 * @param snapLength     bytes of each packet copied to us, 1..65531 (the kernel's limit)
 * @param maxLength      packets the kernel holds for us before it stops queueing (nfq_set_queue_maxlen)
 * @param failOpen       when the queue is full, the kernel accepts packets instead of dropping them
 * @param gso            the kernel hands over GSO super-packets unsegmented (fewer, larger packets;
 *                       their checksums may not be filled in yet)
 * @param receiveBuffer  socket receive buffer in bytes (SO_RCVBUFFORCE, else SO_RCVBUF)
 * @param noEnobufs      NETLINK_NO_ENOBUFS: a full socket buffer is not reported as a receive error
 *                       (the kernel still counts the packets it could not send, see
 *                       {@link NfqueueHandle#kernelStats()})
 * @param batchSize      verdicts gathered before they are sent in one go
 * @param defaultMark    mark set by a REPEAT verdict whose caller passes mark 0 (0: leave the mark);
 *                       a REPEAT must change the mark, or the packet meets the same NFQUEUE rule again
 */
public record NfqConfig(int queue, int snapLength, int maxLength, boolean failOpen, boolean gso,
                        int receiveBuffer, boolean noEnobufs, int batchSize, int defaultMark) {
    public static final int DEFAULT_SNAP_LENGTH = 65_535;
    public static final int DEFAULT_MAX_LENGTH = 4096;
    public static final int DEFAULT_RECEIVE_BUFFER = 8 << 20;
    public static final int DEFAULT_BATCH_SIZE = 64;

    public NfqConfig {
        if (queue < 0 || queue > 65_535) {
            throw new IllegalArgumentException("queue number must be 0..65535, got " + queue);
        }
        if (snapLength < 1) {
            throw new IllegalArgumentException("snap length must be positive, got " + snapLength);
        }
        snapLength = Math.min(snapLength, NfqWire.MAX_COPY_RANGE);
        if (maxLength < 1) {
            throw new IllegalArgumentException("queue max length must be positive, got " + maxLength);
        }
        if (receiveBuffer < 0) {
            throw new IllegalArgumentException("receive buffer must not be negative, got " + receiveBuffer);
        }
        if (batchSize < 1 || batchSize > 65_536) {
            throw new IllegalArgumentException("verdict batch size must be 1..65536, got " + batchSize);
        }
    }

    /** The defaults for one queue: whole packets, 4096 queued, fail-open, GSO, 8 MiB buffer, batches of 64. */
    public static NfqConfig of(int queue) {
        return new NfqConfig(queue, DEFAULT_SNAP_LENGTH, DEFAULT_MAX_LENGTH, true, true,
                DEFAULT_RECEIVE_BUFFER, true, DEFAULT_BATCH_SIZE, 0);
    }

    public NfqConfig withSnapLength(int n) {
        return new NfqConfig(queue, n, maxLength, failOpen, gso, receiveBuffer, noEnobufs, batchSize, defaultMark);
    }

    public NfqConfig withMaxLength(int n) {
        return new NfqConfig(queue, snapLength, n, failOpen, gso, receiveBuffer, noEnobufs, batchSize, defaultMark);
    }

    public NfqConfig withFailOpen(boolean on) {
        return new NfqConfig(queue, snapLength, maxLength, on, gso, receiveBuffer, noEnobufs, batchSize, defaultMark);
    }

    public NfqConfig withGso(boolean on) {
        return new NfqConfig(queue, snapLength, maxLength, failOpen, on, receiveBuffer, noEnobufs, batchSize, defaultMark);
    }

    public NfqConfig withReceiveBuffer(int bytes) {
        return new NfqConfig(queue, snapLength, maxLength, failOpen, gso, bytes, noEnobufs, batchSize, defaultMark);
    }

    public NfqConfig withNoEnobufs(boolean on) {
        return new NfqConfig(queue, snapLength, maxLength, failOpen, gso, receiveBuffer, on, batchSize, defaultMark);
    }

    public NfqConfig withBatchSize(int n) {
        return new NfqConfig(queue, snapLength, maxLength, failOpen, gso, receiveBuffer, noEnobufs, n, defaultMark);
    }

    public NfqConfig withDefaultMark(int mark) {
        return new NfqConfig(queue, snapLength, maxLength, failOpen, gso, receiveBuffer, noEnobufs, batchSize, mark);
    }
}
