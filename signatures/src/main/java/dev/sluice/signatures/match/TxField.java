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
    DNS_RRTYPE
}
