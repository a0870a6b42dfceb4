package dev.sluice.engine.applayer.tls;

import dev.sluice.engine.applayer.AppProto;
import dev.sluice.engine.applayer.AppTx;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.DetectContext;
import dev.sluice.signatures.match.TxField;

/**
 * One direction's view of a TLS flow's handshake, handed to detection after a packet completed
 * handshake messages in that direction. The client view (to server) shows the ClientHello: tls.sni,
 * ja3.*, tls.random*, tls.alpn (one instance per offer); the server view shows the ServerHello
 * (ja3s.*, tls.random*, the chosen tls.alpn) and the certificate (tls.cert_*, tls.certs, chain
 * length, validity), each from the update that completed it on, so a rule may combine the hello
 * of one packet with the certificate of a later one; detection lets a rule match a view once
 * ({@code AppTx.recordMatch}), as Suricata matches a rule once per transaction and direction. The
 * state bits ({@code ssl_state}) are those of the current update. Both views share the flow's
 * {@link TlsSession}; {@code tx_id} is 0 as in Suricata.
 */
public final class TlsTx extends AppTx {
    private final TlsSession s;
    /** Bits of {@code SslState} for the messages of the current update. */
    private int stateBits;
    /** The hello of this view's direction was parsed (now or earlier). */
    boolean hello;
    /** The server's certificate chain was parsed (server view). */
    boolean cert;

    TlsTx(TlsSession session, boolean toServer) {
        this.s = session;
        this.toServer = toServer;
    }

    @Override
    public AppProto proto() {
        return AppProto.TLS;
    }

    public TlsSession session() {
        return s;
    }

    void beginUpdate() {
        stateBits = 0;
    }

    void state(int bit) {
        stateBits |= bit;
    }

    boolean updated() {
        return stateBits != 0;
    }

    @Override
    public boolean buffer(Buffer b, int index, DetectContext ctx) {
        byte[] v;
        int off = 0;
        int len = -1;
        switch (b) {
            case TLS_SNI:
                v = toServer && hello ? s.sni : null;
                break;
            case JA3_HASH:
                v = toServer && hello ? s.ja3Hash : null;
                break;
            case JA3_STRING:
                v = toServer && hello ? s.ja3String : null;
                break;
            case JA3S_HASH:
                v = !toServer && hello ? s.ja3sHash : null;
                break;
            case JA3S_STRING:
                v = !toServer && hello ? s.ja3sString : null;
                break;
            case TLS_RANDOM:
            case TLS_RANDOM_TIME:
            case TLS_RANDOM_BYTES:
                v = !hello ? null : toServer ? (s.sslv2Hello ? null : s.clientRandom) : s.serverRandom;
                off = b == Buffer.TLS_RANDOM_BYTES ? 4 : 0;
                len = b == Buffer.TLS_RANDOM ? 32 : b == Buffer.TLS_RANDOM_TIME ? 4 : 28;
                break;
            case TLS_ALPN:
                if (!hello) {
                    return false;
                }
                if (toServer) {
                    if (index >= s.alpn.size()) {
                        return false;
                    }
                    v = s.alpn.get(index);
                    index = 0;
                } else {
                    v = s.serverAlpn;
                }
                break;
            case TLS_CERT_SUBJECT:
                v = cert ? s.subject : null;
                break;
            case TLS_CERT_ISSUER:
                v = cert ? s.issuer : null;
                break;
            case TLS_CERT_SERIAL:
                v = cert ? s.serial : null;
                break;
            case TLS_CERT_FINGERPRINT:
                v = cert ? s.fingerprint : null;
                break;
            case TLS_CERTS:
                if (!cert || index >= s.certs.size()) {
                    return false;
                }
                v = s.certs.get(index);
                index = 0;
                break;
            default:
                return false;
        }
        if (v == null || index > 0) {
            return false;
        }
        ctx.setAppBuffer(v, off, len < 0 ? v.length : len);
        return true;
    }

    @Override
    public long field(TxField f, int index) {
        if (index > 0) {
            return -1;
        }
        switch (f) {
            case TLS_VERSION: {
                int v = toServer ? s.clientVersion : s.serverVersion;
                return v == 0 ? -1 : v;
            }
            case TLS_STATE:
                return stateBits;
            case TLS_CERT_CHAIN_LEN:
                return cert ? s.certs.size() : -1;
            case TLS_CERT_NOTBEFORE:
                return cert && s.notBefore != Long.MIN_VALUE ? s.notBefore : -1;
            case TLS_CERT_NOTAFTER:
                return cert && s.notAfter != Long.MIN_VALUE ? s.notAfter : -1;
            default:
                return -1;
        }
    }

    @Override
    public String eveObject() {
        return TlsEve.render(s);
    }
}
