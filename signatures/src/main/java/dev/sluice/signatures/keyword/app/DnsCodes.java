package dev.sluice.signatures.keyword.app;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * DNS record type and response code mnemonics (IANA "DNS parameters"), for keyword values
 * ({@code dns.rrtype:AAAA}) and for the engine's EVE output. Immutable tables.
 */
public final class DnsCodes {
    private static final String[] TYPE_NAMES = new String[256];
    private static final Map<String, Integer> TYPES = new HashMap<>();
    private static final String[] RCODES = {
        "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET",
        "NXRRSET", "NOTAUTH", "NOTZONE", "DSOTYPENI",
    };

    static {
        type(1, "A");
        type(2, "NS");
        type(3, "MD");
        type(4, "MF");
        type(5, "CNAME");
        type(6, "SOA");
        type(7, "MB");
        type(8, "MG");
        type(9, "MR");
        type(10, "NULL");
        type(11, "WKS");
        type(12, "PTR");
        type(13, "HINFO");
        type(14, "MINFO");
        type(15, "MX");
        type(16, "TXT");
        type(17, "RP");
        type(18, "AFSDB");
        type(19, "X25");
        type(20, "ISDN");
        type(21, "RT");
        type(22, "NSAP");
        type(23, "NSAPPTR");
        type(24, "SIG");
        type(25, "KEY");
        type(26, "PX");
        type(27, "GPOS");
        type(28, "AAAA");
        type(29, "LOC");
        type(30, "NXT");
        type(33, "SRV");
        type(34, "ATMA");
        type(35, "NAPTR");
        type(36, "KX");
        type(37, "CERT");
        type(38, "A6");
        type(39, "DNAME");
        type(41, "OPT");
        type(42, "APL");
        type(43, "DS");
        type(44, "SSHFP");
        type(45, "IPSECKEY");
        type(46, "RRSIG");
        type(47, "NSEC");
        type(48, "DNSKEY");
        type(49, "DHCID");
        type(50, "NSEC3");
        type(51, "NSEC3PARAM");
        type(52, "TLSA");
        type(55, "HIP");
        type(59, "CDS");
        type(60, "CDNSKEY");
        type(64, "SVCB");
        type(65, "HTTPS");
        type(99, "SPF");
        type(249, "TKEY");
        type(250, "TSIG");
        type(251, "IXFR");
        type(252, "AXFR");
        type(255, "ANY");
        TYPES.put("URI", 256);
        TYPES.put("CAA", 257);
    }

    private DnsCodes() {
    }

    private static void type(int code, String name) {
        TYPE_NAMES[code] = name;
        TYPES.put(name, code);
    }

    /** The mnemonic of a record type ("AAAA"), or its number as text when it has none Sluice knows. */
    public static String typeName(int type) {
        if (type >= 0 && type < TYPE_NAMES.length && TYPE_NAMES[type] != null) {
            return TYPE_NAMES[type];
        }
        if (type == 256) {
            return "URI";
        }
        if (type == 257) {
            return "CAA";
        }
        return Integer.toString(type);
    }

    /** The record type of a mnemonic (any case), or -1. */
    public static int typeOf(String name) {
        Integer t = TYPES.get(name.toUpperCase(Locale.ROOT));
        return t == null ? -1 : t;
    }

    /** The mnemonic of a response code ("NXDOMAIN"), or its number as text. */
    public static String rcodeName(int rcode) {
        return rcode >= 0 && rcode < RCODES.length ? RCODES[rcode] : Integer.toString(rcode);
    }

    /** The response code of a mnemonic (any case), or -1. */
    public static int rcodeOf(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        for (int i = 0; i < RCODES.length; i++) {
            if (RCODES[i].equals(n)) {
                return i;
            }
        }
        return -1;
    }
}
