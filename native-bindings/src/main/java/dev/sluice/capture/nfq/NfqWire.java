package dev.sluice.capture.nfq;

import java.nio.ByteBuffer;

/**
 * Layouts and numbers of the netlink messages a queue exchanges with the kernel.
 *
 * <pre>
 * nlmsghdr (16, host order)      nfgenmsg (4)                     attributes, each 4-aligned
 * +-------+------+-------+-----+-----+------+-------+---------+  +--------+--------+--------+
 * |len u32|type  |flags  |seq  |pid  |family|version|res_id be|  |len u16 |type u16| value  |
 * |       |u16   |u16    |u32  |u32  |u8    |u8     |16=queue |  |(hdr+val)|        | ...    |
 * +-------+------+-------+-----+-----+------+-------+---------+  +--------+--------+--------+
 * 0       4      6       8     12    16     17      18         20
 * </pre>
 *
 * The netlink header and attribute headers are in host order; the NFQUEUE values inside the
 * attributes (packet id, verdict, mark, lengths, timestamps) are big-endian.
 */
final class NfqWire {
    static final int NLMSG_HDRLEN = 16;
    static final int OFF_LEN = 0;
    static final int OFF_TYPE = 4;
    static final int OFF_FLAGS = 6;
    static final int OFF_SEQ = 8;
    static final int OFF_PID = 12;
    static final int OFF_FAMILY = 16;
    static final int OFF_VERSION = 17;
    static final int OFF_RES_ID = 18;
    /** First attribute of an nfnetlink message. */
    static final int OFF_ATTRS = 20;
    static final int NLA_HDRLEN = 4;
    /** Attribute type bits that are flags, not the type. */
    static final int NLA_TYPE_MASK = 0x3fff;

    static final int NLMSG_NOOP = 1;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int NLM_F_REQUEST = 1;

    static final int NFNL_SUBSYS_QUEUE = 3;
    static final int NFQNL_MSG_PACKET = 0;
    static final int NFQNL_MSG_VERDICT = 1;
    static final int NFQNL_MSG_VERDICT_BATCH = 3;
    static final int TYPE_PACKET = NFNL_SUBSYS_QUEUE << 8 | NFQNL_MSG_PACKET;
    static final int TYPE_VERDICT = NFNL_SUBSYS_QUEUE << 8 | NFQNL_MSG_VERDICT;
    static final int TYPE_VERDICT_BATCH = NFNL_SUBSYS_QUEUE << 8 | NFQNL_MSG_VERDICT_BATCH;

    static final int NFQA_PACKET_HDR = 1;
    static final int NFQA_VERDICT_HDR = 2;
    static final int NFQA_MARK = 3;
    static final int NFQA_TIMESTAMP = 4;
    static final int NFQA_PAYLOAD = 10;
    static final int NFQA_CAP_LEN = 13;
    static final int NFQA_SKB_INFO = 14;

    static final int NFQNL_COPY_PACKET = 2;
    static final int NFQA_CFG_F_FAIL_OPEN = 1;
    static final int NFQA_CFG_F_GSO = 1 << 2;
    /** Largest copy range the kernel accepts: the payload attribute's 16-bit length less its header. */
    static final int MAX_COPY_RANGE = 0xffff - NLA_HDRLEN;

    static final int NF_DROP = 0;
    static final int NF_ACCEPT = 1;
    static final int NF_REPEAT = 4;

    static final int AF_INET = 2;
    static final int AF_UNSPEC = 0;

    /** A verdict message: header, nfgenmsg, verdict attribute (12), mark attribute (8). */
    static final int VERDICT_MSG_MAX = OFF_ATTRS + 12 + 8;

    private NfqWire() {
    }

    static int align4(int n) {
        return (n + 3) & ~3;
    }

    static int u16(ByteBuffer b, int off) {
        return b.getShort(off) & 0xffff;
    }

    static int be16(ByteBuffer b, int off) {
        short v = b.getShort(off);
        return (b.order() == java.nio.ByteOrder.BIG_ENDIAN ? v : Short.reverseBytes(v)) & 0xffff;
    }

    /** Reads a big-endian 32-bit value from a host-order buffer. */
    static int be32(ByteBuffer b, int off) {
        int v = b.getInt(off);
        return b.order() == java.nio.ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v);
    }

    static long be64(ByteBuffer b, int off) {
        long v = b.getLong(off);
        return b.order() == java.nio.ByteOrder.BIG_ENDIAN ? v : Long.reverseBytes(v);
    }

    static void putBe32(ByteBuffer b, int off, int v) {
        b.putInt(off, b.order() == java.nio.ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v));
    }

    static void putBe16(ByteBuffer b, int off, int v) {
        short s = (short) v;
        b.putShort(off, b.order() == java.nio.ByteOrder.BIG_ENDIAN ? s : Short.reverseBytes(s));
    }
}
