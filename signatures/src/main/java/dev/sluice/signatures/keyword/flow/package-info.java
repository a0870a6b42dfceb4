/**
 * Flow keywords: flow, flowbits, stream_size (packet conditions and post-match actions over
 * {@link dev.sluice.signatures.match.FlowState}), and threshold / detection_filter (parsed into
 * {@link dev.sluice.signatures.ThresholdSpec}; the engine counts).
 */
package dev.sluice.signatures.keyword.flow;
