package dev.sluice.signatures.match;

/**
 * byte_math: reads a number, combines it with an rvalue (a constant or a variable) and stores the
 * result in a rule variable; the cursor moves past the bytes read. Division by zero fails.
 * Arithmetic is unsigned 64-bit. Immutable.
 */
public final class ByteMath implements Step {
    public enum Op { ADD, SUB, MUL, DIV, SHL, SHR }

    final int nbytes;
    final boolean nbytesVar;
    final int offset;
    final boolean relativeFlag;
    final int base;
    final boolean little;
    final Op op;
    final long rvalue;
    final boolean rvalueVar;
    final long bitmask;
    final int slot;

    public ByteMath(int nbytes, boolean nbytesVar, int offset, boolean relative, int base, boolean little,
                    Op op, long rvalue, boolean rvalueVar, long bitmask, int slot) {
        this.nbytes = nbytes;
        this.nbytesVar = nbytesVar;
        this.offset = offset;
        this.relativeFlag = relative;
        this.base = base;
        this.little = little;
        this.op = op;
        this.rvalue = rvalue;
        this.rvalueVar = rvalueVar;
        this.bitmask = bitmask;
        this.slot = slot;
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
        if (n < 1 || n > (base != 0 ? 10 : 8)) {
            return NO_MATCH;
        }
        long pos = offset;
        long left = len - pos;
        if (relativeFlag) {
            pos += ctx.cursor;
            left -= ctx.cursor;
            if (left <= 0) {
                return NO_MATCH;
            }
        }
        if (pos < 0 || n > left) {
            return NO_MATCH;
        }
        int p = off + (int) pos;
        int used = base != 0 ? ByteValues.string(buf, p, (int) n, base, ctx) : ByteValues.raw(buf, p, (int) n, little, ctx);
        if (used <= 0) {
            return NO_MATCH;
        }
        ctx.cursor = (int) pos + used;
        long v = ctx.extracted;
        long r = rvalueVar ? ctx.vars[(int) rvalue] : rvalue;
        switch (op) {
            case ADD: v += r; break;
            case SUB: v -= r; break;
            case MUL: v *= r; break;
            case DIV:
                if (r == 0) {
                    return NO_MATCH;
                }
                v = Long.divideUnsigned(v, r);
                break;
            case SHL: v = Long.compareUnsigned(r, 63) > 0 ? 0 : v << r; break;
            default: v = Long.compareUnsigned(r, 63) > 0 ? 0 : v >>> r;
        }
        if (bitmask != 0) {
            v = ByteValues.mask(v, bitmask);
        }
        ctx.vars[slot] = v;
        return MATCH;
    }

    @Override
    public String toString() {
        return "byte_math:" + op + ",slot" + slot;
    }
}
