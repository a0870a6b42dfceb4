/**
 * Verdicts: what the outcome of detection means for a packet in IDS and inline (IPS) mode, and for
 * the rest of its flow; and, inline, the answers of reject rules (a TCP reset, or an ICMP
 * destination unreachable) built by {@link dev.sluice.engine.verdict.RejectBuilder} and sent by a
 * {@link dev.sluice.engine.verdict.Rejecter}; and the capture bypass mark
 * ({@link dev.sluice.engine.verdict.BypassMark}) a bypassed flow's packets are given back with.
 */
package dev.sluice.engine.verdict;
