package dev.sluice.signatures.header;

/**
 * The protocol word of a rule header. {@link #ipProto} is the IP protocol number the rule needs
 * (-1: any IP packet); {@link #waitingFor} names the application-layer parser a rule waits for, or is
 * null when the rule runs today; {@link #app} names the application protocol a flow must be detected
 * as (by content, not port) for the rule to apply.
 */
public enum Protocol {
    IP("ip", -1, null),
    /** IPv4 packets only ({@code ip4} is an alias). */
    IPV4("ipv4", -1, null),
    /** IPv6 packets only ({@code ip6} is an alias). */
    IPV6("ipv6", -1, null),
    /** Every packet, including those without a (valid) IP layer: decoder-event rules. */
    PKTHDR("pkthdr", -1, null),
    TCP("tcp", 6, null),
    TCP_PKT("tcp-pkt", 6, null),
    TCP_STREAM("tcp-stream", 6, null),
    UDP("udp", 17, null),
    /** Both ICMPv4 and ICMPv6, as in Suricata. */
    ICMP("icmp", 1, null),
    ICMPV4("icmpv4", 1, null),
    ICMPV6("icmpv6", 58, null),
    SCTP("sctp", 132, null),
    HTTP("http", 6, null, "http"),
    HTTP1("http1", 6, null, "http"),
    HTTP2("http2", 6, "http2"),
    DNS("dns", -1, null, "dns"),
    TLS("tls", 6, null, "tls"),
    SSH("ssh", 6, "ssh"),
    FTP("ftp", 6, "ftp"),
    FTP_DATA("ftp-data", 6, "ftp"),
    SMTP("smtp", 6, "smtp"),
    IMAP("imap", 6, "imap"),
    POP3("pop3", 6, "pop3"),
    SMB("smb", 6, "smb"),
    DCERPC("dcerpc", -1, "dcerpc"),
    NFS("nfs", -1, "nfs"),
    NTP("ntp", 17, "ntp"),
    TFTP("tftp", 17, "tftp"),
    KRB5("krb5", -1, "krb5"),
    DHCP("dhcp", 17, "dhcp"),
    SNMP("snmp", 17, "snmp"),
    SIP("sip", -1, "sip"),
    RFB("rfb", 6, "rfb"),
    MQTT("mqtt", 6, "mqtt"),
    RDP("rdp", 6, "rdp"),
    MODBUS("modbus", 6, "modbus"),
    DNP3("dnp3", 6, "dnp3"),
    ENIP("enip", -1, "enip"),
    IKE("ike", 17, "ike"),
    QUIC("quic", 17, "quic"),
    WEBSOCKET("websocket", 6, "websocket"),
    LDAP("ldap", -1, "ldap"),
    PGSQL("pgsql", 6, "pgsql"),
    TELNET("telnet", 6, "telnet"),
    BITTORRENT_DHT("bittorrent-dht", 17, "bittorrent-dht");

    public final String word;
    public final int ipProto;
    public final String waitingFor;
    /**
     * The application protocol a flow must be detected as for the rule to apply ("dns", "http"),
     * or null for the transport and IP protocols.
     */
    public final String app;

    Protocol(String word, int ipProto, String waitingFor) {
        this(word, ipProto, waitingFor, waitingFor);
    }

    Protocol(String word, int ipProto, String waitingFor, String app) {
        this.word = word;
        this.ipProto = ipProto;
        this.waitingFor = waitingFor;
        this.app = app;
    }

    /** True when a packet with this IP protocol number can match the rule. */
    public boolean acceptsIpProto(int proto) {
        if (ipProto < 0) {
            return true;
        }
        if (this == ICMP) {
            return proto == 1 || proto == 58;
        }
        if (this == DNS || this == SIP || this == KRB5 || this == NFS || this == DCERPC || this == ENIP || this == LDAP) {
            return proto == 6 || proto == 17;
        }
        return proto == ipProto;
    }

    /** 4 or 6 when the protocol word restricts the IP version (ipv4, ipv6), else 0. */
    public int ipVersion() {
        return this == IPV4 ? 4 : this == IPV6 ? 6 : 0;
    }

    /** True when the rule also applies to packets that have no IP layer ({@code pkthdr}). */
    public boolean matchesNonIp() {
        return this == PKTHDR;
    }

    public static Protocol of(String word) {
        if (word.equalsIgnoreCase("ip4")) {
            return IPV4;
        }
        if (word.equalsIgnoreCase("ip6")) {
            return IPV6;
        }
        for (Protocol p : values()) {
            if (p.word.equalsIgnoreCase(word)) {
                return p;
            }
        }
        return null;
    }
}
