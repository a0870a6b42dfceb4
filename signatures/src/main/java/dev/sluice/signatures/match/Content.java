package dev.sluice.signatures.match;

/**
 * A content match: a literal searched in a window of the buffer. Absolute contents search
 * {@code [offset, offset+depth)}; relative ones (distance/within) search from the end of the previous
 * match plus distance, at most within bytes. Numeric modifiers may name a byte_extract variable
 * (the {@code *Var} flags; the value is then the variable's slot). Immutable: modifiers build a new
 * one through {@link #toSpec()}.
 */
public final class Content implements PayloadItem {
    /** ASCII lower-case table for case-insensitive comparison. */
    static final byte[] LOWER = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            LOWER[i] = (byte) (i >= 'A' && i <= 'Z' ? i + 32 : i);
        }
    }

    final byte[] pattern;
    /** The pattern lower-cased when nocase, else the pattern itself. */
    final byte[] folded;
    public final boolean nocase;
    public final boolean negated;
    public final boolean startsWith;
    public final boolean endsWith;
    public final boolean hasOffset;
    public final int offset;
    public final boolean offsetVar;
    public final boolean hasDepth;
    public final int depth;
    public final boolean depthVar;
    public final boolean hasDistance;
    public final int distance;
    public final boolean distanceVar;
    public final boolean hasWithin;
    public final int within;
    public final boolean withinVar;

    private Content(Spec s) {
        this.pattern = s.pattern.clone();
        this.nocase = s.nocase;
        if (s.nocase) {
            byte[] f = new byte[pattern.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = LOWER[pattern[i] & 0xff];
            }
            this.folded = f;
        } else {
            this.folded = pattern;
        }
        this.negated = s.negated;
        this.startsWith = s.startsWith;
        this.endsWith = s.endsWith;
        this.hasOffset = s.hasOffset;
        this.offset = s.offset;
        this.offsetVar = s.offsetVar;
        this.hasDepth = s.hasDepth;
        this.depth = s.depth;
        this.depthVar = s.depthVar;
        this.hasDistance = s.hasDistance;
        this.distance = s.distance;
        this.distanceVar = s.distanceVar;
        this.hasWithin = s.hasWithin;
        this.within = s.within;
        this.withinVar = s.withinVar;
    }

    public static Content of(byte[] pattern, boolean negated) {
        Spec s = new Spec();
        s.pattern = pattern;
        s.negated = negated;
        return s.build();
    }

    public int length() {
        return pattern.length;
    }

    public byte[] pattern() {
        return pattern.clone();
    }

    @Override
    public boolean relative() {
        return hasDistance || hasWithin;
    }

    public Spec toSpec() {
        Spec s = new Spec();
        s.pattern = pattern;
        s.nocase = nocase;
        s.negated = negated;
        s.startsWith = startsWith;
        s.endsWith = endsWith;
        s.hasOffset = hasOffset;
        s.offset = offset;
        s.offsetVar = offsetVar;
        s.hasDepth = hasDepth;
        s.depth = depth;
        s.depthVar = depthVar;
        s.hasDistance = hasDistance;
        s.distance = distance;
        s.distanceVar = distanceVar;
        s.hasWithin = hasWithin;
        s.within = within;
        s.withinVar = withinVar;
        return s;
    }

    /**
     * First position in {@code [from, to)} of buf where the whole pattern fits and matches, or -1.
     * A first-byte scan then a compare; no allocation.
     */
    int search(byte[] buf, int from, int to) {
        final byte[] p = folded;
        final int n = p.length;
        final int last = to - n;
        if (nocase) {
            final byte[] lower = LOWER;
            final byte first = p[0];
            for (int i = from; i <= last; i++) {
                if (lower[buf[i] & 0xff] != first) {
                    continue;
                }
                int j = 1;
                while (j < n && lower[buf[i + j] & 0xff] == p[j]) {
                    j++;
                }
                if (j == n) {
                    return i;
                }
            }
        } else {
            final byte first = p[0];
            for (int i = from; i <= last; i++) {
                if (buf[i] != first) {
                    continue;
                }
                int j = 1;
                while (j < n && buf[i + j] == p[j]) {
                    j++;
                }
                if (j == n) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "content:" + (negated ? "!" : "") + '"' + new String(pattern, java.nio.charset.StandardCharsets.ISO_8859_1) + '"';
    }

    /** Mutable settings of a content under construction (parse time only). */
    public static final class Spec {
        public byte[] pattern;
        public boolean nocase;
        public boolean negated;
        public boolean startsWith;
        public boolean endsWith;
        public boolean hasOffset;
        public int offset;
        public boolean offsetVar;
        public boolean hasDepth;
        public int depth;
        public boolean depthVar;
        public boolean hasDistance;
        public int distance;
        public boolean distanceVar;
        public boolean hasWithin;
        public int within;
        public boolean withinVar;

        public Content build() {
            if (pattern == null || pattern.length == 0) {
                throw new IllegalStateException("empty content");
            }
            return new Content(this);
        }
    }
}
