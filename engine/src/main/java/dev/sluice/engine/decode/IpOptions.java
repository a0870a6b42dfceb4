package dev.sluice.engine.decode;

import dev.sluice.signatures.match.PacketView;

/**
 * The bit layout of {@link Packet#ipOptions}: which IPv4 options a packet carried. Fixed, so that
 * the {@code ipopts} keyword (which cannot see this class) uses the same numbers:
 *
 * <pre>
 *   bit  name   option type
 *    0   eol      0   end of option list
 *    1   nop      1   no operation
 *    2   rr       7   record route
 *    3   ts      68   timestamp
 *    4   sec    130   security
 *    5   esec   133   extended security
 *    6   lsrr   131   loose source route
 *    7   ssrr   137   strict source route
 *    8   satid  136   stream identifier
 *    9   (other)      any option type not listed above
 * </pre>
 *
 * These are {@code PacketView.IPOPT_*}, where the {@code ipopts} keyword reads them. The keyword
 * name {@code any} maps to all ten bits: a rule matches when {@code (ipOptions &
 * bitFor(name)) != 0}.
 */
public final class IpOptions {
    // The same numbers as PacketView.IPOPT_*, which rules read; defined there, repeated here by name.
    public static final long EOL = PacketView.IPOPT_EOL;
    public static final long NOP = PacketView.IPOPT_NOP;
    public static final long RR = PacketView.IPOPT_RR;
    public static final long TS = PacketView.IPOPT_TS;
    public static final long SEC = PacketView.IPOPT_SEC;
    public static final long ESEC = PacketView.IPOPT_ESEC;
    public static final long LSRR = PacketView.IPOPT_LSRR;
    public static final long SSRR = PacketView.IPOPT_SSRR;
    public static final long SATID = PacketView.IPOPT_SATID;
    public static final long OTHER = PacketView.IPOPT_OTHER;
    /** Every bit above: "the packet has some option". */
    public static final long ANY = (1L << 10) - 1;

    private IpOptions() {}

    /** The bit for an option type byte as it appears in the header. */
    public static long bitForType(int type) {
        switch (type & 0xff) {
            case 0: return EOL;
            case 1: return NOP;
            case 7: return RR;
            case 68: return TS;
            case 130: return SEC;
            case 133: return ESEC;
            case 131: return LSRR;
            case 137: return SSRR;
            case 136: return SATID;
            default: return OTHER;
        }
    }

    /**
     * The bit(s) for a Suricata {@code ipopts} name (rr, eol, nop, ts, sec, esec, lsrr, ssrr, satid,
     * any), case-insensitive; 0 for an unknown name.
     */
    public static long bitFor(String name) {
        if (name == null) {
            return 0;
        }
        switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "eol": return EOL;
            case "nop": return NOP;
            case "rr": return RR;
            case "ts": return TS;
            case "sec": return SEC;
            case "esec": return ESEC;
            case "lsrr": return LSRR;
            case "ssrr": return SSRR;
            case "satid": return SATID;
            case "any": return ANY;
            default: return 0;
        }
    }
}
