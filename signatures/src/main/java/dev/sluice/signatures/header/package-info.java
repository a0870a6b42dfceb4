/**
 * Rule headers: {@link dev.sluice.signatures.header.HeaderParser} reads
 * {@code action proto src sport dir dst dport}, resolves address and port variables, and compiles
 * the address and port expressions to allocation-free matchers
 * ({@link dev.sluice.signatures.header.AddressMatcher}, {@link dev.sluice.signatures.header.PortMatcher})
 * held by the immutable {@link dev.sluice.signatures.header.RuleHeader}.
 */
package dev.sluice.signatures.header;
