package dev.sluice.engine.ban;

/**
 * IP address literals without name lookups: parsing a dotted quad or an IPv6 literal (full or
 * compressed, with an optional embedded IPv4 tail) into 4 or 16 bytes, and printing an address the
 * way nft does (IPv6 compressed as RFC 5952 says), so addresses from alerts and from nft compare.
 */
final class IpLiteral {
    private IpLiteral() {
    }

    /** The 4 or 16 bytes of {@code text}, or null when it is not an address literal. */
    static byte[] parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        return text.indexOf(':') >= 0 ? parse6(text) : parse4(text, 0, text.length());
    }

    private static byte[] parse4(String s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int v = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || v > 255 || (i - start > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) v;
            if (part < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == to ? out : null;
    }

    private static byte[] parse6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = new int[8];
        int[] tail = new int[8];
        byte[] v4 = null;
        int nh;
        int nt = 0;
        if (gap < 0) {
            int[] r = groups(s, 0, s.length(), head);
            if (r == null) {
                return null;
            }
            nh = r[0];
            v4 = r[1] == 1 ? parse4(s, r[2], s.length()) : null;
            if (r[1] == 1 && v4 == null) {
                return null;
            }
            if (nh + (v4 == null ? 0 : 2) != 8) {
                return null;
            }
        } else {
            int[] r = gap == 0 ? new int[] {0, 0, 0} : groups(s, 0, gap, head);
            if (r == null || r[1] == 1) {
                return null;
            }
            nh = r[0];
            if (gap + 2 < s.length()) {
                int[] t = groups(s, gap + 2, s.length(), tail);
                if (t == null) {
                    return null;
                }
                nt = t[0];
                if (t[1] == 1) {
                    v4 = parse4(s, t[2], s.length());
                    if (v4 == null) {
                        return null;
                    }
                }
            }
            if (nh + nt + (v4 == null ? 0 : 2) > 7) {
                return null;
            }
        }
        byte[] out = new byte[16];
        for (int g = 0; g < nh; g++) {
            out[2 * g] = (byte) (head[g] >>> 8);
            out[2 * g + 1] = (byte) head[g];
        }
        int end = v4 == null ? 16 : 12;
        for (int g = 0; g < nt; g++) {
            int at = end - 2 * (nt - g);
            out[at] = (byte) (tail[g] >>> 8);
            out[at + 1] = (byte) tail[g];
        }
        if (v4 != null) {
            System.arraycopy(v4, 0, out, 12, 4);
        }
        return out;
    }

    /**
     * Reads colon-separated hex groups of s[from, to) into {@code into}. Returns {count, 1 when an
     * IPv4 tail starts at index [2] / 0 when not, its start}, or null when malformed.
     */
    private static int[] groups(String s, int from, int to, int[] into) {
        int n = 0;
        int i = from;
        while (i < to) {
            int start = i;
            int v = 0;
            while (i < to && i - start < 5 && Character.digit(s.charAt(i), 16) >= 0) {
                v = (v << 4) | Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                return new int[] {n, 1, start};
            }
            if (i == start || i - start > 4 || n == 8) {
                return null;
            }
            into[n++] = v;
            if (i < to) {
                if (s.charAt(i) != ':' || i + 1 == to) {
                    return null;
                }
                i++;
            }
        }
        return new int[] {n, 0, 0};
    }

    /** The address as nft prints it: a dotted quad, or compressed IPv6 in lower case. */
    static String format(byte[] a) {
        StringBuilder sb = new StringBuilder(39);
        if (a.length == 4) {
            for (int i = 0; i < 4; i++) {
                sb.append(i == 0 ? "" : ".").append(a[i] & 0xff);
            }
            return sb.toString();
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        // The longest run of two or more zero groups (the first of equal runs) becomes "::".
        int bestAt = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestAt = i;
                bestLen = j - i;
            }
            i = j;
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestAt) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
