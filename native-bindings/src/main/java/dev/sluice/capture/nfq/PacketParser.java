package dev.sluice.capture.nfq;

import dev.sluice.capture.Frame;

import java.nio.ByteBuffer;

import static dev.sluice.capture.nfq.NfqWire.*;

/**
 * Reads one netlink message from the receive buffer: a queued packet (its attributes straight into a
 * {@link Frame}) or an error report for a verdict we sent. Never throws on bad input; a message that
 * does not hold together is reported as {@link #MALFORMED}. One per handle; not thread-safe.
 *
 * <pre>
 * NFQA_PACKET_HDR  value: packet_id be32 | hw_protocol be16 | hook u8      (7 bytes, packed)
 * NFQA_TIMESTAMP   value: sec be64 | usec be64
 * NFQA_CAP_LEN     value: original length be32 (present only when the payload was cut)
 * NFQA_MARK        value: nfmark be32 (present only when the mark is not 0)
 * NFQA_PAYLOAD     value: the packet from its IP header on
 * NLMSG_ERROR      body:  error s32 (negative errno, 0 = ack) | the offending nlmsghdr
 * </pre>
 */
final class PacketParser {
    static final int MALFORMED = -1;
    /** Anything we do not act on (acks, done, messages of other subsystems). */
    static final int OTHER = 0;
    static final int PACKET = 1;
    static final int ERROR = 2;

    private static final int PKT_HDR_LEN = 7;
    private static final int TIMESTAMP_LEN = 16;

    /** After {@link #ERROR}: the positive errno the kernel reported. */
    int errno;
    /** After {@link #PACKET}: the attribute walk stopped early; the frame holds what was read before. */
    boolean damaged;
    /** After {@link #PACKET}: the hook the packet was queued at, and its NFQA_SKB_INFO flags. */
    int hook;
    int skbInfo;

    /** Epoch nanoseconds minus {@link System#nanoTime()}, for packets that carry no timestamp. */
    private final long clockOffset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();

    /**
     * Reads the message of {@code len} bytes at {@code off} (the caller checked that it lies inside the
     * buffer and is at least a netlink header long).
     */
    int parse(ByteBuffer b, int off, int len, Frame frame) {
        int type = u16(b, off + OFF_TYPE);
        if (type == NLMSG_ERROR) {
            if (len < NLMSG_HDRLEN + 4) {
                return MALFORMED;
            }
            int err = b.getInt(off + NLMSG_HDRLEN);
            if (err == 0) {
                return OTHER;
            }
            errno = -err;
            return ERROR;
        }
        if (type != TYPE_PACKET) {
            return OTHER;
        }
        if (len < OFF_ATTRS) {
            return MALFORMED;
        }
        int end = off + len;
        int queue = be16(b, off + OFF_RES_ID);
        boolean haveId = false;
        boolean haveTs = false;
        boolean bad = false;
        int id = 0;
        int payloadOff = 0;
        int payloadLen = 0;
        int wireLen = -1;
        int mark = 0;
        long tsSec = 0;
        long tsUsec = 0;
        hook = -1;
        skbInfo = 0;
        int a = off + OFF_ATTRS;
        while (a + NLA_HDRLEN <= end) {
            int alen = u16(b, a);
            int atype = u16(b, a + 2) & NLA_TYPE_MASK;
            if (alen < NLA_HDRLEN || a + alen > end) {
                bad = true;
                break;
            }
            int v = a + NLA_HDRLEN;
            int vlen = alen - NLA_HDRLEN;
            switch (atype) {
                case NFQA_PACKET_HDR -> {
                    if (vlen >= PKT_HDR_LEN) {
                        id = be32(b, v);
                        hook = b.get(v + 6) & 0xff;
                        haveId = true;
                    } else {
                        bad = true;
                    }
                }
                case NFQA_PAYLOAD -> {
                    payloadOff = v;
                    payloadLen = vlen;
                }
                case NFQA_CAP_LEN -> {
                    if (vlen >= 4) {
                        wireLen = be32(b, v);
                    }
                }
                case NFQA_MARK -> {
                    if (vlen >= 4) {
                        mark = be32(b, v);
                    }
                }
                case NFQA_TIMESTAMP -> {
                    if (vlen >= TIMESTAMP_LEN) {
                        tsSec = be64(b, v);
                        tsUsec = be64(b, v + 8);
                        haveTs = true;
                    }
                }
                case NFQA_SKB_INFO -> {
                    if (vlen >= 4) {
                        skbInfo = be32(b, v);
                    }
                }
                default -> {
                }
            }
            a += align4(alen);
        }
        if (!haveId) {
            return MALFORMED;
        }
        frame.ensureCapacity(payloadLen);
        b.get(payloadOff, frame.data, 0, payloadLen);
        frame.length = payloadLen;
        frame.wireLength = wireLen >= payloadLen ? wireLen : payloadLen;
        frame.linkType = Frame.LINK_RAW;
        frame.id = id & 0xffffffffL;
        frame.queue = queue;
        frame.mark = mark;
        if (haveTs && tsUsec >= 0 && tsUsec < 1_000_000) {
            frame.tsSeconds = tsSec;
            frame.tsNanos = (int) tsUsec * 1000;
        } else {
            long now = clockOffset + System.nanoTime();
            frame.tsSeconds = Math.floorDiv(now, 1_000_000_000L);
            frame.tsNanos = (int) Math.floorMod(now, 1_000_000_000L);
        }
        damaged = bad;
        return PACKET;
    }
}
