package dev.sluice.engine.applayer.dns;

/**
 * Flyweight over a DNS message header (RFC 1035 section 4.1.1), 12 bytes, big-endian:
 *
 * <pre>
 *   0                   1
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              ID               |  0
 *  |QR| OPCODE |AA|TC|RD|RA|Z|AD|CD| RCODE |  2  (flags)
 *  |            QDCOUNT            |  4
 *  |            ANCOUNT            |  6
 *  |            NSCOUNT            |  8
 *  |            ARCOUNT            | 10
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * {@link #wrap} points it at a message; the caller checked that {@link #LENGTH} bytes are there.
 */
public final class DnsHeader {
    public static final int ID = 0;
    public static final int FLAGS = 2;
    public static final int QDCOUNT = 4;
    public static final int ANCOUNT = 6;
    public static final int NSCOUNT = 8;
    public static final int ARCOUNT = 10;
    public static final int LENGTH = 12;

    public static final int FLAG_QR = 0x8000;
    public static final int FLAG_AA = 0x0400;
    public static final int FLAG_TC = 0x0200;
    public static final int FLAG_RD = 0x0100;
    public static final int FLAG_RA = 0x0080;
    public static final int FLAG_Z = 0x0040;

    private byte[] buf;
    private int off;

    public DnsHeader wrap(byte[] buf, int off) {
        this.buf = buf;
        this.off = off;
        return this;
    }

    private int u16(int at) {
        return (buf[off + at] & 0xff) << 8 | (buf[off + at + 1] & 0xff);
    }

    public int id() {
        return u16(ID);
    }

    public int flags() {
        return u16(FLAGS);
    }

    public boolean response() {
        return (flags() & FLAG_QR) != 0;
    }

    public int opcode() {
        return flags() >>> 11 & 0xf;
    }

    public int rcode() {
        return flags() & 0xf;
    }

    public int qdcount() {
        return u16(QDCOUNT);
    }

    public int ancount() {
        return u16(ANCOUNT);
    }

    public int nscount() {
        return u16(NSCOUNT);
    }

    public int arcount() {
        return u16(ARCOUNT);
    }
}
