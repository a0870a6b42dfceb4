package dev.sluice.engine.applayer.tls;

import dev.sluice.engine.applayer.AppParser;
import dev.sluice.signatures.keyword.app.SslState;

import java.util.Arrays;

/**
 * One flow's TLS parser. Per direction it frames records (a 5-byte header may itself be split
 * across segments), gathers the fragments of handshake records into one buffer so that handshake
 * messages split across records (or segments) come out whole, and hands each complete message to
 * {@link TlsHello}. After a direction's ChangeCipherSpec its handshake records are encrypted and
 * only counted. A record that cannot be TLS, a record or message over the limits, a length
 * running past its message, or a gap raises a {@link TlsEvents} bit and the direction stops being
 * parsed (the other goes on). The direction's {@link TlsTx} view goes to the sink once per call in
 * which a handshake message completed.
 */
public final class TlsParser implements AppParser {
    /** Largest handshake message kept (a certificate chain); larger ones stop the direction. */
    static final int MAX_HANDSHAKE = 256 * 1024;

    private final TlsSession session = new TlsSession();
    private final TlsHello hello = new TlsHello();
    private final TlsTx[] views = {new TlsTx(session, true), new TlsTx(session, false)};
    private int events;

    // per direction (0 to server, 1 to client)
    private final byte[][] header = {new byte[TlsRecord.HEADER], new byte[TlsRecord.HEADER]};
    private final int[] headerHave = new int[2];
    private final int[] recordType = new int[2];
    private final int[] recordLeft = new int[2];
    /** Handshake bytes gathered, {@code hs[d][0, hsLen[d])}; a message starts at 0. */
    private final byte[][] hs = new byte[2][];
    private final int[] hsLen = new int[2];
    private final boolean[] dead = new boolean[2];
    private final boolean[] firstRecordSeen = new boolean[2];

    /** The flow's handshake data (both views read it). */
    public TlsSession session() {
        return session;
    }

    @Override
    public void onStream(boolean toServer, byte[] buf, int off, int len, TxSink out) {
        int d = toServer ? 0 : 1;
        TlsTx view = views[d];
        view.beginUpdate();
        if (dead[d]) {
            return;
        }
        int end = off + len;
        int p = off;
        while (p < end && !dead[d]) {
            if (recordLeft[d] == 0 && headerHave[d] < TlsRecord.HEADER) {
                int take = Math.min(TlsRecord.HEADER - headerHave[d], end - p);
                System.arraycopy(buf, p, header[d], headerHave[d], take);
                headerHave[d] += take;
                p += take;
                if (headerHave[d] < TlsRecord.HEADER) {
                    break;
                }
                headerHave[d] = 0;
                if (!record(d, header[d], view)) {
                    dead[d] = true;
                    break;
                }
                continue;
            }
            int n = Math.min(recordLeft[d], end - p);
            if (recordType[d] == TlsRecord.HANDSHAKE && !session.changeCipherSpec[d]) {
                if (!handshakeBytes(d, buf, p, n, view)) {
                    dead[d] = true;
                    break;
                }
            }
            p += n;
            recordLeft[d] -= n;
        }
        if (view.updated()) {
            out.add(view);
        }
    }

    /** Takes a record header; false when it cannot be TLS (event raised). */
    private boolean record(int d, byte[] h, TlsTx view) {
        int type = h[TlsRecord.TYPE] & 0xff;
        int major = h[TlsRecord.MAJOR] & 0xff;
        int length = TlsRecord.u16(h, TlsRecord.LENGTH);
        if (!firstRecordSeen[d] && (type & 0x80) != 0) {
            return sslv2Hello(d, h, view);
        }
        if (type < TlsRecord.CHANGE_CIPHER_SPEC || type > TlsRecord.HEARTBEAT || major != 3) {
            events |= TlsEvents.INVALID_RECORD;
            return false;
        }
        if (length > TlsRecord.MAX_RECORD) {
            events |= TlsEvents.RECORD_OVERFLOW;
            return false;
        }
        int version = TlsRecord.u16(h, TlsRecord.MAJOR);
        if (!firstRecordSeen[d]) {
            firstRecordSeen[d] = true;
            if (d == 0 && !session.clientHello) {
                session.clientVersion = version;
            } else if (d == 1 && !session.serverHello) {
                session.serverVersion = version;
            }
        }
        recordType[d] = type;
        recordLeft[d] = length;
        if (type == TlsRecord.CHANGE_CIPHER_SPEC) {
            session.changeCipherSpec[d] = true;
            hsLen[d] = 0;
        } else if (type == TlsRecord.APPLICATION_DATA) {
            session.applicationData = true;
        }
        return true;
    }

