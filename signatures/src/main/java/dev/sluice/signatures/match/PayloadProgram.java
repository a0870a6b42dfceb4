package dev.sluice.signatures.match;

import dev.sluice.signatures.transform.TransformChain;

import java.util.ArrayList;
import java.util.List;

/**
 * The payload items of one buffer of one rule, evaluated in order with Suricata's semantics:
 * relative items anchor to the previous match, and a failed relative item makes the previous
 * content or pcre look for its next occurrence (bounded backtracking). Transforms split the items
 * into parts (at {@link Transformed} markers): each part inspects the buffer through its own chain
 * and all parts must match. Immutable after parsing.
 */
public final class PayloadProgram {
    /** Every item, markers left out. */
    private final PayloadItem[] items;
    private final PayloadItem[][] parts;
    /** Chain of each part, null for the raw buffer. */
    private final TransformChain[] chains;

    public PayloadProgram(List<PayloadItem> items) {
        List<PayloadItem> all = new ArrayList<>();
        List<PayloadItem[]> ps = new ArrayList<>();
        List<TransformChain> cs = new ArrayList<>();
        List<PayloadItem> cur = new ArrayList<>();
        TransformChain chain = null;
        for (PayloadItem it : items) {
            if (it instanceof Transformed) {
                if (!cur.isEmpty()) {
                    ps.add(cur.toArray(new PayloadItem[0]));
                    cs.add(chain);
                    cur.clear();
                }
                TransformChain c = ((Transformed) it).chain;
                chain = c.isEmpty() ? null : c;
            } else {
                cur.add(it);
                all.add(it);
            }
        }
        if (!cur.isEmpty() || ps.isEmpty()) {
            ps.add(cur.toArray(new PayloadItem[0]));
            cs.add(chain);
        }
        this.items = all.toArray(new PayloadItem[0]);
        this.parts = ps.toArray(new PayloadItem[0][]);
        this.chains = cs.toArray(new TransformChain[0]);
    }

    /** Every payload item of the buffer, in rule order (transform markers left out). */
    public PayloadItem[] items() {
        return items;
    }

    /**
     * True when the items match {@code buf[off, off+len)} (each part through its transforms). The
     * cursor is then where the last part's match ended in the raw buffer, its end for a transformed part.
     */
    public boolean matches(byte[] buf, int off, int len, DetectContext ctx) {
        for (int i = 0; i < parts.length; i++) {
            TransformChain c = chains[i];
            if (c == null) {
                if (!Inspector.inspect(parts[i], buf, off, len, ctx)) {
                    return false;
                }
            } else {
                int n = c.run(buf, off, len, ctx.transforms);
                if (!Inspector.inspect(parts[i], ctx.transforms.result(), 0, n, ctx)) {
                    return false;
                }
                // offsets in transformed bytes say nothing about the raw buffer: the match covers all of it
                ctx.cursor = len;
            }
        }
        return true;
    }
}
