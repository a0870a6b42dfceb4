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

    HTTP_URI("http.uri", "http"),
    HTTP_URI_RAW("http.uri.raw", "http"),
    HTTP_METHOD("http.method", "http"),
    HTTP_REQUEST_LINE("http.request_line", "http"),
    HTTP_PROTOCOL("http.protocol", "http"),
    HTTP_HEADER("http.header", "http"),
    HTTP_HEADER_RAW("http.header.raw", "http"),
    HTTP_HEADER_NAMES("http.header_names", "http"),
    HTTP_HOST("http.host", "http"),
    HTTP_HOST_RAW("http.host.raw", "http"),
    HTTP_USER_AGENT("http.user_agent", "http"),
    HTTP_ACCEPT("http.accept", "http"),
    HTTP_ACCEPT_LANG("http.accept_lang", "http"),
    HTTP_ACCEPT_ENC("http.accept_enc", "http"),
    HTTP_COOKIE("http.cookie", "http"),
    HTTP_REFERER("http.referer", "http"),
    HTTP_CONTENT_TYPE("http.content_type", "http"),
    HTTP_CONTENT_LEN("http.content_len", "http"),
    HTTP_CONNECTION("http.connection", "http"),
    HTTP_LOCATION("http.location", "http"),
    HTTP_SERVER("http.server", "http"),
    HTTP_REQUEST_BODY("http.request_body", "http"),
    HTTP_RESPONSE_BODY("http.response_body", "http"),
    FILE_DATA("file.data", "http"),
    HTTP_STAT_CODE("http.stat_code", "http"),
    HTTP_STAT_MSG("http.stat_msg", "http"),
    HTTP_RESPONSE_LINE("http.response_line", "http"),
    HTTP_START("http.start", "http"),
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
    TLS_SNI("tls.sni", "tls"),
    TLS_CERT_SUBJECT("tls.cert_subject", "tls"),
    TLS_CERT_ISSUER("tls.cert_issuer", "tls"),
    TLS_CERT_SERIAL("tls.cert_serial", "tls"),
    TLS_CERT_FINGERPRINT("tls.cert_fingerprint", "tls"),
    TLS_CERTS("tls.certs", "tls"),
    JA3_HASH("ja3.hash", "tls"),
    JA3_STRING("ja3.string", "tls"),
    JA3S_HASH("ja3s.hash", "tls"),
    JA3S_STRING("ja3s.string", "tls"),
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
