/**
 * Raw IP sockets for packets Sluice makes itself: the TCP resets and ICMP unreachables of reject
 * rules. {@link dev.sluice.capture.raw.RawSender} takes a complete IPv4 or IPv6 packet (header
 * included, checksums filled) and hands it to the kernel, which routes it like any locally sent
 * packet. The JNA bindings stay package-private.
 */
package dev.sluice.capture.raw;
