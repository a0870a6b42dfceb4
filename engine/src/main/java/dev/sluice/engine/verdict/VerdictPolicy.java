package dev.sluice.engine.verdict;

import dev.sluice.capture.Verdict;

/**
 * Turns detection results into a verdict. In IDS mode every packet is accepted and drop rules only
 * alert (fast.log shows {@code [wDrop]}); in inline mode a matching drop or reject rule drops the
 * packet and every later packet of its flow.
 *
 * @param inline        drop rules drop
 * @param onError       verdict for a packet whose processing threw (fail-open by default): DROP makes the
 *                      worker's default {@code engine.error-policy} drop-packet; {@link ExceptionPolicies}
 *                      set on the worker replace it
 */
public record VerdictPolicy(boolean inline, Verdict onError) {
    public static VerdictPolicy ids() {
        return new VerdictPolicy(false, Verdict.ACCEPT);
    }

    public static VerdictPolicy ips() {
        return new VerdictPolicy(true, Verdict.ACCEPT);
    }
}
