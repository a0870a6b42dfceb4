/**
 * Packet decoding: turns a captured {@link dev.sluice.capture.Frame} into the {@link
 * dev.sluice.engine.decode.Packet} flyweight by recording offsets and header fields, from the link
 * layer (Ethernet, Linux cooked, BSD loopback, raw IP) through VLAN/QinQ, PPPoE, MPLS and tunnels
 * (GRE, ERSPAN, IP-in-IP, Teredo, VXLAN, Geneve) down to IPv4/IPv6 and TCP/UDP/ICMP.
 *
 * <p>Owns {@link dev.sluice.engine.decode.Decoder} (the entry point), one decoder class per protocol,
 * {@link dev.sluice.engine.decode.DecodeOptions}, the IPv4 option bit layout {@link
 * dev.sluice.engine.decode.IpOptions}, the one's complement {@link
 * dev.sluice.engine.decode.Checksum} and the address printer {@link dev.sluice.engine.decode.IpAddr}.
 *
 * <p>Rules of the package: decoding never allocates and never throws; a malformed or truncated
 * header raises a {@link dev.sluice.engine.decode.DecodeEvent} and decoding of that layer stops.
 * When packets are tunnelled, the packet's IP and transport fields describe the innermost layer;
 * events and VLAN ids accumulate over all layers.
 */
package dev.sluice.engine.decode;
