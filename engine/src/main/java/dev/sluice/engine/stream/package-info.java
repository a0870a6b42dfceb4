/**
 * TCP stream reassembly: {@link dev.sluice.engine.stream.TcpStreamEngine} (one per worker) follows
 * each TCP session's handshake, sequence and acknowledgement numbers and windows
 * ({@link dev.sluice.engine.stream.TcpSession}, hung on {@code Flow.stream}) and reassembles what each
 * side sends into a {@link dev.sluice.engine.stream.StreamDirection}: in-order data readable in place,
 * out-of-order data held until its gap fills (or the receiver acknowledges past it), overlaps with
 * different data resolved by the target-based {@link dev.sluice.engine.stream.OverlapPolicy} (IDS) or
 * first-data-wins (inline), bounded by the reassembly depth and the worker's memcap
 * ({@link dev.sluice.engine.stream.StreamConfig}). Per-packet results are
 * {@link dev.sluice.engine.stream.StreamFlags} bits. Detection reads the directions and owns their
 * inspection progress; nothing here is thread-safe.
 */
package dev.sluice.engine.stream;
