package dev.sluice.capture;

/** Where verdicts go. Every frame a source hands out receives exactly one verdict. */
public interface VerdictSink {
    /** Decides the fate of the frame with the given {@link Frame#id}. */
    void verdict(long id, Verdict verdict, int mark);

    /** Sends any batched verdicts now. */
    default void flush() {
    }

    /** A sink for replayed captures, where there is nobody to answer. */
    VerdictSink NONE = (id, verdict, mark) -> { };
}
