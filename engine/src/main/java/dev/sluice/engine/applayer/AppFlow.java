package dev.sluice.engine.applayer;

/**
 * The application-layer state of one flow, hung on {@code Flow.appState}: the protocol, its parser
 * and, per direction, the detection and parsing progress. Pooled by {@link AppLayer}; a flow whose
 * detection failed points at the shared {@link #FAILED} instance instead, which is never modified.
 */
public final class AppFlow {
    /** Shared state of every flow no protocol recognised. */
    static final AppFlow FAILED = new AppFlow();

    static {
        FAILED.proto = AppProto.FAILED;
    }

    // direction slots
    static final int TO_SERVER = 0;
    static final int TO_CLIENT = 1;

    // per-direction detection states
    static final byte PROBING = 0;
    static final byte NO_MATCH = 1;

    AppProto proto = AppProto.UNKNOWN;
    AppParser parser;
    /** Stream offset up to which each direction was handed to the parser (or, while probing, where probing starts). */
    final long[] parsed = new long[2];
    /** True once {@link #parsed} of the direction was set from the stream. */
    final boolean[] started = new boolean[2];
    final byte[] detect = new byte[2];
    /** True once the parser was told the direction ended. */
    final boolean[] eof = new boolean[2];
    AppFlow nextFree;

    AppFlow() {
    }

    public AppProto proto() {
        return proto;
    }

    /** The flow's parser, null while none. */
    public AppParser parser() {
        return parser;
    }

    void clear() {
        if (parser != null) {
            parser.close();
        }
        proto = AppProto.UNKNOWN;
        parser = null;
        parsed[0] = parsed[1] = 0;
        started[0] = started[1] = false;
        eof[0] = eof[1] = false;
        detect[0] = detect[1] = PROBING;
    }
}
