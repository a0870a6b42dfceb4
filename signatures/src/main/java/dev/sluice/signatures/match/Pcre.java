package dev.sluice.signatures.match;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A pcre match over the buffer (or, when relative, over the rest of it after the previous match).
 * After a match the cursor is the end of the match. Immutable; each worker keeps its own Matcher by
 * {@link #id}.
 */
public final class Pcre implements PayloadItem {
    private static final AtomicInteger IDS = new AtomicInteger();

    final Pattern pattern;
    public final boolean negated;
    public final boolean relativeFlag;
    /** Flag A: the match must start where the search starts. */
    public final boolean anchored;
    /** Index of this pcre's matcher in each worker's cache. */
    final int id;
    private final String source;

    public Pcre(Pattern pattern, boolean negated, boolean relative, boolean anchored, String source) {
        this.pattern = pattern;
        this.negated = negated;
        this.relativeFlag = relative;
        this.anchored = anchored;
        this.source = source;
        this.id = IDS.getAndIncrement();
    }

    @Override
    public boolean relative() {
        return relativeFlag;
    }

    /** The Java pattern it compiled to. */
    public Pattern pattern() {
        return pattern;
    }

    /**
     * One search: 1 and cursor/pcreStart moved on a (non-negated) match, 0 otherwise; a negated pcre
     * gives 1 when the regex does not match.
     */
    int search(byte[] buf, int off, int len, DetectContext ctx) {
        int base = relativeFlag ? ctx.cursor : 0;
        int from = ctx.pcreStart != 0 ? ctx.pcreStart - base : 0;
        int n = len - base;
        boolean found = false;
        int start = 0;
        int end = 0;
        if (from >= 0 && from <= n) {
            ctx.chars.set(buf, off + base, n);
            java.util.regex.Matcher m = ctx.matcher(this);
            try {
                if (anchored) {
                    m.region(from, n);
                    found = m.lookingAt();
                } else {
                    found = m.find(from);
                }
                if (found) {
                    start = m.start();
                    end = m.end();
                }
            } catch (RuntimeException limit) {
                // the match limit: like PCRE's, it counts as "no match" for a positive pcre
                if (limit != ByteChars.BUDGET_EXCEEDED) {
                    throw limit;
                }
                ctx.pcreLimitHits++;
                return 0;
            } catch (StackOverflowError deep) {
                // java.util.regex recurses per repetition; a very long subject can exhaust the stack
                ctx.pcreLimitHits++;
                return 0;
            }
        }
        if (found) {
            if (negated) {
                return 0;
            }
            ctx.cursor = base + end;
            ctx.pcreStart = base + start + 1;
            return 1;
        }
        return negated ? 1 : 0;
    }

    @Override
    public String toString() {
        return "pcre:" + (negated ? "!" : "") + source;
    }
}
