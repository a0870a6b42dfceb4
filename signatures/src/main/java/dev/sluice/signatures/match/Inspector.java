package dev.sluice.signatures.match;

/** Runs payload items over a buffer. STUB: owned by the keyword work. */
final class Inspector {
    private Inspector() {
    }

    static boolean inspect(PayloadItem[] items, byte[] buf, int off, int len, DetectContext ctx) {
        throw new UnsupportedOperationException("payload inspection not written yet");
    }
}
