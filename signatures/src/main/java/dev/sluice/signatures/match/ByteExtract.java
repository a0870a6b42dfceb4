package dev.sluice.signatures.match;

/**
 * byte_extract: reads a number into a rule variable (times the multiplier, rounded up to the
 * alignment) and moves the cursor past the bytes read. Immutable.
 */
public final class ByteExtract implements Step {
    final int nbytes;
    final int offset;
    final boolean relativeFlag;
    final int base;
    final boolean little;
    final int multiplier;
    /** 0, 2 or 4. */
    final int align;
    final int slot;

    public ByteExtract(int nbytes, int offset, boolean relative, int base, boolean little,
                       int multiplier, int align, int slot) {
        this.nbytes = nbytes;
        this.offset = offset;
        this.relativeFlag = relative;
        this.base = base;
        this.little = little;
        this.multiplier = multiplier;
        this.align = align;
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
        long pos = offset;
        long left = len - pos;
        if (relativeFlag) {
            pos += ctx.cursor;
            left -= ctx.cursor;
            if (left <= 0) {
                return NO_MATCH;
            }
        }
        if (pos < 0 || nbytes > left) {
            return NO_MATCH;
        }
        int p = off + (int) pos;
        int used = base != 0 ? ByteValues.string(buf, p, nbytes, base, ctx) : ByteValues.raw(buf, p, nbytes, little, ctx);
        if (used <= 0) {
            return NO_MATCH;
        }
        long v = ctx.extracted * multiplier;
        if (align != 0 && Long.remainderUnsigned(v, align) != 0) {
            v += align - Long.remainderUnsigned(v, align);
        }
        ctx.vars[slot] = v;
        ctx.cursor = (int) pos + used;
        return MATCH;
    }

    @Override
    public String toString() {
        return "byte_extract:" + nbytes + "," + offset + ",slot" + slot;
    }
}
