package dev.sluice.signatures.match;

/**
 * Runs a buffer's payload items with Suricata's semantics.
 *
 * <p>Items run in order. Absolute contents search their {@code [offset, offset+depth)} window;
 * relative items anchor at the cursor, the end of the previous match. When something after a
 * content (or pcre) fails and depends on where that content matched (a within, or a relative
 * byte_*, isdataat or pcre), the content is searched again from one past its previous match start,
 * and the rest retried: bounded backtracking, capped at {@link #RECURSION_LIMIT} steps per buffer.
 * A content with only a distance after it is not retried (a later match only shrinks the window).
 *
 * <p>Each step answers 1 (match), 0 (no match, an earlier content may retry) or -1 (no match and
 * stop). No allocation.
 */
final class Inspector {
    /** Steps per buffer inspection (Suricata's default inspection recursion limit). */
    static final int RECURSION_LIMIT = 3000;

    private Inspector() {
    }

    static boolean inspect(PayloadItem[] items, byte[] buf, int off, int len, DetectContext ctx) {
        ctx.cursor = 0;
        ctx.recursion = 0;
        ctx.pcreStart = 0;
        if (items.length == 0) {
            return true;
        }
        int end = markerIndex(items, 0);
        if (end == 0) {
            return false;
        }
        return run(items, 0, end, buf, off, len, ctx) == Step.MATCH;
    }

    /** Index of the first base64_data marker at or after {@code from}, or items.length. */
    private static int markerIndex(PayloadItem[] items, int from) {
        for (int i = from; i < items.length; i++) {
            if (items[i] == Base64Data.MARKER) {
                return i;
            }
        }
        return items.length;
    }

    /** Runs items[i, end) over the buffer. */
    private static int run(PayloadItem[] items, int i, int end, byte[] buf, int off, int len, DetectContext ctx) {
        if (++ctx.recursion >= RECURSION_LIMIT) {
            return Step.STOP;
        }
        PayloadItem item = items[i];
        if (item instanceof Content) {
            return content((Content) item, items, i, end, buf, off, len, ctx);
        }
        if (item instanceof Pcre) {
            return pcre((Pcre) item, items, i, end, buf, off, len, ctx);
        }
        if (item instanceof Base64Decode) {
            return base64((Base64Decode) item, items, i, buf, off, len, ctx);
        }
        int r = ((Step) item).eval(buf, off, len, ctx);
        if (r != Step.MATCH) {
            return r;
        }
        return next(items, i, end, buf, off, len, ctx);
    }

    private static int next(PayloadItem[] items, int i, int end, byte[] buf, int off, int len, DetectContext ctx) {
        if (i + 1 >= end) {
            return Step.MATCH;
        }
        return run(items, i + 1, end, buf, off, len, ctx);
    }