    /**
     * The first record of the client is an SSLv2-framed CLIENT-HELLO (2-byte length with the top
     * bit set, msg type 1, version): its version counts as the client's; the rest of the message
     * (cipher specs, session id, challenge) is skipped; SSLv3/TLS records follow.
     */
    private boolean sslv2Hello(int d, byte[] h, TlsTx view) {
        int length = TlsRecord.u16(h, 0) & 0x7fff;
        int msgType = h[2] & 0xff;
        if (d != 0 || msgType != 1 || length < 3) {
            events |= TlsEvents.INVALID_RECORD;
            return false;
        }
        firstRecordSeen[d] = true;
        session.clientHello = true;
        session.sslv2Hello = true;
        session.clientVersion = TlsRecord.u16(h, 3);
        recordType[d] = 0; // neither handshake nor data: its bytes are skipped
        recordLeft[d] = length - 3;
        view.state(SslState.CLIENT_HELLO);
        view.hello = true;
        return true;
    }

    /** Appends handshake fragment bytes and processes every message now complete. */
    private boolean handshakeBytes(int d, byte[] buf, int p, int n, TlsTx view) {
        byte[] b = hs[d];
        int have = hsLen[d];
        if (b == null || b.length < have + n) {
            if (have + n > MAX_HANDSHAKE + TlsRecord.HS_HEADER) {
                events |= TlsEvents.HANDSHAKE_TOO_LARGE;
                return false;
            }
            b = hs[d] = b == null ? new byte[Math.max(have + n, 1024)] : Arrays.copyOf(b, Math.max(have + n, b.length * 2));
        }
        System.arraycopy(buf, p, b, have, n);
        have += n;
        int at = 0;
        while (have - at >= TlsRecord.HS_HEADER) {
            int type = b[at + TlsRecord.HS_TYPE] & 0xff;
            int len = TlsRecord.u24(b, at + TlsRecord.HS_LENGTH);
            if (len > MAX_HANDSHAKE) {
                events |= TlsEvents.HANDSHAKE_TOO_LARGE;
                return false;
            }
            if (have - at - TlsRecord.HS_HEADER < len) {
                break;
            }
            int body = at + TlsRecord.HS_HEADER;
            if (!message(d, type, b, body, body + len, view)) {
                events |= TlsEvents.INVALID_HANDSHAKE;
                return false;
            }
            at = body + len;
        }
        // keep the unfinished message at the start of the buffer
        if (at > 0) {
            System.arraycopy(b, at, b, 0, have - at);
            have -= at;
        }
        hsLen[d] = have;
        return true;
    }

    private boolean message(int d, int type, byte[] b, int p, int end, TlsTx view) {
        switch (type) {
            case TlsRecord.CLIENT_HELLO:
                if (d != 0 || session.clientHello) {
                    view.state(SslState.UNKNOWN);
                    return true; // a second hello (renegotiation) is not re-read
                }
                if (!hello.clientHello(b, p, end, session)) {
                    return false;
                }
                view.state(SslState.CLIENT_HELLO);
                view.hello = true;
                return true;
            case TlsRecord.SERVER_HELLO:
                if (d != 1 || session.serverHello) {
                    view.state(SslState.UNKNOWN);
                    return true;
                }
                if (!hello.serverHello(b, p, end, session)) {
                    return false;
                }
                view.state(SslState.SERVER_HELLO);
                view.hello = true;
                return true;
            case TlsRecord.CERTIFICATE:
                if (d != 1 || !session.certs.isEmpty()) {
                    view.state(SslState.UNKNOWN);
                    return true; // a client certificate: not inspected
                }
                if (!hello.certificate(b, p, end, session)) {
                    return false;
                }
                events |= hello.events;
                view.state(SslState.UNKNOWN);
                view.cert = !session.certs.isEmpty();
                return true;
            case TlsRecord.CLIENT_KEY_EXCHANGE:
                view.state(SslState.CLIENT_KEYX);
                return true;
            case TlsRecord.SERVER_KEY_EXCHANGE:
                view.state(SslState.SERVER_KEYX);
                return true;
            default:
                view.state(SslState.UNKNOWN);
                return true;
        }
    }

    @Override
    public void onGap(boolean toServer, long bytes) {
        int d = toServer ? 0 : 1;
        if (!dead[d]) {
            events |= TlsEvents.GAP;
            dead[d] = true;
        }
        hsLen[d] = 0;
    }

    @Override
    public void onDatagram(boolean toServer, byte[] buf, int off, int len, TxSink out) {
        // TLS is a stream protocol; DTLS is not parsed
    }

    @Override
    public int events() {
        return events;
    }

    @Override
    public void close() {
        hs[0] = hs[1] = null;
    }
}
