package dev.sluice.engine.applayer.tls;

import java.util.ArrayList;
import java.util.List;

/**
 * What the handshake of one TLS flow showed, filled by {@link TlsParser} and read through the two
 * {@link TlsTx} views. Byte arrays are built once per hello or certificate message (a handshake
 * happens once per flow), never per packet.
 */
public final class TlsSession {
    /** Certificates kept per chain at most; more raise {@link TlsEvents#TOO_MANY}. */
    static final int MAX_CERTS = 32;

    // ---- ClientHello ----
    boolean clientHello;
    /** Record version of the first record, then the ClientHello's legacy version. */
    int clientVersion;
    final byte[] clientRandom = new byte[32];
    /** The ClientHello was SSLv2-framed: its challenge is not a 32-byte random. */
    boolean sslv2Hello;
    byte[] sni;
    byte[] ja3String;
    byte[] ja3Hash;
    /** Versions the client offered in supported_versions; null when it sent none. */
    int[] clientSupportedVersions;
    List<byte[]> alpn = new ArrayList<>(0);

    // ---- ServerHello ----
    boolean serverHello;
    /** Record version, then the ServerHello's version or its supported_versions choice. */
    int serverVersion;
    int cipher = -1;
    final byte[] serverRandom = new byte[32];
    byte[] ja3sString;
    /** The protocol the server chose by ALPN, null for none. */
    byte[] serverAlpn;
    byte[] ja3sHash;

    // ---- server Certificate (TLS 1.2 and earlier) ----
    final List<byte[]> certs = new ArrayList<>(0);
    byte[] subject;
    byte[] issuer;
    byte[] serial;
    byte[] fingerprint;
    long notBefore = Long.MIN_VALUE;
    long notAfter = Long.MIN_VALUE;

    // ---- after the handshake ----
    /** ChangeCipherSpec seen, per direction (0 to server, 1 to client): what follows is encrypted. */
    final boolean[] changeCipherSpec = new boolean[2];
    /** Application data seen in either direction. */
    boolean applicationData;

    public boolean hasClientHello() {
        return clientHello;
    }

    public boolean hasServerHello() {
        return serverHello;
    }

    public int clientVersion() {
        return clientVersion;
    }

    public int serverVersion() {
        return serverVersion;
    }

    public String sni() {
        return str(sni);
    }

    public String ja3() {
        return str(ja3String);
    }

    public String ja3Hash() {
        return str(ja3Hash);
    }

    public String ja3s() {
        return str(ja3sString);
    }

    public String ja3sHash() {
        return str(ja3sHash);
    }

    public int certCount() {
        return certs.size();
    }

    public String subject() {
        return str(subject);
    }

    public String issuer() {
        return str(issuer);
    }

    public String serial() {
        return str(serial);
    }

    public String fingerprint() {
        return str(fingerprint);
    }

    public long notBefore() {
        return notBefore;
    }

    public long notAfter() {
        return notAfter;
    }

    public int cipher() {
        return cipher;
    }

    static String str(byte[] b) {
        return b == null ? null : new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
