package dev.sluice.engine.mutation;

/** Rules for the mutation tests, beside the whole ET Open or a few of its files. */
public final class PropertyRules {
    private PropertyRules() {}

    /**
     * Our own rules: every stage and sticky buffer the app layer feeds, drops so that flows end
     * dropped, and the reject family so that answers are built from damaged packets.
     */
    public static final String RULES = """
            alert http any any -> any any (msg:"uri etc"; flow:established,to_server; http.uri; content:"/etc/"; sid:9100001;)
            alert http any any -> any any (msg:"post sqlmap"; http.method; content:"POST"; http.user_agent; content:"sqlmap"; nocase; sid:9100002;)
            drop http any any -> any any (msg:"evil host"; http.host; pcre:"/^evil\\./"; sid:9100003;)
            alert http any any -> any any (msg:"404"; flow:to_client; http.stat_code; content:"404"; sid:9100004;)
            alert http any any -> any any (msg:"body html"; http.response_body; content:"<html"; nocase; sid:9100005;)
            alert http any any -> any any (msg:"cookie"; http.cookie; content:"session="; sid:9100006;)
            alert http any any -> any any (msg:"header chunked"; http.header; content:"chunked"; nocase; sid:9100007;)
            alert http any any -> any any (msg:"server"; http.server; content:"Apache"; sid:9100008;)
            drop http any any -> any any (msg:"request body"; http.request_body; content:"or 1=1"; sid:9100009;)
            alert dns any any -> any any (msg:"dns example"; dns.query; content:"example"; nocase; sid:9100010;)
            drop dns any any -> any any (msg:"dns bad"; dns.query; pcre:"/bad\\d+/"; sid:9100011;)
            alert tls any any -> any any (msg:"sni"; tls.sni; content:"example"; sid:9100020;)
            alert tls any any -> any any (msg:"cert"; tls.cert_subject; content:"CN="; sid:9100021;)
            alert tls any any -> any any (msg:"ja3"; ja3.string; content:"771,"; sid:9100022;)
            alert tcp any any -> any any (msg:"get set"; flow:established,to_server; content:"GET"; depth:3; flowbits:set,p.get; flowbits:noalert; sid:9100030;)
            drop tcp any any -> any any (msg:"passwd after get"; flow:established,to_client; flowbits:isset,p.get; content:"root:"; sid:9100031;)
            alert tcp any any -> any any (msg:"union"; flow:established; pcre:"/union\\s+select/i"; sid:9100032;)
            reject tcp any any -> any 4444 (msg:"port 4444"; flow:to_server; sid:9100033;)
            rejectboth udp any any -> any 53 (msg:"dns bad1"; content:"bad1"; sid:9100080;)
            rejectdst tcp any any -> any any (msg:"union rejectdst"; flow:established,to_server; content:"UNION"; nocase; sid:9100081;)
            rejectsrc icmp any any -> any any (msg:"echo rejectsrc"; itype:8; content:"|ff|"; sid:9100082;)
            alert tcp any any -> any any (msg:"big"; dsize:>1200; sid:9100034;)
            alert tcp any any -> any any (msg:"syn fin"; flags:SF,12; sid:9100035;)
            alert tcp any any -> any 80 (msg:"bytes"; flow:established,to_server; content:"HTTP/1."; byte_test:1,>,0x30,0,relative; isdataat:2,relative; sid:9100036;)
            alert udp any any -> any 53 (msg:"dns header"; content:"|01 00 00 01|"; offset:2; depth:4; sid:9100040;)
            alert udp any any -> any any (msg:"udp jump"; byte_jump:1,0,relative; content:"|00|"; within:4; sid:9100041;)
            alert icmp any any -> any any (msg:"unreachable"; itype:3; sid:9100050;)
            alert icmp any any -> any any (msg:"echo"; itype:8; icode:0; content:"|00|"; sid:9100051;)
            alert ip any any -> any any (msg:"record route"; ipopts:rr; sid:9100060;)
            alert ip any any -> any any (msg:"more fragments"; fragbits:M; sid:9100061;)
            alert ip any any -> any any (msg:"low ttl"; ttl:<3; sid:9100062;)
            drop ip any any -> any any (msg:"ip proto 132"; ip_proto:132; sid:9100063;)
            alert ipv6 any any -> any any (msg:"ipv6"; ttl:64; sid:9100064;)
            alert tcp any any -> any any (msg:"stream passwd"; flow:established,to_server; content:"passwd"; fast_pattern; content:"HTTP"; distance:0; sid:9100070;)
            """;
}
