package dev.sluice.engine.review;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address or CIDR block ({@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code 2001:db8::/32}) that
 * logged addresses are tested against. Only literals are read; a name is refused, never looked up.
 */
public final class AddressRange {
    private final byte[] network;
    private final int prefix;
    private final String text;

    private AddressRange(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /**
     * Reads {@code ADDR} or {@code ADDR/PREFIX}.
     *
     * @throws IllegalArgumentException naming {@code option} when {@code s} is neither
     */
    public static AddressRange parse(String option, String s) {
        String t = s.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        byte[] a = literal(addr);
        if (a == null) {
            throw new IllegalArgumentException(option + ": '" + s + "' is not an IPv4 or IPv6 address or CIDR block");
        }
        int bits = a.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bits) {
                throw new IllegalArgumentException(option + ": '" + s + "' has a bad prefix length (0-" + bits + ")");
            }
            prefix = Integer.parseInt(p);
        }
        return new AddressRange(a, prefix, t);
    }

    /** True when {@code ip} (as logged) lies in the range; false for anything that is not an address. */
    public boolean contains(String ip) {
        byte[] a = literal(ip);
        if (a == null) {
            return false;
        }
        if (a.length != network.length) {
            a = unmapped(a, network.length);
            if (a == null) {
                return false;
            }
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        return text;
    }

    /** An IPv4-mapped IPv6 address compared with an IPv4 range, or the other way round. */
    private static byte[] unmapped(byte[] a, int want) {
        if (a.length == 16 && want == 4) {
            for (int i = 0; i < 10; i++) {
                if (a[i] != 0) {
                    return null;
                }
            }
            if (a[10] != (byte) 0xff || a[11] != (byte) 0xff) {
                return null;
            }
            return new byte[] {a[12], a[13], a[14], a[15]};
        }
        return null;
    }

    /** The bytes of an IPv4 or IPv6 literal, or null. */
    static byte[] literal(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return ipv4(s);
        }
        String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (t.isEmpty() || t.charAt(0) == '.') {
            return null;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean ok = c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return null;
            }
        }
        try {
            // Only hex digits, colons and dots get here: InetAddress parses them as a literal, no lookup.
            InetAddress a = InetAddress.getByName(t);
            if (a instanceof Inet4Address) {
                // Java folds ::ffff:a.b.c.d to IPv4; keep it IPv6 so the mapped form compares as one.
                byte[] v4 = a.getAddress();
                byte[] v6 = new byte[16];
                v6[10] = (byte) 0xff;
                v6[11] = (byte) 0xff;
                System.arraycopy(v4, 0, v6, 12, 4);
                return v6;
            }
            return a.getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] ipv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part == 4) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }
}
