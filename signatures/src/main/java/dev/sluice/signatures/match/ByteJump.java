package dev.sluice.signatures.match;

/**
 * byte_jump: reads a number at an offset and moves the cursor by it (times the multiplier, aligned
 * to 4, plus post_offset), from the read position's end, the buffer start (from_beginning) or the
 * buffer end (from_end). A jump before the start lands on the start; past the end it fails. Immutable.
 */
public final class ByteJump implements Step {
    final int nbytes;
    final boolean nbytesVar;
    final int offset;
    final boolean offsetVar;
    final boolean relativeFlag;
    final int base;
    final boolean little;
    final int multiplier;
    final boolean align;
    final int postOffset;
    final boolean fromBeginning;
    final boolean fromEnd;

    public ByteJump(int nbytes, boolean nbytesVar, int offset, boolean offsetVar, boolean relative, int base,
                    boolean little, int multiplier, boolean align, int postOffset,
                    boolean fromBeginning, boolean fromEnd) {
        this.nbytes = nbytes;
        this.nbytesVar = nbytesVar;
        this.offset = offset;
        this.offsetVar = offsetVar;
        this.relativeFlag = relative;
        this.base = base;
        this.little = little;
        this.multiplier = multiplier;
        this.align = align;
        this.postOffset = postOffset;
        this.fromBeginning = fromBeginning;
        this.fromEnd = fromEnd;
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
        long pos = offsetVar ? (int) ctx.vars[offset] : offset;
        long left = len - pos;
        if (relativeFlag) {
            pos += ctx.cursor;
            left -= ctx.cursor;
            if (n != 0 && left <= 0) {
                return NO_MATCH;
            }
        }
        if (pos < 0 || n > left) {
            return NO_MATCH;
        }
        int p = off + (int) pos;
        int used;
        if (base != 0) {
            // 0 bytes of string: as many digits as there are (the reference engine reads to the end)
            used = ByteValues.string(buf, p, n == 0 ? (int) left : (int) n, base, ctx);
            if (used <= 0) {
                return NO_MATCH;
            }
        } else {
            used = ByteValues.raw(buf, p, (int) n, little, ctx);
        }
        long v = ctx.extracted * multiplier;
        if (align && (v & 3) != 0) {
            v += 4 - (v & 3);
        }
        v += postOffset;
        long target;
        if (fromBeginning) {
            target = v;
        } else if (fromEnd) {
            target = len + v;
        } else {
            target = pos + used + v;
        }
        if (target < 0) {
            target = 0;
        } else if (target > len) {
            return NO_MATCH;
        }
        ctx.cursor = (int) target;
        return MATCH;
    }

    @Override
    public String toString() {
        return "byte_jump:" + nbytes + "," + offset;
    }
}
