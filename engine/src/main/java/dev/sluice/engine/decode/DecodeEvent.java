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
    IPV6_WITH_ICMPV4
}
