/**
 * Detection: rules grouped by IP protocol, a multi-pattern prefilter per group, and the full
 * evaluation of each candidate rule on a packet. {@link dev.sluice.engine.detect.DetectEngine} is
 * built once per rule load and shared read-only; each worker owns a
 * {@link dev.sluice.engine.detect.DetectWorker} with its scratch. Rules are evaluated in the
 * {@link dev.sluice.engine.detect.ActionOrder} of sluice.yaml (pass, drop, reject, alert by default).
 */
package dev.sluice.engine.detect;
