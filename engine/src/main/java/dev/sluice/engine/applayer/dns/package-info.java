/**
 * DNS over UDP and TCP (RFC 1035, length-prefixed on TCP per RFC 7766): recognition
 * ({@link dev.sluice.engine.applayer.dns.DnsProbe}), parsing of each message into one transaction
 * ({@link dev.sluice.engine.applayer.dns.DnsParser}, {@link dev.sluice.engine.applayer.dns.DnsTx})
 * with safe name decompression ({@link dev.sluice.engine.applayer.dns.DnsNames}: pointer loops,
 * out-of-bounds pointers and over-long names raise {@link dev.sluice.engine.applayer.dns.DnsEvents}),
 * the buffers dns.query, dns.*.rrname and the fields dns.opcode / dns.rcode / dns.rrtype, and the
 * EVE {@code dns} object of alerts. Requests and responses are separate transactions, as in
 * Suricata.
 */
package dev.sluice.engine.applayer.dns;
