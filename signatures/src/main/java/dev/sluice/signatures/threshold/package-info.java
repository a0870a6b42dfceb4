/**
 * threshold.config, the sensor's own thresholding next to the rules' {@code threshold} and
 * {@code detection_filter} keywords: {@code threshold}/{@code event_filter} (how often a rule
 * alerts), {@code suppress} (no alerts for a rule, or for some hosts) and {@code rate_filter} (a
 * rule's action changes for a while once it matches too often). {@link
 * dev.sluice.signatures.threshold.ThresholdConfig} parses the file into immutable
 * {@link dev.sluice.signatures.threshold.ThresholdEntry} values and works out, rule by rule, which
 * of them apply ({@link dev.sluice.signatures.threshold.RuleThresholds}); the counting is the
 * engine's.
 */
package dev.sluice.signatures.threshold;
