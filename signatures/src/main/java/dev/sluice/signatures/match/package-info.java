/**
 * The match-time contract between rules and the engine: the views of a packet and its flow that
 * keywords read, the per-worker {@link dev.sluice.signatures.match.DetectContext}, and the small
 * interfaces keywords compile to (packet conditions, payload programs, post-match actions), and
 * {@link dev.sluice.signatures.match.HostBits}, the host / ip-pair bit store the engine provides.
 */
package dev.sluice.signatures.match;
