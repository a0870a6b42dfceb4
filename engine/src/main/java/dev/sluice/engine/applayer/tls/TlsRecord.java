package dev.sluice.engine.applayer.tls;

/**
 * Offsets and codes of the TLS record layer and handshake header (RFC 8446 5.1, 4; RFC 5246 6.2).
 *
 * <pre>
 * record:     0        1        2        3        4        5
 *             +--------+--------+--------+--------+--------+---------------------
 *             | type   | major  | minor  |   length (BE)   | fragment (length bytes)
 *             +--------+--------+--------+--------+--------+---------------------
 * handshake:  0        1        2        3        4
 *             +--------+--------+--------+--------+----------------------------
 *             | msg    |      length (24-bit BE)  | body (length bytes) ...
 *             +--------+--------+--------+--------+----------------------------
 * hello body: version(2) random(32) session_id(1+n) [client: ciphers(2+n) compression(1+n)]
 *             [server: cipher(2) compression(1)] extensions(2+n: type(2) length(2) data)
 * </pre>
 *
 * A handshake message may span several records and one record may hold several messages.
 */
final class TlsRecord {
    static final int HEADER = 5;
    static final int TYPE = 0;
    static final int MAJOR = 1;
    static final int MINOR = 2;
    static final int LENGTH = 3;

    static final int HS_HEADER = 4;
    static final int HS_TYPE = 0;
    static final int HS_LENGTH = 1;

    // record content types
    static final int CHANGE_CIPHER_SPEC = 20;
    static final int ALERT = 21;
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;
    static final int HEARTBEAT = 24;

    // handshake message types
    static final int CLIENT_HELLO = 1;
    static final int SERVER_HELLO = 2;
    static final int CERTIFICATE = 11;
    static final int SERVER_KEY_EXCHANGE = 12;
    static final int SERVER_HELLO_DONE = 14;
    static final int CLIENT_KEY_EXCHANGE = 16;

    /** Largest record fragment allowed: 2^14 plus the 2048 bytes of expansion TLS 1.2 tolerates. */
    static final int MAX_RECORD = 16384 + 2048;

    private TlsRecord() {
    }

    static int u8(byte[] b, int at) {
        return b[at] & 0xff;
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    static int u24(byte[] b, int at) {
        return (b[at] & 0xff) << 16 | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff);
    }
}
