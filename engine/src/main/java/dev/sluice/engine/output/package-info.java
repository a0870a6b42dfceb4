/**
 * Alert outputs: {@link dev.sluice.engine.output.AlertEvent} is what a worker hands over for one
 * alert or dropped packet, {@link dev.sluice.engine.output.FastLogFormatter} and
 * {@link dev.sluice.engine.output.EveFormatter} turn it into Suricata's fast.log and eve.json lines
 * (times in UTC), and {@link dev.sluice.engine.output.OutputWriter} queues events from the workers
 * to a single writer thread that owns the files. {@link dev.sluice.engine.output.StatsSnapshot} is
 * the engine's totals for an eve.json {@code stats} record, and
 * {@link dev.sluice.engine.output.RedisSink} sends every eve.json line to Redis as well (Suricata's
 * {@code filetype: redis}), from the writer thread. Nothing here runs per packet; allocation per
 * alert is fine.
 */
package dev.sluice.engine.output;
