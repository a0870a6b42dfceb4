package dev.sluice.engine.applayer.dns;

import dev.sluice.engine.applayer.AppProbe;

/**
 * Recognises DNS: a header with a known opcode and at least one question, whose first question is a
 * well-formed, uncompressed name followed by its type and class. Away from port 53 the whole message
 * must parse: every counted question and record present, nothing left over. Over TCP each message
 * carries a 2-byte length first (RFC 7766). No allocation.
 */
public final class DnsProbe implements AppProbe {
    /** Questions a plausible message has at most. */
    static final int MAX_QUESTIONS = 16;
    /** Smallest resource record: root name, type, class, ttl, rdlength. */
    static final int MIN_RECORD = 11;

    private final DnsNames names = new DnsNames();

    @Override
    public int probe(byte[] buf, int off, int len, boolean toServer, boolean tcp, boolean portHint) {
        if (tcp) {
            if (len < 2) {
                return NEED_MORE;
            }
            int mlen = (buf[off] & 0xff) << 8 | (buf[off + 1] & 0xff);
            if (mlen < DnsHeader.LENGTH + 5) {
                return NO;
            }
            int have = Math.min(len - 2, mlen);
            int r = check(buf, off + 2, have, mlen, portHint);
            return r == NEED_MORE && have == mlen ? NO : r;
        }
        return check(buf, off, len, len, portHint) == MATCH ? MATCH : NO;
    }

    /**
     * Checks the message whose first {@code have} of {@code mlen} bytes are at {@code off}: MATCH,
     * NO, or NEED_MORE when the verdict needs bytes not there yet.
     */
    int check(byte[] buf, int off, int have, int mlen, boolean portHint) {
        if (have < DnsHeader.LENGTH) {
            return mlen < DnsHeader.LENGTH ? NO : NEED_MORE;
        }
        int flags = u16(buf, off + DnsHeader.FLAGS);
        int opcode = flags >>> 11 & 0xf;
        if (opcode == 3 || opcode > 6) {
            return NO;
        }
        int qd = u16(buf, off + DnsHeader.QDCOUNT);
        int records = u16(buf, off + DnsHeader.ANCOUNT) + u16(buf, off + DnsHeader.NSCOUNT)
                + u16(buf, off + DnsHeader.ARCOUNT);
        if (qd == 0 || qd > MAX_QUESTIONS || (long) qd * 5 + (long) records * MIN_RECORD > mlen - DnsHeader.LENGTH) {
            return NO;
        }
        // the first question: plain labels (nothing earlier to point to), then type and class
        int p = DnsHeader.LENGTH;
        while (true) {
            if (p >= have) {
                return have < mlen ? NEED_MORE : NO;
            }
            int b = buf[off + p] & 0xff;
            if (b == 0) {
                p++;
                break;
            }
            if (b > 63) {
                return NO;
            }
            p += 1 + b;
        }
        if (p + 4 > mlen) {
            return NO;
        }
        if (portHint) {
            return p + 4 <= have ? MATCH : NEED_MORE;
        }
        if (have < mlen) {
            return NEED_MORE;
        }
        // away from port 53: every section must parse and fill the message exactly
        p = DnsHeader.LENGTH;
        for (int i = 0; i < qd; i++) {
            if (!names.read(buf, off, mlen, p, null, 0) || names.end + 4 > mlen) {
                return NO;
            }
            p = names.end + 4;
        }
        for (int i = 0; i < records; i++) {
            if (!names.read(buf, off, mlen, p, null, 0) || names.end + 10 > mlen) {
                return NO;
            }
            p = names.end + 10 + u16(buf, off + names.end + 8);
            if (p > mlen) {
                return NO;
            }
        }
        return p == mlen ? MATCH : NO;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }
}
