package dev.sluice.engine.verdict;

import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.Packet;
import dev.sluice.signatures.Action;

/**
 * What a worker does, inline, for a packet that a reject rule dropped: builds the answers
 * ({@link RejectBuilder}) that the rule's action asks for and hands them to a {@link Sender} (a raw
 * socket in production). reject and rejectsrc answer the packet's source, rejectdst its destination,
 * rejectboth both. Only the packet that matched is answered; the later packets of its flow are
 * dropped silently.
 *
 * <p>The answers carry {@link #mark()} as their nfmark, so when netfilter queues them back to us
 * (an NFQUEUE rule on OUTPUT, or on INPUT for an answer to a local address), {@link #isOwn(Frame)}
 * recognises them and the worker lets them through uninspected.
 *
 * <p>Counters are written by the worker thread only and may be read, slightly stale, by others.
 * One per worker; not thread-safe.
 */
public final class Rejecter {
    /** Sends one complete IP packet; returns the bytes sent or a negative errno. Never throws. */
    @FunctionalInterface
    public interface Sender {
        int send(byte[] packet, int off, int len);
    }

    private final Sender sender;
    private final int mark;
    private final RejectBuilder builder = new RejectBuilder();

    /** Answers sent. */
    public long sent;
    /** Answers the sender refused; {@link #lastError} holds the last negative errno. */
    public long failed;
    public int lastError;
    /** Reject matches that got no answer (a reset, an ICMP error, a fragment, multicast, a tunnel). */
    public long skipped;
    /** Our own answers that came back through the queue and were let through. */
    public long returned;

    /**
     * @param sender where the answers go
     * @param mark   nfmark the sender puts on what it sends (0: none, nothing is recognised as ours)
     */
    public Rejecter(Sender sender, int mark) {
        this.sender = sender;
        this.mark = mark;
    }

    public int mark() {
        return mark;
    }

    /** True when {@code f} carries our mark: one of our answers, queued back to us. Counts it. */
    public boolean isOwn(Frame f) {
        if (mark == 0 || f.mark != mark) {
            return false;
        }
        returned++;
        return true;
    }

    /**
     * Answers {@code p} as {@code action} asks; does nothing for actions other than the reject
     * family. Never throws.
     */
    public void reject(Action action, Packet p) {
        boolean toSource;
        boolean toDestination;
        switch (action) {
            case REJECT, REJECTSRC -> {
                toSource = true;
                toDestination = false;
            }
            case REJECTDST -> {
                toSource = false;
                toDestination = true;
            }
            case REJECTBOTH -> {
                toSource = true;
                toDestination = true;
            }
            default -> {
                return;
            }
        }
        // Only a packet whose IP header starts the frame (what NFQUEUE hands over, or a datagram
        // the defragmenter rebuilt): a tunnelled packet's inner addresses are not ours to answer.
        if (p.ipVersion == 0 || p.ipOffset != 0) {
            skipped++;
            return;
        }
        boolean any = false;
        if (toSource) {
            any = send(p, true);
        }
        if (toDestination) {
            any |= send(p, false);
        }
        if (!any) {
            skipped++;
        }
    }

    /** Builds and sends one answer; false when {@code p} gets none in that direction. */
    private boolean send(Packet p, boolean toSource) {
        int len = p.isTcp() ? builder.tcpReset(p, toSource) : builder.icmpUnreachable(p, toSource);
        if (len == 0) {
            return false;
        }
        int r = sender.send(builder.buffer(), 0, len);
        if (r < 0) {
            failed++;
            lastError = r;
        } else {
            sent++;
        }
        return true;
    }
}
