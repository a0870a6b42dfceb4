package dev.sluice.signatures.match;

/**
 * Integer fields of application-layer transactions that rule keywords test (dns.opcode, ...). A
 * field may have several values in one transaction (one rrtype per DNS question).
 */
public enum TxField {
    /** The DNS header's opcode (4 bits). */
    DNS_OPCODE,
    /** The DNS header's rcode (4 bits). */
    DNS_RCODE,
    /** The type of each question of a DNS message. */
    DNS_RRTYPE,
    /** HTTP: length of the request's normalised URI (http.uri). */
    HTTP_URI_LEN,
    /** HTTP: length of the request's URI as sent (http.uri.raw). */
    HTTP_URI_RAW_LEN,
    /** TLS: the version of the inspected direction (hello version, or 0x0304 negotiated). */
    TLS_VERSION,
    /** TLS: handshake messages seen by the current update, bits of {@code TlsStateBits}. */
    TLS_STATE,
    /** TLS: number of certificates in the server's chain. */
    TLS_CERT_CHAIN_LEN,
    /** TLS: the server certificate's notBefore, seconds since the epoch. */
    TLS_CERT_NOTBEFORE,
    /** TLS: the server certificate's notAfter, seconds since the epoch. */
    TLS_CERT_NOTAFTER
}