    private static int content(Content c, PayloadItem[] items, int i, int end,
                               byte[] buf, int off, int len, DetectContext ctx) {
        final int prevCursor = ctx.cursor;
        final int plen = c.pattern.length;
        int retryFrom = 0;
        while (true) {
            long depth = len;
            long offset;
            if (c.relative()) {
                offset = prevCursor;
                long distance = 0;
                if (c.hasDistance) {
                    distance = c.distanceVar ? (int) ctx.vars[c.distance] : c.distance;
                    offset = distance < 0 && -distance > offset ? 0 : offset + distance;
                }
                if (c.hasWithin) {
                    long within = c.withinVar ? ctx.vars[c.within] : c.within;
                    long limit = prevCursor + within + distance;
                    // a negative limit wraps around in the reference engine: no limit at all
                    if (limit >= 0 && limit < depth) {
                        depth = limit;
                    }
                }
            } else {
                offset = c.offsetVar ? ctx.vars[c.offset] : c.offset;
                if (c.hasDepth) {
                    // depth counts from the offset
                    depth = offset + (c.depthVar ? ctx.vars[c.depth] : c.depth);
                }
            }
            if (retryFrom != 0) {
                offset = retryFrom;
            }
            if (depth > len || depth < 0) {
                depth = len;
            }
            if (offset > depth || offset < 0 || depth == 0) {
                return c.negated ? next(items, i, end, buf, off, len, ctx) : Step.NO_MATCH;
            }
            int found;
            if ((c.endsWith && depth < len) || plen > depth - offset) {
                found = -1;
            } else {
                found = c.search(buf, off + (int) offset, off + (int) depth);
                if (found >= 0) {
                    found -= off;
                }
            }
            if (found < 0) {
                if (!c.negated) {
                    // an absolute content that is absent stays absent
                    return c.relative() ? Step.NO_MATCH : Step.STOP;
                }
                return next(items, i, end, buf, off, len, ctx);
            }
            int matchEnd = found + plen;
            if (c.negated) {
                // the reference engine compares the window length with the absolute end here
                if (c.endsWith && depth - offset != matchEnd) {
                    return next(items, i, end, buf, off, len, ctx);
                }
                return single(c, items, i, end) ? Step.STOP : Step.NO_MATCH;
            }
            ctx.cursor = matchEnd;
            if (!c.endsWith || matchEnd == len) {
                if (i + 1 >= end) {
                    return Step.MATCH;
                }
                int r = run(items, i + 1, end, buf, off, len, ctx);
                if (r != Step.NO_MATCH) {
                    return r;
                }
                if (!retryHelps(items, i, end)) {
                    return Step.STOP;
                }
            }
            retryFrom = found + 1;
        }
    }

    private static int pcre(Pcre p, PayloadItem[] items, int i, int end,
                            byte[] buf, int off, int len, DetectContext ctx) {
        final int prevCursor = ctx.cursor;
        ctx.pcreStart = 0;
        boolean dependents = relativeNext(items, i, end);
        while (true) {
            if (p.search(buf, off, len, ctx) == 0) {
                return Step.NO_MATCH;
            }
            if (!dependents) {
                return next(items, i, end, buf, off, len, ctx);
            }
            int resume = ctx.pcreStart;
            if (i + 1 >= end) {
                return Step.MATCH;
            }
            int r = run(items, i + 1, end, buf, off, len, ctx);
            if (r != Step.NO_MATCH) {
                return r;
            }
            if (resume == 0) {
                return Step.NO_MATCH; // a negated pcre has no next occurrence
            }
            ctx.cursor = prevCursor;
            ctx.pcreStart = resume;
        }
    }

    private static int base64(Base64Decode d, PayloadItem[] items, int i,
                              byte[] buf, int off, int len, DetectContext ctx) {
        int marker = markerIndex(items, i + 1);
        if (marker + 1 >= items.length || !d.decode(buf, off, len, ctx)) {
            return Step.NO_MATCH;
        }
        ctx.cursor = 0;
        // the decoded items end the rule's list: a match there is the buffer's match
        int r = run(items, marker + 1, items.length, ctx.base64, 0, ctx.base64Len, ctx);
        return r == Step.MATCH ? Step.MATCH : Step.NO_MATCH;
    }

    /**
     * True when some item anchored on items[i] depends on where it matched beyond a plain distance:
     * the items up to (and including) the next content or pcre that are relative.
     */
    private static boolean retryHelps(PayloadItem[] items, int i, int end) {
        for (int j = i + 1; j < end; j++) {
            PayloadItem it = items[j];
            if (it instanceof Content) {
                Content c = (Content) it;
                return c.hasWithin;
            }
            if (it.relative()) {
                return true;
            }
            if (it instanceof Pcre) {
                return false;
            }
        }
        return false;
    }

    /** True when any item anchored on items[i] is relative. */
    private static boolean relativeNext(PayloadItem[] items, int i, int end) {
        for (int j = i + 1; j < end; j++) {
            PayloadItem it = items[j];
            if (it.relative()) {
                return true;
            }
            if (it instanceof Content || it instanceof Pcre) {
                return false;
            }
        }
        return false;
    }

    /** A content with no position constraints and nothing relative to it. */
    private static boolean single(Content c, PayloadItem[] items, int i, int end) {
        return !c.hasDistance && !c.hasWithin && !c.hasDepth && !c.hasOffset && !relativeNext(items, i, end);
    }
}
