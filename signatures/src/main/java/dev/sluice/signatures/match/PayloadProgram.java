package dev.sluice.signatures.match;

import java.util.List;

/**
 * The payload items of one buffer of one rule, evaluated in order with Suricata's semantics:
 * relative items anchor to the previous match, and a failed relative item makes the previous
 * content or pcre look for its next occurrence (bounded backtracking). Immutable after parsing.
 */
public final class PayloadProgram {
    private final PayloadItem[] items;

    public PayloadProgram(List<PayloadItem> items) {
        this.items = items.toArray(new PayloadItem[0]);
    }

    public PayloadItem[] items() {
        return items;
    }

    /** True when the items match {@code buf[off, off+len)}. */
    public boolean matches(byte[] buf, int off, int len, DetectContext ctx) {
        return Inspector.inspect(items, buf, off, len, ctx);
    }
}
