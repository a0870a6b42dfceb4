/**
 * Packet header keywords: flags, ttl, ip_proto, itype, icode, icmp_id, icmp_seq, ipopts, fragbits,
 * fragoffset, sameip, seq, ack, window, tcp.mss, id, tos, dsize, vlan.layers, vlan.id,
 * icmpv6.mtu, decode-event (packet conditions), and the header sticky buffers (tcp.hdr, ...,
 * pkt_data).
 */
package dev.sluice.signatures.keyword.header;
