package dev.sluice.engine.applayer.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Just enough DER (X.690) to read a certificate's serial, issuer, validity and subject:
 *
 * <pre>
 * Certificate  SEQUENCE { tbsCertificate, signatureAlgorithm, signature }
 * tbs          SEQUENCE { [0] version OPTIONAL, serial INTEGER, signature SEQUENCE,
 *                         issuer Name, validity SEQUENCE { notBefore Time, notAfter Time },
 *                         subject Name, ... }
 * Name         SEQUENCE OF SET OF SEQUENCE { type OID, value string }
 * </pre>
 *
 * Names print as Suricata prints them: relative names in certificate order joined by ", ",
 * attributes of one set joined by " + ", each {@code SHORT=value} with the value's bytes as they
 * are (a NUL stays a NUL). The serial prints as upper-case colon hex of the INTEGER's content
 * bytes. One instance per parser; {@link #parse} fills the fields or returns false.
 */
final class X509 {
    // DER tags
    private static final int SEQUENCE = 0x30;
    private static final int SET = 0x31;
    private static final int INTEGER = 0x02;
    private static final int OID = 0x06;
    private static final int VERSION_TAG = 0xa0;
    private static final int UTC_TIME = 0x17;
    private static final int GENERALIZED_TIME = 0x18;
    private static final int BMP_STRING = 0x1e;
    /** Relative names per Name read at most (a guard against absurd certificates). */
    private static final int MAX_RDNS = 64;

    byte[] subject;
    byte[] issuer;
    byte[] serial;
    /** Seconds since the epoch, or Long.MIN_VALUE when the time does not parse. */
    long notBefore;
    long notAfter;

    // the element read last by next(): its tag, content start and content end
    private int tag;
    private int cStart;
    private int cEnd;

    /** Parses the DER certificate {@code b[off, off+len)}; false when it is not one. */
    boolean parse(byte[] b, int off, int len) {
        subject = issuer = serial = null;
        notBefore = notAfter = Long.MIN_VALUE;
        int end = off + len;
        if (!next(b, off, end) || tag != SEQUENCE) {
            return false;
        }
        if (!next(b, cStart, cEnd) || tag != SEQUENCE) {
            return false;
        }
        int tbsEnd = cEnd;
        int p = cStart;
        if (!next(b, p, tbsEnd)) {
            return false;
        }
        if (tag == VERSION_TAG) {
            p = cEnd;
            if (!next(b, p, tbsEnd)) {
                return false;
            }
        }
        if (tag != INTEGER) {
            return false;
        }
        serial = hexColon(b, cStart, cEnd - cStart);
        p = cEnd;
        if (!next(b, p, tbsEnd) || tag != SEQUENCE) { // signature algorithm
            return false;
        }
        p = cEnd;
        if (!next(b, p, tbsEnd) || tag != SEQUENCE) {
            return false;
        }
        issuer = name(b, cStart, cEnd);
        p = cEnd;
        if (issuer == null || !next(b, p, tbsEnd) || tag != SEQUENCE) {
            return false;
        }
        int validityEnd = cEnd;
        p = cEnd;
        if (next(b, cStart, validityEnd)) {
            notBefore = time(b, tag, cStart, cEnd);
            if (next(b, cEnd, validityEnd)) {
                notAfter = time(b, tag, cStart, cEnd);
            }
        }
        if (!next(b, p, tbsEnd) || tag != SEQUENCE) {
            return false;
        }
        subject = name(b, cStart, cEnd);
        return subject != null;
    }

    /** Reads the TLV at {@code p} (must end by {@code end}) into tag / cStart / cEnd. */
    private boolean next(byte[] b, int p, int end) {
        if (p + 2 > end) {
            return false;
        }
        tag = b[p] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            return false; // multi-byte tags do not occur in the parts read here
        }
        int l = b[p + 1] & 0xff;
        p += 2;
        if (l >= 0x80) {
            int n = l & 0x7f;
            if (n == 0 || n > 3 || p + n > end) {
                return false;
            }
            l = 0;
            for (int i = 0; i < n; i++) {
                l = l << 8 | (b[p++] & 0xff);
            }
        }
        if (l > end - p) {
            return false;
        }
        cStart = p;
        cEnd = p + l;
        return true;
    }

    /** Renders the Name whose SEQUENCE content is {@code b[p, end)}; null when malformed. */
    private byte[] name(byte[] b, int p, int end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        int rdns = 0;
        while (p < end) {
            if (!next(b, p, end) || tag != SET || ++rdns > MAX_RDNS) {
                return null;
            }
            int setEnd = cEnd;
            p = cEnd;
            int q = cStart;
            boolean firstInSet = true;
            while (q < setEnd) {
                if (!next(b, q, setEnd) || tag != SEQUENCE) {
                    return null;
                }
                int atvEnd = cEnd;
                q = cEnd;
                if (!next(b, cStart, atvEnd) || tag != OID) {
                    return null;
                }
                String key = shortName(b, cStart, cEnd - cStart);
                if (!next(b, cEnd, atvEnd)) {
                    return null;
                }
                if (out.size() > 0) {
                    out.writeBytes(firstInSet ? SEP : PLUS);
                }
                firstInSet = false;
                out.writeBytes(key.getBytes(StandardCharsets.US_ASCII));
                out.write('=');
                if (tag == BMP_STRING) {
                    out.writeBytes(new String(b, cStart, cEnd - cStart, StandardCharsets.UTF_16BE).getBytes(StandardCharsets.UTF_8));
                } else {
                    out.write(b, cStart, cEnd - cStart);
                }
            }
        }
        return out.toByteArray();
    }

    private static final byte[] SEP = {',', ' '};
    private static final byte[] PLUS = {' ', '+', ' '};

    /** The short name of an attribute type, else its dotted form. */
    static String shortName(byte[] b, int off, int len) {
        String dotted = dottedOid(b, off, len);
        switch (dotted) {
            case "2.5.4.3": return "CN";
            case "2.5.4.4": return "SN";
            case "2.5.4.5": return "serialNumber";
            case "2.5.4.6": return "C";
            case "2.5.4.7": return "L";
            case "2.5.4.8": return "ST";
            case "2.5.4.9": return "street";
            case "2.5.4.10": return "O";
            case "2.5.4.11": return "OU";
            case "2.5.4.12": return "title";
            case "2.5.4.17": return "postalCode";
            case "2.5.4.42": return "GN";
            case "1.2.840.113549.1.9.1": return "Email";
            case "0.9.2342.19200300.100.1.25": return "DC";
            case "0.9.2342.19200300.100.1.1": return "UID";
            default: return dotted;
        }
    }

    static String dottedOid(byte[] b, int off, int len) {
        StringBuilder s = new StringBuilder(24);
        long v = 0;
        boolean first = true;
        for (int i = 0; i < len; i++) {
            int c = b[off + i] & 0xff;
            v = v << 7 | (c & 0x7f);
            if ((c & 0x80) != 0) {
                if (v > (1L << 48)) {
                    return "?"; // absurd arc: stop before overflowing
                }
                continue;
            }
            if (first) {
                long a = v < 40 ? 0 : v < 80 ? 1 : 2;
                s.append(a).append('.').append(v - 40 * a);
                first = false;
            } else {
                s.append('.').append(v);
            }
            v = 0;
        }
        return s.toString();
    }

    /** UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) as epoch seconds. */
    static long time(byte[] b, int tag, int p, int end) {
        int n = end - p;
        int year;
        if (tag == UTC_TIME && n >= 12) {
            int yy = digits(b, p, 2);
            year = yy < 0 ? -1 : yy < 50 ? 2000 + yy : 1900 + yy;
            p += 2;
        } else if (tag == GENERALIZED_TIME && n >= 14) {
            year = digits(b, p, 4);
            p += 4;
        } else {
            return Long.MIN_VALUE;
        }
        int mon = digits(b, p, 2);
        int day = digits(b, p + 2, 2);
        int hh = digits(b, p + 4, 2);
        int mm = digits(b, p + 6, 2);
        int ss = digits(b, p + 8, 2);
        if (year < 0 || mon < 1 || mon > 12 || day < 1 || day > 31 || hh < 0 || hh > 23 || mm < 0 || mm > 59
                || ss < 0 || ss > 60) {
            return Long.MIN_VALUE;
        }
        try {
            return LocalDateTime.of(year, mon, day, hh, mm, Math.min(ss, 59)).toEpochSecond(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return Long.MIN_VALUE; // 31 February and the like
        }
    }

    private static int digits(byte[] b, int p, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int c = b[p + i] - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            v = v * 10 + c;
        }
        return v;
    }

    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    static byte[] hexColon(byte[] b, int off, int len) {
        if (len == 0) {
            return new byte[0];
        }
        byte[] out = new byte[len * 3 - 1];
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xff;
            out[i * 3] = HEX_UPPER[v >>> 4];
            out[i * 3 + 1] = HEX_UPPER[v & 0xf];
            if (i + 1 < len) {
                out[i * 3 + 2] = ':';
            }
        }
        return out;
    }
}
