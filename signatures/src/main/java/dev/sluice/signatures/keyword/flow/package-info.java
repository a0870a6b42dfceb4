/**
 * Flow keywords: flow, flowbits, flowint, stream_size (packet conditions and post-match actions over
 * {@link dev.sluice.signatures.match.FlowState}), xbits and hostbits (the same over the worker's
 * {@link dev.sluice.signatures.match.HostBits} store), and threshold / detection_filter (parsed into
 * {@link dev.sluice.signatures.ThresholdSpec}; the engine counts).
 */
package dev.sluice.signatures.keyword.flow;
