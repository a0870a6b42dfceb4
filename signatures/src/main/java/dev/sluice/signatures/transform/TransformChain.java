package dev.sluice.signatures.transform;

import java.util.Arrays;
import java.util.List;

/**
 * The transforms a rule applies to one sticky buffer, in rule order: each one's output is the next
 * one's input. Immutable.
 */
public final class TransformChain {
    /** The most transforms one buffer takes (as Suricata). */
    public static final int MAX = 16;

    private final BufferTransform[] steps;

    public TransformChain(List<BufferTransform> steps) {
        this.steps = steps.toArray(new BufferTransform[0]);
    }

    public boolean isEmpty() {
        return steps.length == 0;
    }

    public List<BufferTransform> steps() {
        return List.of(steps);
    }

    /**
     * Runs the chain over {@code in[off, off+len)} (at most {@link TransformScratch#MAX_INPUT} bytes
     * of it); the output is {@link TransformScratch#result()} from index 0, its length returned.
     */
    public int run(byte[] in, int off, int len, TransformScratch s) {
        byte[] src = in;
        int so = off;
        int n = Math.min(Math.max(len, 0), TransformScratch.MAX_INPUT);
        s.startChain();
        for (BufferTransform t : steps) {
            byte[] out = s.nextOutput(t.maxOutput(n));
            n = t.apply(src, so, n, out, s);
            src = out;
            so = 0;
        }
        if (so != 0) {
            // an empty chain: hand back a copy so the result always starts at index 0
            byte[] out = s.nextOutput(n);
            System.arraycopy(src, so, out, 0, n);
            src = out;
        }
        s.setResult(src);
        return n;
    }

    /** A prefilter literal: bytes (lower-cased by the caller when nocase) and whether case is ignored. */
    public record Literal(byte[] bytes, boolean nocase) {
    }

    /**
     * The literal the prefilter may look for in the untransformed buffer so that it is still a
     * necessary condition for {@code bytes} occurring in the transformed one; null when no such
     * literal exists (a transform whose output says nothing about its input, or nothing left).
     */
    public static Literal prefilter(List<BufferTransform> chain, byte[] bytes, boolean nocase) {
        byte[] b = bytes;
        boolean nc = nocase;
        for (int i = chain.size() - 1; i >= 0; i--) {
            switch (chain.get(i).prefilter()) {
                case NOCASE:
                    nc = true;
                    break;
                case STRIP_LEADING_DOT:
                    // any piece of a necessary literal is necessary too, so dropping the dot is always safe
                    if (b.length > 0 && b[0] == '.') {
                        b = Arrays.copyOfRange(b, 1, b.length);
                    }
                    break;
                default:
                    return null;
            }
        }
        return b.length == 0 ? null : new Literal(b, nc);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (BufferTransform t : steps) {
            sb.append(sb.length() == 0 ? "" : "; ").append(t);
        }
        return sb.toString();
    }
}
