package dev.sluice.engine.applayer.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;

import static dev.sluice.engine.applayer.tls.TlsRecord.u16;
import static dev.sluice.engine.applayer.tls.TlsRecord.u24;
import static dev.sluice.engine.applayer.tls.TlsRecord.u8;

/**
 * Reads the handshake messages the parser inspects into a {@link TlsSession}: ClientHello and
 * ServerHello with their extensions (server_name, supported_groups, ec_point_formats, ALPN,
 * signature_algorithms, supported_versions) and JA3 / JA3S, and the Certificate chain. Every length
 * is checked against its container; a violation returns false (the caller raises the event). One
 * instance per parser: its scratch arrays are reused.
 */
final class TlsHello {
    // extension types
    static final int EXT_SERVER_NAME = 0;
    static final int EXT_SUPPORTED_GROUPS = 10;
    static final int EXT_EC_POINT_FORMATS = 11;
    static final int EXT_SIGNATURE_ALGORITHMS = 13;
    static final int EXT_ALPN = 16;
    static final int EXT_SUPPORTED_VERSIONS = 43;

    private static final int RANDOM = 32;

    private final Ja3 ja3 = new Ja3();
    private final X509 x509 = new X509();
    private MessageDigest sha1;
    // scratch: ciphers, extension types, groups, point formats (a 64 KiB hello bounds each)
    private int[] ciphers = new int[64];
    private int[] exts = new int[32];
    private int[] groups = new int[16];
    private int[] points = new int[8];
    private int nCiphers;
    private int nExts;
    private int nGroups;
    private int nPoints;
    /** Events of the last call (TOO_MANY, INVALID_CERTIFICATE) that did not stop it. */
    int events;

    /** Parses a ClientHello body {@code b[p, end)}. */
    boolean clientHello(byte[] b, int p, int end, TlsSession s) {
        nCiphers = nExts = nGroups = nPoints = 0;
        if (end - p < 2 + RANDOM + 1) {
            return false;
        }
        int version = u16(b, p);
        System.arraycopy(b, p + 2, s.clientRandom, 0, RANDOM);
        p += 2 + RANDOM;
        p += 1 + u8(b, p); // session id
        if (p + 2 > end) {
            return false;
        }
        int cl = u16(b, p);
        p += 2;
        if (cl % 2 != 0 || p + cl > end) {
            return false;
        }
        for (int i = 0; i < cl; i += 2) {
            ciphers = add(ciphers, nCiphers++, u16(b, p + i));
        }
        p += cl;
        if (p + 1 > end) {
            return false;
        }
        p += 1 + u8(b, p); // compression methods
        if (p > end) {
            return false;
        }
        if (p + 2 <= end) {
            int el = u16(b, p);
            p += 2;
            if (p + el > end) {
                return false;
            }
            int eEnd = p + el;
            while (p < eEnd) {
                if (p + 4 > eEnd) {
                    return false;
                }
                int type = u16(b, p);
                int len = u16(b, p + 2);
                p += 4;
                if (p + len > eEnd) {
                    return false;
                }
                exts = add(exts, nExts++, type);
                if (!clientExtension(b, type, p, p + len, s)) {
                    return false;
                }
                p += len;
            }
        }
        s.clientHello = true;
        s.clientVersion = version;
        StringBuilder j = new StringBuilder(128);
        j.append(version).append(',');
        Ja3.list(j, ciphers, nCiphers, false);
        j.append(',');
        Ja3.list(j, exts, nExts, false);
        j.append(',');
        Ja3.list(j, groups, nGroups, false);
        j.append(',');
        Ja3.list(j, points, nPoints, true);
        s.ja3String = j.toString().getBytes(StandardCharsets.US_ASCII);
        s.ja3Hash = ja3.hash(s.ja3String);
        return true;
    }

    private boolean clientExtension(byte[] b, int type, int p, int end, TlsSession s) {
        switch (type) {
            case EXT_SERVER_NAME: {
                if (end - p < 2) {
                    return end == p; // an empty server_name is allowed
                }
                int ll = u16(b, p);
                p += 2;
                if (p + ll > end) {
                    return false;
                }
                int lEnd = p + ll;
                while (p + 3 <= lEnd) {
                    int nameType = u8(b, p);
                    int nl = u16(b, p + 1);
                    p += 3;
                    if (p + nl > lEnd) {
                        return false;
                    }
                    if (nameType == 0 && s.sni == null) {
                        s.sni = java.util.Arrays.copyOfRange(b, p, p + nl);
                    }
                    p += nl;
                }
                return true;
            }
            case EXT_SUPPORTED_GROUPS: {
                if (end - p < 2) {
                    return false;
                }
                int gl = u16(b, p);
                p += 2;
                if (gl % 2 != 0 || p + gl > end) {
                    return false;
                }
                for (int i = 0; i < gl; i += 2) {
                    groups = add(groups, nGroups++, u16(b, p + i));
                }
                return true;
            }
            case EXT_EC_POINT_FORMATS: {
                if (end - p < 1) {
                    return false;
                }
                int fl = u8(b, p);
                p += 1;
                if (p + fl > end) {
                    return false;
                }
                for (int i = 0; i < fl; i++) {
                    points = add(points, nPoints++, u8(b, p + i));
                }
                return true;
            }
            case EXT_ALPN: {
                if (end - p < 2) {
                    return false;
                }
                int al = u16(b, p);
                p += 2;
                if (p + al > end) {
                    return false;
                }
                int aEnd = p + al;
                ArrayList<byte[]> protos = new ArrayList<>(2);
                while (p < aEnd) {
                    int n = u8(b, p++);
                    if (p + n > aEnd) {
                        return false;
                    }
                    protos.add(java.util.Arrays.copyOfRange(b, p, p + n));
                    p += n;
                }
                s.alpn = protos;
                return true;
            }
            case EXT_SIGNATURE_ALGORITHMS: {
                return end - p >= 2 && u16(b, p) % 2 == 0 && p + 2 + u16(b, p) <= end;
            }
            case EXT_SUPPORTED_VERSIONS: {
                if (end - p < 1) {
                    return false;
                }
                int vl = u8(b, p);
                p += 1;
                if (vl % 2 != 0 || p + vl > end) {
                    return false;
                }
                int[] v = new int[vl / 2];
                for (int i = 0; i < v.length; i++) {
                    v[i] = u16(b, p + 2 * i);
                }
                s.clientSupportedVersions = v;
                return true;
            }
            default:
                return true;
        }
    }

