package dev.sluice.engine.applayer.http;

/** HTTP parser events, as bits of {@code AppTx.events} / {@code AppParser.events()}. */
public final class HttpEvents {
    /** A request line that is not {@code METHOD SP URI [SP PROTOCOL]}. */
    public static final int INVALID_REQUEST_LINE = 1;
    /** A status line that is not {@code HTTP/x.y SP code ...}. */
    public static final int INVALID_RESPONSE_LINE = 1 << 1;
    /** A start line or header line longer than {@link HttpConfig#maxLine} (kept truncated). */
    public static final int LINE_TOO_LONG = 1 << 2;
    /** A header block larger than {@link HttpConfig#maxHead} (the excess was not kept). */
    public static final int HEADERS_TOO_LONG = 1 << 3;
    /** A header line without a colon (skipped). */
    public static final int MISSING_COLON = 1 << 4;
    /** A Content-Length that is not a number (the message is given up). */
    public static final int INVALID_CONTENT_LENGTH = 1 << 5;
    /** A chunk size that is not hexadecimal or is too large (the direction is given up). */
    public static final int INVALID_CHUNK_SIZE = 1 << 6;
    /** A header line continued on the next line (obs-fold). */
    public static final int FOLDED_HEADER = 1 << 7;
    /** Lines ending in a bare LF instead of CRLF. */
    public static final int LF_ONLY = 1 << 8;
    /** A compressed body that does not decompress (kept as far as it went). */
    public static final int BAD_COMPRESSION = 1 << 9;
    /** A response with no request to answer. */
    public static final int UNSOLICITED_RESPONSE = 1 << 10;
    /** Stream data was lost: the direction stopped. */
    public static final int GAP = 1 << 11;
    /** Bytes that are no HTTP where a message must start: the flow is given up. */
    public static final int GARBAGE = 1 << 12;
    /** Both Content-Length and chunked framing were given. */
    public static final int CL_AND_CHUNKED = 1 << 13;
    /** A header with the same name appeared again (values merged with ", "). */
    public static final int DUPLICATE_HEADER = 1 << 14;

    private HttpEvents() {
    }
}
