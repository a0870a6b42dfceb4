package dev.sluice.engine.applayer;

/**
 * Application protocols a flow can be detected as, plus the two detection states. {@link #word} is
 * both the EVE {@code app_proto} value and the rule-header word that selects the protocol
 * ({@code Protocol.app}).
 */
public enum AppProto {
    /** Not detected yet. */
    UNKNOWN(null),
    /** Detection gave up: no registered protocol recognised the flow. */
    FAILED(null),
    DNS("dns"),
    HTTP1("http"),
    TLS("tls");

    public final String word;

    AppProto(String word) {
        this.word = word;
    }

    /** True for a real protocol (not UNKNOWN or FAILED). */
    public boolean detected() {
        return word != null;
    }
}
