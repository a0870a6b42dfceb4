package dev.sluice.signatures.match;

/**
 * One payload keyword of a rule (content, pcre, byte_test, isdataat, ...) in its buffer's
 * sequence. Items are evaluated in order by a {@link PayloadProgram}; an item may be relative to
 * the end of the previous match. Immutable after parsing.
 */
public interface PayloadItem {
    /** True when this item is anchored to the previous item's match (distance, within, relative flags). */
    boolean relative();
}
