package dev.sluice.signatures.match;

/** bsize: the length of the whole buffer. Failing ends the buffer's inspection. Immutable. */
public final class Bsize implements Step {
    final NumberTest test;

    public Bsize(NumberTest test) {
        this.test = test;
    }

    @Override
    public boolean relative() {
        return false;
    }

    @Override
    public int eval(byte[] buf, int off, int len, DetectContext ctx) {
        return test.test(len) ? MATCH : STOP;
    }

    @Override
    public String toString() {
        return "bsize:" + test;
    }
}