    /** Parses a ServerHello body {@code b[p, end)}. */
    boolean serverHello(byte[] b, int p, int end, TlsSession s) {
        nExts = 0;
        if (end - p < 2 + RANDOM + 1) {
            return false;
        }
        int version = u16(b, p);
        System.arraycopy(b, p + 2, s.serverRandom, 0, RANDOM);
        p += 2 + RANDOM;
        p += 1 + u8(b, p);
        if (p + 3 > end) {
            return false;
        }
        int cipher = u16(b, p);
        p += 3; // cipher, compression method
        int selected = -1;
        if (p + 2 <= end) {
            int el = u16(b, p);
            p += 2;
            if (p + el > end) {
                return false;
            }
            int eEnd = p + el;
            while (p < eEnd) {
                if (p + 4 > eEnd) {
                    return false;
                }
                int type = u16(b, p);
                int len = u16(b, p + 2);
                p += 4;
                if (p + len > eEnd) {
                    return false;
                }
                exts = add(exts, nExts++, type);
                if (type == EXT_SUPPORTED_VERSIONS && len >= 2) {
                    selected = u16(b, p);
                }
                // ALPN in a ServerHello: list length (2), then one protocol: length (1), name
                if (type == EXT_ALPN && len >= 3 && 3 + u8(b, p + 2) <= len) {
                    s.serverAlpn = java.util.Arrays.copyOfRange(b, p + 3, p + 3 + u8(b, p + 2));
                }
                p += len;
            }
        }
        s.serverHello = true;
        s.cipher = cipher;
        s.serverVersion = selected >= 0 ? selected : version;
        StringBuilder j = new StringBuilder(48);
        j.append(version).append(',').append(cipher).append(',');
        Ja3.list(j, exts, nExts, false);
        s.ja3sString = j.toString().getBytes(StandardCharsets.US_ASCII);
        s.ja3sHash = ja3.hash(s.ja3sString);
        return true;
    }

    /**
     * Parses a Certificate body (TLS 1.2 form: 24-bit list length, then 24-bit length + DER per
     * certificate); the first certificate's fields go to the session.
     */
    boolean certificate(byte[] b, int p, int end, TlsSession s) {
        events = 0;
        if (end - p < 3) {
            return false;
        }
        int total = u24(b, p);
        p += 3;
        if (p + total > end) {
            return false;
        }
        int lEnd = p + total;
        s.certs.clear();
        while (p < lEnd) {
            if (p + 3 > lEnd) {
                return false;
            }
            int cl = u24(b, p);
            p += 3;
            if (p + cl > lEnd) {
                return false;
            }
            if (s.certs.size() < TlsSession.MAX_CERTS) {
                s.certs.add(java.util.Arrays.copyOfRange(b, p, p + cl));
            } else {
                events |= TlsEvents.TOO_MANY;
            }
            p += cl;
        }
        if (!s.certs.isEmpty()) {
            byte[] first = s.certs.get(0);
            if (x509.parse(first, 0, first.length)) {
                s.subject = x509.subject;
                s.issuer = x509.issuer;
                s.serial = x509.serial;
                s.notBefore = x509.notBefore;
                s.notAfter = x509.notAfter;
            } else {
                events |= TlsEvents.INVALID_CERTIFICATE;
            }
            s.fingerprint = fingerprint(first);
        }
        return true;
    }

    private byte[] fingerprint(byte[] der) {
        if (sha1 == null) {
            try {
                sha1 = MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK always has SHA-1", e);
            }
        }
        byte[] d = sha1.digest(der);
        byte[] hex = X509.hexColon(d, 0, d.length);
        for (int i = 0; i < hex.length; i++) {
            if (hex[i] >= 'A' && hex[i] <= 'F') {
                hex[i] += 32; // Suricata prints the fingerprint in lower case
            }
        }
        return hex;
    }

    private static int[] add(int[] a, int i, int v) {
        if (i == a.length) {
            a = java.util.Arrays.copyOf(a, a.length * 2);
        }
        a[i] = v;
        return a;
    }
}
