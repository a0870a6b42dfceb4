package dev.sluice.signatures.header;

/**
 * Set relations between compiled address expressions, for grouping rules when an engine is built
 * (never per packet). A matcher that is not a compiled set is taken to overlap everything, so an
 * answer of false is always exact.
 */
public final class AddressRelations {
    private AddressRelations() {
    }

    /** True when some address is in both {@code a} and {@code b}. */
    public static boolean overlaps(AddressMatcher a, AddressMatcher b) {
        if (!(a instanceof AddressSet x) || !(b instanceof AddressSet y)) {
            return true; // ANY (or an unknown matcher) overlaps any non-empty set
        }
        return !x.v4.minus(y.v4.complement()).isEmpty() || !x.v6.minus(y.v6.complement()).isEmpty();
    }

    /** True when some address of {@code a} is outside {@code b}. */
    public static boolean overlapsOutside(AddressMatcher a, AddressMatcher b) {
        if (b == AddressMatcher.ANY) {
            return false;
        }
        if (!(a instanceof AddressSet x) || !(b instanceof AddressSet y)) {
            return true;
        }
        return !x.v4.minus(y.v4).isEmpty() || !x.v6.minus(y.v6).isEmpty();
    }
}
