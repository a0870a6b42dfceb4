package dev.sluice.signatures.mpm;

/** A pattern set the engine cannot compile; names the offending pattern id when it is known. */
public final class MpmCompileException extends RuntimeException {
    private final int patternId;

    MpmCompileException(String message, int patternId) {
        super(message);
        this.patternId = patternId;
    }

    /** The id of the pattern the engine rejected, or -1 when the error is about the whole set. */
    public int patternId() {
        return patternId;
    }
}
