/**
 * Flow tracking: {@link dev.sluice.engine.flow.FlowTable} maps every IP packet to its
 * {@link dev.sluice.engine.flow.Flow} (both directions to one flow), follows the TCP handshake for
 * {@code flow:established}, and expires or evicts flows by capture time. One table per worker; a
 * flow is only touched by the worker its packets hash to, so nothing here is synchronized.
 */
package dev.sluice.engine.flow;
