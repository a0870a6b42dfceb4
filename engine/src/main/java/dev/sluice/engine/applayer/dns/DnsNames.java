package dev.sluice.engine.applayer.dns;

/**
 * Reads (possibly compressed) domain names from a DNS message and writes them dotted, without the
 * trailing dot ({@code mail.google.com}), as Suricata presents them. Safe on hostile input: every
 * compression pointer must point strictly before the lowest offset the name has read so far, so the
 * walk always ends; a pointer or label past the message end, a reserved label type, or a pointer
 * that breaks the rule stops the name with an event. Allocates nothing; one per parser.
 */
public final class DnsNames {
    /** Longest name kept (bytes, dotted); longer names are truncated with {@link DnsEvents#NAME_TOO_LONG}. */
    public static final int MAX_NAME = 255;
    /** Compression jumps followed at most within one name (the offset rule already bounds them). */
    static final int MAX_JUMPS = 128;

    /** After a successful {@link #read}: offset just after the name where it sits in the message. */
    public int end;
    /** After {@link #read}: bytes written to the output. */
    public int length;
    /** After {@link #read}: event bits raised (0 when clean). */
    public int events;

    /**
     * Reads the name at {@code msg[base + pos]} of the message {@code msg[base, base + len)} into
     * {@code out[outOff ...]} (room for {@link #MAX_NAME} bytes needed; {@code out} may be null to
     * only walk the name). Returns false when the name is unusable (its end is unknown).
     */
    public boolean read(byte[] msg, int base, int len, int pos, byte[] out, int outOff) {
        events = 0;
        length = 0;
        end = -1;
        int p = pos;
        int limit = pos;
        int jumps = 0;
        while (true) {
            if (p >= len) {
                events |= DnsEvents.BAD_NAME;
                return false;
            }
            int b = msg[base + p] & 0xff;
            if (b == 0) {
                if (end < 0) {
                    end = p + 1;
                }
                return true;
            }
            int kind = b & 0xc0;
            if (kind == 0xc0) {
                if (p + 1 >= len) {
                    events |= DnsEvents.BAD_NAME;
                    return false;
                }
                int target = (b & 0x3f) << 8 | (msg[base + p + 1] & 0xff);
                if (end < 0) {
                    end = p + 2;
                }
                // strictly decreasing targets: no pointer can lead back to a part already read
                if (target >= limit || ++jumps > MAX_JUMPS) {
                    events |= DnsEvents.INFINITE_LOOP;
                    return false;
                }
                limit = target;
                p = target;
                continue;
            }
            if (kind != 0) {
                events |= DnsEvents.BAD_NAME; // 0x40 / 0x80 label types are reserved
                return false;
            }
            if (p + 1 + b > len) {
                events |= DnsEvents.BAD_NAME;
                return false;
            }
            if (out != null) {
                append(msg, base + p + 1, b, out, outOff);
            } else {
                length += (length > 0 ? 1 : 0) + b;
            }
            p += 1 + b;
        }
    }

    private void append(byte[] msg, int from, int n, byte[] out, int outOff) {
        int room = MAX_NAME - length;
        if (length > 0) {
            if (room <= 0) {
                events |= DnsEvents.NAME_TOO_LONG;
                return;
            }
            out[outOff + length++] = '.';
            room--;
        }
        if (n > room) {
            events |= DnsEvents.NAME_TOO_LONG;
            n = room;
        }
        System.arraycopy(msg, from, out, outOff + length, n);
        length += n;
    }
}
