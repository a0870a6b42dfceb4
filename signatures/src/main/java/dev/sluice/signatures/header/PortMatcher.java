package dev.sluice.signatures.header;

/** The port part of a rule header: any, a port, a range, a group, a negation. Immutable. */
@FunctionalInterface
public interface PortMatcher {
    boolean matches(int port);

    PortMatcher ANY = port -> true;
}
