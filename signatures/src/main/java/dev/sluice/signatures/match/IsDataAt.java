package dev.sluice.signatures.match;

/**
 * isdataat: there is data at an offset from the buffer start, or at least N bytes left after the
 * cursor when relative; negated, there is not. The offset may be a variable. Immutable.
 */
public final class IsDataAt implements Step {
    /** An extracted offset this large never has data. */
    private static final long HUGE = 100_000_000L;

    final int value;
    final boolean valueVar;
    final boolean relativeFlag;
    final boolean negated;

    public IsDataAt(int value, boolean valueVar, boolean relative, boolean negated) {
        this.value = value;
        this.valueVar = valueVar;
        this.relativeFlag = relative;
        this.negated = negated;
    }

    @Override
    public boolean relative() {
        return relativeFlag;
    }

    @Override
    public int eval(byte[] buf, int off, int len, DetectContext ctx) {
        long at = value;
        // a constant that fails can never pass for another occurrence of an earlier content
        int fail = valueVar ? NO_MATCH : STOP;
        if (valueVar) {
            at = ctx.vars[value];
            if (Long.compareUnsigned(at, HUGE) >= 0) {
                return negated ? MATCH : NO_MATCH;
            }
        }
        boolean data = relativeFlag ? ctx.cursor + at <= len : at < len;
        if (data) {
            return negated ? (relativeFlag ? NO_MATCH : fail) : MATCH;
        }
        return negated ? MATCH : fail;
    }

    @Override
    public String toString() {
        return "isdataat:" + (negated ? "!" : "") + value + (relativeFlag ? ",relative" : "");
    }
}
