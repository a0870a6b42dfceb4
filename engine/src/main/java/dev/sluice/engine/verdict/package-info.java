/**
 * Verdicts: what the outcome of detection means for a packet in IDS and inline (IPS) mode, and for
 * the rest of its flow.
 */
package dev.sluice.engine.verdict;
