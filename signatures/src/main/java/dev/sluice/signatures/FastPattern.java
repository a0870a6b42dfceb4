package dev.sluice.signatures;

import dev.sluice.signatures.match.Buffer;

/**
 * The literal a rule hands to the multi-pattern prefilter: if it is absent from the buffer, the rule
 * cannot match. Immutable.
 *
 * @param bytes   the literal (already lower-cased when {@code nocase})
 * @param nocase  case-insensitive
 * @param buffer  the buffer it must be found in
 */
public record FastPattern(byte[] bytes, boolean nocase, Buffer buffer) {
}
