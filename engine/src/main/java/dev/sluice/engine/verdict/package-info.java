/**
 * Verdicts: what the outcome of detection means for a packet in IDS and inline (IPS) mode, and for
 * the rest of its flow; and, inline, the answers of reject rules (a TCP reset, or an ICMP
 * destination unreachable) built by {@link dev.sluice.engine.verdict.RejectBuilder} and sent by a
 * {@link dev.sluice.engine.verdict.Rejecter}; and the exception policies
 * ({@link dev.sluice.engine.verdict.ExceptionPolicies}): what a packet gets when a stage meets its
 * limit (flow table, TCP sessions, reassembly memory, defragmentation, app-layer or processing
 * error), as sluice.yaml's exception-policy keys say; the worker applies them; and the capture
 * bypass mark ({@link dev.sluice.engine.verdict.BypassMark}) a bypassed flow's packets are given
 * back with.
 */
package dev.sluice.engine.verdict;
