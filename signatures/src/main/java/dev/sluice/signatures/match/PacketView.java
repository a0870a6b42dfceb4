package dev.sluice.signatures.match;

/**
 * What a rule can see of a decoded packet. The engine's packet flyweight implements it; keywords
 * read through it and never see the engine's classes. Offsets index {@link #data()}.
 */
public interface PacketView {
    int IPPROTO_ICMP = 1;
    int IPPROTO_TCP = 6;
    int IPPROTO_UDP = 17;
    int IPPROTO_ICMPV6 = 58;

    int TH_FIN = 0x01;
    int TH_SYN = 0x02;
    int TH_RST = 0x04;
    int TH_PUSH = 0x08;
    int TH_ACK = 0x10;
    int TH_URG = 0x20;
    int TH_ECE = 0x40;
    int TH_CWR = 0x80;

    /** The frame's bytes (link layer included). */
    byte[] data();

    /** 4, 6, or 0 when there is no IP layer. */
    int ipVersion();

    /** Offset and length of the IP header (IPv6: fixed header plus extension headers). */
    int ipHeaderOffset();

    int ipHeaderLength();

    /** Offset of the source and destination address (4 or 16 bytes, by {@link #ipVersion()}). */
    int srcAddrOffset();

    int dstAddrOffset();

    /** Transport protocol number (IPPROTO_*); the last next-header for IPv6. */
    int ipProto();

    /** TTL or hop limit. */
    int ttl();

    /** IPv4 identification, flags (3 bits) and fragment offset (in 8-byte units), TOS. */
    int ipId();

    int ipFlags();

    int fragOffset();

    int tos();

    /*
     * ipOptions() bit layout (fixed): one bit per IPv4 option kind seen in the header. IPOPT_ANY is
     * "some other option"; the ipopts keyword's "any" tests for any bit at all.
     */
    long IPOPT_EOL = 1L;
    long IPOPT_NOP = 1L << 1;
    long IPOPT_RR = 1L << 2;
    long IPOPT_TS = 1L << 3;
    long IPOPT_SEC = 1L << 4;
    long IPOPT_ESEC = 1L << 5;
    long IPOPT_LSRR = 1L << 6;
    long IPOPT_SSRR = 1L << 7;
    long IPOPT_SATID = 1L << 8;
    long IPOPT_OTHER = 1L << 9;

    /** IPv4 options seen, a bit set of the {@code IPOPT_*} constants above. */
    long ipOptions();

    /** Offset and length of the transport header; length 0 when absent or truncated. */
    int l4HeaderOffset();

    int l4HeaderLength();

    int srcPort();

    int dstPort();

    int tcpFlags();

    long tcpSeq();

    long tcpAck();

    int tcpWindow();

    /** TCP MSS option value, or -1 when absent. */
    int tcpMss();

    int icmpType();

    int icmpCode();

    /** ICMP echo id and sequence, or -1 when not an echo. */
    int icmpId();

    int icmpSeq();

    /** Offset and length of the packet payload (after the transport header). */
    int payloadOffset();

    int payloadLength();

    /** Number of VLAN tags seen, and the id of tag {@code i} (outermost first). */
    int vlanCount();

    int vlanId(int i);

    /** True when decoding raised an event (malformed packet). */
    boolean hasDecodeEvents();

    /** MTU field of an ICMPv6 Packet Too Big message, or -1 when the packet is not one. */
    default long icmpv6Mtu() {
        return -1;
    }

    /**
     * True when decoding raised the named event, named as Suricata's decode-event keyword spells it
     * ("ipv6.frag_overlap", "tcp.opt_invalid_len", ...). Called only for rules using decode-event.
     */
    default boolean hasDecodeEvent(String name) {
        return false;
    }

    /** True when the packet was rebuilt from IP fragments. */
    default boolean defragmented() {
        return false;
    }

    /** Capture time of the packet in whole seconds (xbits expiry); 0 when unknown. */
    default long tsSeconds() {
        return 0;
    }
}
