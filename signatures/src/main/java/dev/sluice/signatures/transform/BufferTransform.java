package dev.sluice.signatures.transform;

/**
 * One transform of a sticky buffer's bytes. Implementations are immutable and shared by all
 * workers; per-worker state (digests, matchers) lives in the {@link TransformScratch}. Never throws
 * on any input, allocates nothing once the scratch is warm.
 */
public interface BufferTransform {
    /** The most bytes {@link #apply} writes for {@code len} input bytes. */
    int maxOutput(int len);

    /**
     * Writes the transform of {@code in[off, off+len)} to {@code out} from index 0 and returns the
     * output length. {@code out} holds at least {@link #maxOutput}(len) bytes and is not {@code in}.
     */
    int apply(byte[] in, int off, int len, byte[] out, TransformScratch scratch);

    /** How a literal found in the output relates to the input, for the prefilter. */
    Prefilter prefilter();

    /** How a prefilter literal that must occur in a transform's output can be looked for in its input. */
    enum Prefilter {
        /** The literal occurs in the input ignoring case (case changes). */
        NOCASE,
        /** The literal, less a leading '.', occurs in the input (dotprefix). */
        STRIP_LEADING_DOT,
        /** Nothing can be said about the input (hashes, decoders, xor, whitespace changes). */
        NONE
    }
}
