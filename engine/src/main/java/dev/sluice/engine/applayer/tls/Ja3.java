package dev.sluice.engine.applayer.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * JA3 and JA3S (Salesforce): decimal fields joined by "-", fields by ",".
 * JA3 = {@code version,ciphers,extensions,groups,point_formats} of a ClientHello, JA3S =
 * {@code version,cipher,extensions} of a ServerHello; the version is the hello's legacy version;
 * GREASE values (RFC 8701: both bytes equal, low nibble 0xA) are left out of ciphers, extensions
 * and groups. The hash is the MD5 of the string as 32 lower-case hex digits.
 */
final class Ja3 {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final MessageDigest md5;

    Ja3() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }

    static boolean grease(int v) {
        return (v & 0x0f0f) == 0x0a0a && (v >>> 8) == (v & 0xff);
    }

    /** Appends the non-GREASE values of {@code v[0, n)} joined by "-" (all of them when keepGrease). */
    static void list(StringBuilder s, int[] v, int n, boolean keepGrease) {
        boolean first = true;
        for (int i = 0; i < n; i++) {
            if (!keepGrease && grease(v[i])) {
                continue;
            }
            if (!first) {
                s.append('-');
            }
            s.append(v[i]);
            first = false;
        }
    }

    byte[] hash(byte[] text) {
        byte[] d = md5.digest(text);
        byte[] out = new byte[32];
        for (int i = 0; i < 16; i++) {
            out[2 * i] = HEX[(d[i] & 0xff) >>> 4];
            out[2 * i + 1] = HEX[d[i] & 0xf];
        }
        return out;
    }
}
