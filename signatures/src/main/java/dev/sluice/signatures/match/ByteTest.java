package dev.sluice.signatures.match;

/**
 * byte_test: reads a number at an offset (from the buffer start, or from the cursor when relative)
 * and compares it with a value. Does not move the cursor. Any of nbytes, value and offset may be a
 * byte_extract variable (then the field holds its slot). Comparisons are unsigned. Immutable.
 */
public final class ByteTest implements Step {
    public enum Op { LT, GT, EQ, LE, GE, AND, XOR }

    final int nbytes;
    final boolean nbytesVar;
    final Op op;
    final boolean negate;
    final long value;
    final boolean valueVar;
    final int offset;
    final boolean offsetVar;
    final boolean relativeFlag;
    /** 0 for raw bytes, else the base (8, 10, 16) of a string number. */
    final int base;
    final boolean little;
    /** 0 when there is no bitmask. */
    final long bitmask;

    public ByteTest(int nbytes, boolean nbytesVar, Op op, boolean negate, long value, boolean valueVar,
                    int offset, boolean offsetVar, boolean relative, int base, boolean little, long bitmask) {
        this.nbytes = nbytes;
        this.nbytesVar = nbytesVar;
        this.op = op;
        this.negate = negate;
        this.value = value;
        this.valueVar = valueVar;
        this.offset = offset;
        this.offsetVar = offsetVar;
        this.relativeFlag = relative;
        this.base = base;
        this.little = little;
        this.bitmask = bitmask;
    }

    @Override
    public boolean relative() {
        return relativeFlag;
    }

    @Override
    public int eval(byte[] buf, int off, int len, DetectContext ctx) {
        if (len == 0) {
            return NO_MATCH;
        }
        long n = nbytesVar ? ctx.vars[nbytes] : nbytes;
        if (n < 0 || n > (base != 0 ? 23 : 8)) {
            return NO_MATCH;
        }
        long o = offsetVar ? (int) ctx.vars[offset] : offset;
        long pos = relativeFlag ? ctx.cursor + o : o;
        long left = len - pos;
        if ((relativeFlag && left <= 0) || pos < 0 || n > left) {
            return NO_MATCH;
        }
        int p = off + (int) pos;
        if (base != 0) {
            // 0 bytes of string: as many digits as there are (the reference engine reads to the end)
            if (ByteValues.string(buf, p, n == 0 ? (int) left : (int) n, base, ctx) <= 0) {
                return NO_MATCH;
            }
        } else {
            ByteValues.raw(buf, p, (int) n, little, ctx);
        }
        long v = ctx.extracted;
        if (bitmask != 0) {
            v = ByteValues.mask(v, bitmask);
        }
        long want = valueVar ? ctx.vars[(int) value] : value;
        boolean m;
        switch (op) {
            case LT: m = Long.compareUnsigned(v, want) < 0; break;
            case GT: m = Long.compareUnsigned(v, want) > 0; break;
            case LE: m = Long.compareUnsigned(v, want) <= 0; break;
            case GE: m = Long.compareUnsigned(v, want) >= 0; break;
            case AND: m = (v & want) != 0; break;
            case XOR: m = (v ^ want) != 0; break;
            default: m = v == want;
        }
        return m != negate ? MATCH : NO_MATCH;
    }

    @Override
    public String toString() {
        return "byte_test:" + nbytes + "," + (negate ? "!" : "") + op + "," + value + "," + offset;
    }
}
