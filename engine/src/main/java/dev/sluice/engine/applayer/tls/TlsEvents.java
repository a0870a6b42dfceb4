package dev.sluice.engine.applayer.tls;

/** Bits of the TLS parser's event set (the parser's {@code events()}). */
public final class TlsEvents {
    /** A record with an unknown content type or a major version other than 3. */
    public static final int INVALID_RECORD = 1;
    /** A record longer than 2^14 + 2048 bytes. */
    public static final int RECORD_OVERFLOW = 1 << 1;
    /** A handshake message larger than the parser keeps. */
    public static final int HANDSHAKE_TOO_LARGE = 1 << 2;
    /** A length inside a hello or certificate message runs past its container. */
    public static final int INVALID_HANDSHAKE = 1 << 3;
    /** A certificate whose DER does not parse. */
    public static final int INVALID_CERTIFICATE = 1 << 4;
    /** More certificates, extensions or ciphers than the parser keeps. */
    public static final int TOO_MANY = 1 << 5;
    /** Bytes of the stream were lost: the direction is no longer parsed. */
    public static final int GAP = 1 << 6;

    private TlsEvents() {
    }
}
