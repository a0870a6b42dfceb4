/**
 * classification.config and reference.config: the rule classes ({@code classtype}) with their
 * descriptions and default priorities, and the reference systems with their URL prefixes. Both are
 * bundled as resources and can be replaced by files named in sluice.yaml.
 */
package dev.sluice.signatures.classify;
