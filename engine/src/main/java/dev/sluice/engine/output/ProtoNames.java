package dev.sluice.engine.output;

/**
 * IP protocol numbers to the names Suricata logs: the IANA keywords (TCP, UDP, ICMP, IPv6-ICMP,
 * GRE, ESP, SCTP, ...). Numbers without a keyword print as fast.log {@code PROTO:NNN} and as the
 * bare number in eve.json.
 */
public final class ProtoNames {
    private static final String[] NAMES = new String[256];

    static {
        String[] table = {
            "HOPOPT", "ICMP", "IGMP", "GGP", "IPv4", "ST", "TCP", "CBT", "EGP", "IGP",
            "BBN-RCC-MON", "NVP-II", "PUP", "ARGUS", "EMCON", "XNET", "CHAOS", "UDP", "MUX", "DCN-MEAS",
            "HMP", "PRM", "XNS-IDP", "TRUNK-1", "TRUNK-2", "LEAF-1", "LEAF-2", "RDP", "IRTP", "ISO-TP4",
            "NETBLT", "MFE-NSP", "MERIT-INP", "DCCP", "3PC", "IDPR", "XTP", "DDP", "IDPR-CMTP", "TP++",
            "IL", "IPv6", "SDRP", "IPv6-Route", "IPv6-Frag", "IDRP", "RSVP", "GRE", "DSR", "BNA",
            "ESP", "AH", "I-NLSP", "SWIPE", "NARP", "MOBILE", "TLSP", "SKIP", "IPv6-ICMP", "IPv6-NoNxt",
            "IPv6-Opts", null, "CFTP", null, "SAT-EXPAK", "KRYPTOLAN", "RVD", "IPPC", null, "SAT-MON",
            "VISA", "IPCV", "CPNX", "CPHB", "WSN", "PVP", "BR-SAT-MON", "SUN-ND", "WB-MON", "WB-EXPAK",
            "ISO-IP", "VMTP", "SECURE-VMTP", "VINES", "TTP", "NSFNET-IGP", "DGP", "TCF", "EIGRP", "OSPFIGP",
            "Sprite-RPC", "LARP", "MTP", "AX.25", "IPIP", "MICP", "SCC-SP", "ETHERIP", "ENCAP", null,
            "GMTP", "IFMP", "PNNI", "PIM", "ARIS", "SCPS", "QNX", "A/N", "IPComp", "SNP",
            "Compaq-Peer", "IPX-in-IP", "VRRP", "PGM", null, "L2TP", "DDX", "IATP", "STP", "SRP",
            "UTI", "SMP", "SM", "PTP", "ISIS", "FIRE", "CRTP", "CRUDP", "SSCOPMCE", "IPLT",
            "SPS", "PIPE", "SCTP", "FC", "RSVP-E2E-IGNORE", "Mobility-Header", "UDPLite", "MPLS-in-IP",
            "manet", "HIP", "Shim6", "WESP", "ROHC", "Ethernet",
        };
        System.arraycopy(table, 0, NAMES, 0, table.length);
    }

    private ProtoNames() {
    }

    /** The keyword of IP protocol {@code proto}, or null when it has none. */
    public static String name(int proto) {
        return proto >= 0 && proto < NAMES.length ? NAMES[proto] : null;
    }

    /** What fast.log prints between the braces: the name, else {@code PROTO:} and three digits. */
    public static String fastLog(int proto) {
        String n = name(proto);
        return n != null ? n : String.format("PROTO:%03d", proto);
    }

    /** The eve.json {@code proto} value: the name, else the number. */
    public static String eve(int proto) {
        String n = name(proto);
        return n != null ? n : Integer.toString(proto);
    }
}
