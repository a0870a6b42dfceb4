/**
 * Alert outputs: {@link dev.sluice.engine.output.AlertEvent} is what a worker hands over for one
 * alert or dropped packet, {@link dev.sluice.engine.output.FastLogFormatter} and
 * {@link dev.sluice.engine.output.EveFormatter} turn it into Suricata's fast.log and eve.json lines
 * (times in UTC), and {@link dev.sluice.engine.output.OutputWriter} queues events from the workers
 * to a single writer thread that owns the files. Nothing here runs per packet; allocation per alert
 * is fine.
 */
package dev.sluice.engine.output;
