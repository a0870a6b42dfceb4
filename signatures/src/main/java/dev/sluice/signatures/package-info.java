/**
 * The rule language: loading rule files ({@link dev.sluice.signatures.RuleLoader}), parsing one
 * rule ({@link dev.sluice.signatures.RuleParser}) into the immutable
 * {@link dev.sluice.signatures.Rule} through the mutable {@link dev.sluice.signatures.RuleBuilder}
 * that keywords write into. Sub-packages: {@code header} (addresses, ports, protocols),
 * {@code vars} (variables and sluice.yaml), {@code classify} (classification and reference
 * configs), {@code keyword} (one class per keyword and the keyword table), {@code match} (what rules
 * see of packets and flows, and payload inspection), {@code mpm} (the multi-pattern prefilter).
 * Everything here is built on the loading thread and read-only afterwards.
 */
package dev.sluice.signatures;
