package dev.sluice.engine.decode;

/**
 * Prints addresses the way Suricata's fast.log and eve.json do: IPv4 as a dotted quad, IPv6 as
 * eight groups of four lower-case hex digits, nothing compressed
 * ({@code 2001:0db8:0000:0000:0000:0000:0000:0001}). For outputs, not the per-packet path.
 */
public final class IpAddr {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private IpAddr() {}

    /** The address of {@code version} (4 or 6) stored at {@code off}. */
    public static String format(byte[] data, int off, int version) {
        StringBuilder sb = new StringBuilder(version == 6 ? 39 : 15);
        appendTo(sb, data, off, version);
        return sb.toString();
    }

    /** Appends the address to {@code sb}; an out-of-range offset appends nothing. */
    public static StringBuilder appendTo(StringBuilder sb, byte[] data, int off, int version) {
        if (version == 4) {
            if (off < 0 || off + 4 > data.length) {
                return sb;
            }
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    sb.append('.');
                }
                sb.append(data[off + i] & 0xff);
            }
        } else if (version == 6) {
            if (off < 0 || off + 16 > data.length) {
                return sb;
            }
            for (int i = 0; i < 16; i++) {
                if (i > 0 && (i & 1) == 0) {
                    sb.append(':');
                }
                int b = data[off + i] & 0xff;
                sb.append(HEX[b >>> 4]).append(HEX[b & 0xf]);
            }
        }
        return sb;
    }
}
