package dev.sluice.signatures.header;

import dev.sluice.signatures.Action;

/**
 * {@code action proto src sport -> dst dport}: what a rule applies to. Immutable.
 *
 * @param srcText the source address as written (before variables), for rule groups and messages
 */
public record RuleHeader(Action action, Protocol protocol,
                         AddressMatcher src, PortMatcher srcPorts,
                         boolean bidirectional,
                         AddressMatcher dst, PortMatcher dstPorts,
                         String srcText, String srcPortText, String dstText, String dstPortText) {
}
