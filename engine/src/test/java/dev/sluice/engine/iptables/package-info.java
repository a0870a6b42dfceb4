/**
 * Tests of {@code iptables/sluice-iptables}, the fail-safe NFQUEUE set-up, and of {@code sluice run
 * --iptables}: each test builds a server and a client network namespace joined by a veth pair
 * (IPv4 and IPv6), runs the script inside the server namespace with the nft and the legacy back
 * end, and checks reachability, the saved and restored rule sets, the rollback timer and the
 * engine's own use of the script. They need root and skip otherwise.
 */
package dev.sluice.engine.iptables;
