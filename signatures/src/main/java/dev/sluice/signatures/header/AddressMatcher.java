package dev.sluice.signatures.header;

/** The address part of a rule header: any, a CIDR, a group, a negation. Immutable. */
@FunctionalInterface
public interface AddressMatcher {
    /** True when the address at {@code data[off]} (4 bytes for version 4, 16 for 6) is in the set. */
    boolean matches(byte[] data, int off, int version);

    AddressMatcher ANY = (data, off, version) -> true;
}
