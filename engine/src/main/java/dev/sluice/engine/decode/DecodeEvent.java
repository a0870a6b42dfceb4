package dev.sluice.engine.decode;

/** Things a decoder found wrong with a packet. At most 64 (they live in a long bit set). */
public enum DecodeEvent {
    LINK_TRUNCATED,
    LINK_UNKNOWN_TYPE,
    VLAN_TRUNCATED,
    VLAN_TOO_MANY_LAYERS,
    IPV4_TRUNCATED,
    IPV4_BAD_VERSION,
    IPV4_HLEN_TOO_SMALL,
    IPV4_IPLEN_SMALLER_THAN_HLEN,
    IPV4_TRUNC_PKT,
    IPV4_OPT_INVALID,
    IPV4_BAD_CHECKSUM,
    IPV6_TRUNCATED,
    IPV6_BAD_VERSION,
    IPV6_TRUNC_PKT,
    IPV6_EXTHDR_TRUNCATED,
    TCP_TRUNCATED,
    TCP_HLEN_TOO_SMALL,
    TCP_OPT_INVALID,
    TCP_BAD_CHECKSUM,
    UDP_TRUNCATED,
    UDP_BAD_LENGTH,
    UDP_BAD_CHECKSUM,
    ICMPV4_TRUNCATED,
    ICMPV4_BAD_CHECKSUM,
    ICMPV6_TRUNCATED,
    ICMPV6_BAD_CHECKSUM,
    GRE_TRUNCATED,
    GRE_UNSUPPORTED,
    UNSUPPORTED_L3,
    TOO_MANY_LAYERS,
    /** IPv6 payload length 0 with a jumbo payload option (RFC 2675). */
    IPV6_JUMBO,
    /** IPv6 fragment header with offset 0 and no more fragments (an atomic fragment). */
    IPV6_EXTHDR_USELESS_FH,
    /** IPv6 packet with more than one fragment header. */
    IPV6_EXTHDR_DUPL_FH,
    /** IPv6 fragment with more-fragments set whose data is not a multiple of 8 bytes. */
    IPV6_FRAG_INVALID_LENGTH,
    /** PPPoE session header cut off or with an unusable length. */
    PPPOE_TRUNCATED,
    /** MPLS label stack cut off. */
    MPLS_TRUNCATED,
    /** ERSPAN header cut off, of an unknown version, or adding a fourth VLAN id. */
    ERSPAN_INVALID,
    /** ICMPv6 carried by IPv4. */
    IPV4_WITH_ICMPV6,
    /** ICMPv4 carried by IPv6. */
    IPV6_WITH_ICMPV4,
    /** IP fragments that overlap with different data (raised by defragmentation). */
    IPV4_FRAG_OVERLAP,
    IPV6_FRAG_OVERLAP,
    /** Reassembled IP packet larger than 65535 bytes. */
    IPV4_FRAG_PKT_TOO_LARGE,
    IPV6_FRAG_PKT_TOO_LARGE;

    /** Suricata's decode-event spellings where they differ from the lower-cased constant with its first '_' as '.'. */
    private static final java.util.Map<String, DecodeEvent> BY_NAME = new java.util.HashMap<>();

    static {
        for (DecodeEvent e : values()) {
            String n = e.name().toLowerCase(java.util.Locale.ROOT);
            int u = n.indexOf('_');
            BY_NAME.put(u < 0 ? n : n.substring(0, u) + "." + n.substring(u + 1), e);
        }
        BY_NAME.put("ipv6.trunc_exthdr", IPV6_EXTHDR_TRUNCATED);
        BY_NAME.put("tcp.opt_invalid_len", TCP_OPT_INVALID);
        BY_NAME.put("tcp.hlen_too_small", TCP_HLEN_TOO_SMALL);
        BY_NAME.put("tcp.pkt_too_small", TCP_TRUNCATED);
        BY_NAME.put("udp.pkt_too_small", UDP_TRUNCATED);
        BY_NAME.put("udp.hlen_invalid", UDP_BAD_LENGTH);
        BY_NAME.put("ipv4.pkt_too_small", IPV4_TRUNCATED);
        BY_NAME.put("ipv4.hlen_too_small", IPV4_HLEN_TOO_SMALL);
        BY_NAME.put("ipv4.iplen_smaller_than_hlen", IPV4_IPLEN_SMALLER_THAN_HLEN);
        BY_NAME.put("ipv4.wrong_ip_version", IPV4_BAD_VERSION);
        BY_NAME.put("ipv4.opt_invalid", IPV4_OPT_INVALID);
        BY_NAME.put("ipv4.icmpv6", IPV4_WITH_ICMPV6);
        BY_NAME.put("ipv6.pkt_too_small", IPV6_TRUNCATED);
        BY_NAME.put("ipv6.wrong_ip_version", IPV6_BAD_VERSION);
        BY_NAME.put("ipv6.icmpv4", IPV6_WITH_ICMPV4);
        BY_NAME.put("icmpv4.pkt_too_small", ICMPV4_TRUNCATED);
        BY_NAME.put("icmpv6.pkt_too_small", ICMPV6_TRUNCATED);
        BY_NAME.put("vlan.header_too_small", VLAN_TRUNCATED);
        BY_NAME.put("vlan.too_many_layers", VLAN_TOO_MANY_LAYERS);
        BY_NAME.put("ethernet.pkt_too_small", LINK_TRUNCATED);
        BY_NAME.put("gre.pkt_too_small", GRE_TRUNCATED);
        BY_NAME.put("pppoe.pkt_too_small", PPPOE_TRUNCATED);
        BY_NAME.put("mpls.header_too_small", MPLS_TRUNCATED);
        BY_NAME.put("decoder.too_many_layers", TOO_MANY_LAYERS);
    }

    /** The event with Suricata's decode-event name ({@code ipv6.frag_overlap}), or null. */
    public static DecodeEvent bySuricataName(String name) {
        return BY_NAME.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
