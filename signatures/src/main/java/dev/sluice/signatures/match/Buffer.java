package dev.sluice.signatures.match;

import java.util.HashMap;
import java.util.Map;

/**
 * The buffers a rule's payload keywords can inspect. {@code PAYLOAD} is the packet (later: stream)
 * payload; the header buffers are the raw header bytes; the application-layer buffers ({@link #app}
 * names their protocol) are filled from a transaction of that protocol, and load but stay inactive
 * until their parser exists ({@link #waitingFor} names it). An application buffer may have several
 * instances in one transaction (one per DNS question, ...): a program matches when any instance does.
 */
public enum Buffer {
    PAYLOAD("payload", null),
    IPV4_HDR("ipv4.hdr", null),
    IPV6_HDR("ipv6.hdr", null),
    TCP_HDR("tcp.hdr", null),
    UDP_HDR("udp.hdr", null),
    ICMPV4_HDR("icmpv4.hdr", null),
    ICMPV6_HDR("icmpv6.hdr", null),

    /** HTTP/1.x buffers, filled from the request and response of one transaction (engine applayer.http). */
    HTTP_URI("http.uri", null, "http"),
    HTTP_URI_RAW("http.uri.raw", null, "http"),
    HTTP_METHOD("http.method", null, "http"),
    HTTP_REQUEST_LINE("http.request_line", null, "http"),
    HTTP_PROTOCOL("http.protocol", null, "http"),
    HTTP_HEADER("http.header", null, "http"),
    HTTP_HEADER_RAW("http.header.raw", null, "http"),
    HTTP_HEADER_NAMES("http.header_names", null, "http"),
    /** Each request header as "Name: value", one instance per header. */
    HTTP_REQUEST_HEADER("http.request_header", null, "http"),
    /** Each response header as "Name: value", one instance per header. */
    HTTP_RESPONSE_HEADER("http.response_header", null, "http"),
    HTTP_HOST("http.host", null, "http"),
    HTTP_HOST_RAW("http.host.raw", null, "http"),
    HTTP_USER_AGENT("http.user_agent", null, "http"),
    HTTP_ACCEPT("http.accept", null, "http"),
    HTTP_ACCEPT_LANG("http.accept_lang", null, "http"),
    HTTP_ACCEPT_ENC("http.accept_enc", null, "http"),
    HTTP_COOKIE("http.cookie", null, "http"),
    HTTP_REFERER("http.referer", null, "http"),
    HTTP_CONTENT_TYPE("http.content_type", null, "http"),
    HTTP_CONTENT_LEN("http.content_len", null, "http"),
    HTTP_CONNECTION("http.connection", null, "http"),
    HTTP_LOCATION("http.location", null, "http"),
    HTTP_SERVER("http.server", null, "http"),
    HTTP_REQUEST_BODY("http.request_body", null, "http"),
    HTTP_RESPONSE_BODY("http.response_body", null, "http"),
    FILE_DATA("file.data", null, "http"),
    HTTP_STAT_CODE("http.stat_code", null, "http"),
    HTTP_STAT_MSG("http.stat_msg", null, "http"),
    HTTP_RESPONSE_LINE("http.response_line", null, "http"),
    HTTP_START("http.start", null, "http"),
    /** Query names of a DNS request, dotted, no trailing dot; one instance per question. */
    DNS_QUERY("dns.query", null, "dns"),
    /** Query (question) names of any DNS message, request or response. */
    DNS_QUERIES_RRNAME("dns.queries.rrname", null, "dns"),
    /** Owner names of a DNS message's answer records. */
    DNS_ANSWERS_RRNAME("dns.answers.rrname", null, "dns"),
    /** Owner names of a DNS message's authority records. */
    DNS_AUTHORITIES_RRNAME("dns.authorities.rrname", null, "dns"),
    /** Owner names of a DNS message's additional records. */
    DNS_ADDITIONALS_RRNAME("dns.additionals.rrname", null, "dns"),
    /** Every name of a DNS response: questions, record owners, and names inside record data. */
    DNS_RESPONSE_RRNAME("dns.response.rrname", null, "dns"),
    /** Server name of the ClientHello's SNI extension (to server). */
    TLS_SNI("tls.sni", null, "tls"),
    /** Subject of the server's first certificate, "C=US, O=Org, CN=name" (to client). */
    TLS_CERT_SUBJECT("tls.cert_subject", null, "tls"),
    /** Issuer of the server's first certificate, same form. */
    TLS_CERT_ISSUER("tls.cert_issuer", null, "tls"),
    /** Serial of the server's first certificate, upper-case colon hex "0C:D0:A8". */
    TLS_CERT_SERIAL("tls.cert_serial", null, "tls"),
    /** SHA-1 of the server's first certificate, lower-case colon hex. */
    TLS_CERT_FINGERPRINT("tls.cert_fingerprint", null, "tls"),
    /** Each certificate (DER) of the server's chain; one instance per certificate. */
    TLS_CERTS("tls.certs", null, "tls"),
    /** JA3 MD5 of the ClientHello, 32 lower-case hex digits. */
    JA3_HASH("ja3.hash", null, "tls"),
    JA3_STRING("ja3.string", null, "tls"),
    JA3S_HASH("ja3s.hash", null, "tls"),
    JA3S_STRING("ja3s.string", null, "tls"),
    /** The 32-byte random of the hello of the inspected direction. */
    TLS_RANDOM("tls.random", null, "tls"),
    /** Its first 4 bytes. */
    TLS_RANDOM_TIME("tls.random_time", null, "tls"),
    /** Its last 28 bytes. */
    TLS_RANDOM_BYTES("tls.random_bytes", null, "tls"),
    /** Each protocol of the hello's ALPN extension (client offers, server choice); one instance each. */
    TLS_ALPN("tls.alpn", null, "tls"),
    /** Any other sticky buffer Suricata knows (SMB, SIP, ...): loads, never inspected yet. */
    OTHER_APP("app-layer", "app-layer");

    /** The keyword name of the buffer (Suricata 5+ sticky-buffer spelling). */
    public final String keyword;
    /** Null when the engine fills the buffer today; else the parser it waits for. */
    public final String waitingFor;
    /** The application protocol whose transactions fill the buffer ("dns"), null for packet buffers. */
    public final String app;

    Buffer(String keyword, String waitingFor) {
        this(keyword, waitingFor, waitingFor);
    }

    Buffer(String keyword, String waitingFor, String app) {
        this.keyword = keyword;
        this.waitingFor = waitingFor;
        this.app = app;
    }

    public boolean active() {
        return waitingFor == null;
    }

    /** True for buffers filled from application-layer transactions rather than the packet. */
    public boolean appLayer() {
        return app != null;
    }

    private static final Map<String, Buffer> BY_KEYWORD = new HashMap<>();

    static {
        for (Buffer b : values()) {
            BY_KEYWORD.put(b.keyword, b);
        }
    }

    /** The buffer with this keyword name, or null. */
    public static Buffer byKeyword(String keyword) {
        return BY_KEYWORD.get(keyword);
    }
}
