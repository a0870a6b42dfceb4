package dev.sluice.signatures;

import dev.sluice.signatures.match.Buffer;

/**
 * The literal a rule hands to the multi-pattern prefilter: if it is absent from the buffer, the rule
 * cannot match. Immutable.
 *
 * @param bytes   the literal (already lower-cased when {@code nocase})
 * @param nocase  case-insensitive
 * @param buffer  the buffer it must be found in
 * @param end     when the literal can only match in the buffer's first {@code end} bytes (its content
 *                is absolute: depth, or startswith), that bound; -1 when it may be anywhere
 */
public record FastPattern(byte[] bytes, boolean nocase, Buffer buffer, int end) {
    /** A literal that may be anywhere in its buffer. */
    public FastPattern(byte[] bytes, boolean nocase, Buffer buffer) {
        this(bytes, nocase, buffer, -1);
    }
}
