package dev.sluice.signatures.header;

import java.math.BigInteger;

/** Strict textual IPv4/IPv6 address parsing, no name lookups. Parse-time only. */
final class IpLiterals {
    static final BigInteger V4_MAX = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
    static final BigInteger V6_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    private IpLiterals() {
    }

    /** Dotted-quad IPv4, or -1 when the text is not one. */
    static long parseV4(String s) {
        int n = s.length();
        long value = 0;
        int parts = 0;
        int i = 0;
        while (i <= n) {
            int start = i;
            int octet = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                octet = octet * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return -1;
                }
            }
            if (i == start || octet > 255) {
                return -1;
            }
            value = (value << 8) | octet;
            parts++;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return -1;
            }
            i++;
        }
        return parts == 4 ? value : -1;
    }

    /** IPv6 in any RFC 4291 text form (with {@code ::} and a dotted IPv4 tail), or null. */
    static BigInteger parseV6(String s) {
        if (s.isEmpty() || s.indexOf(':') < 0) {
            return null;
        }
        int[] words = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        int n = s.length();
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
        } else if (s.charAt(0) == ':') {
            return null;
        }
        while (i < n) {
            int start = i;
            while (i < n && s.charAt(i) != ':') {
                i++;
            }
            String part = s.substring(start, i);
            if (part.indexOf('.') >= 0) {
                // an IPv4 tail must be last and fills two words
                long v4 = parseV4(part);
                if (v4 < 0 || i != n || count > 6) {
                    return null;
                }
                words[count++] = (int) (v4 >>> 16);
                words[count++] = (int) (v4 & 0xffff);
                break;
            }
            if (part.isEmpty() || part.length() > 4 || count == 8) {
                return null;
            }
            int w = 0;
            for (int k = 0; k < part.length(); k++) {
                int d = Character.digit(part.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                w = (w << 4) | d;
            }
            words[count++] = w;
            if (i < n) {
                i++; // the ':'
                if (i < n && s.charAt(i) == ':') {
                    if (gap >= 0) {
                        return null;
                    }
                    gap = count;
                    i++;
                } else if (i == n) {
                    return null; // trailing single ':'
                }
            }
        }
        if (gap >= 0) {
            if (count == 8) {
                return null;
            }
            int move = count - gap;
            for (int k = 0; k < move; k++) {
                words[7 - k] = words[count - 1 - k];
            }
            for (int k = gap; k < 8 - move; k++) {
                words[k] = 0;
            }
        } else if (count != 8) {
            return null;
        }
        BigInteger v = BigInteger.ZERO;
        for (int w : words) {
            v = v.shiftLeft(16).or(BigInteger.valueOf(w));
        }
        return v;
    }

    static String formatV4(long v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    static String formatV6(BigInteger v) {
        StringBuilder sb = new StringBuilder();
        for (int k = 7; k >= 0; k--) {
            sb.append(Integer.toHexString(v.shiftRight(k * 16).intValue() & 0xffff));
            if (k > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
