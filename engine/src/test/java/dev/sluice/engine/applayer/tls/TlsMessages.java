package dev.sluice.engine.applayer.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds TLS records and handshake messages for tests, byte by byte from the RFC layouts. */
public final class TlsMessages {
    public static final int GREASE_CIPHER = 0x0a0a;
    public static final int GREASE_EXT = 0x1a1a;
    public static final int GREASE_GROUP = 0x2a2a;
    public static final int[] CIPHERS = {GREASE_CIPHER, 0x1301, 0xc02f, 0x009c};
    public static final int[] GROUPS = {GREASE_GROUP, 29, 23};
    /** Extension types of {@link #clientHello} in order (GREASE first). */
    public static final int[] EXTENSIONS = {GREASE_EXT, 0, 10, 11, 16, 13, 43};

    private TlsMessages() {
    }

    /** A ClientHello body (legacy version 0x0303) with the ciphers, groups and extensions above. */
    public static byte[] clientHelloBody(String sni, int randomFirst) {
        Bytes b = new Bytes();
        b.u16(0x0303);
        for (int i = 0; i < 32; i++) {
            b.u8(randomFirst + i);
        }
        b.u8(0); // session id
        b.u16(CIPHERS.length * 2);
        for (int c : CIPHERS) {
            b.u16(c);
        }
        b.u8(1).u8(0); // compression: null
        Bytes ext = new Bytes();
        ext.u16(GREASE_EXT).u16(0);
        byte[] name = sni.getBytes(StandardCharsets.US_ASCII);
        ext.u16(0).u16(name.length + 5).u16(name.length + 3).u8(0).u16(name.length).raw(name);
        ext.u16(10).u16(2 + GROUPS.length * 2).u16(GROUPS.length * 2);
        for (int g : GROUPS) {
            ext.u16(g);
        }
        ext.u16(11).u16(2).u8(1).u8(0);
        ext.u16(16).u16(14).u16(12).u8(2).raw("h2".getBytes(StandardCharsets.US_ASCII)).u8(8).raw("http/1.1".getBytes(StandardCharsets.US_ASCII));
        ext.u16(13).u16(6).u16(4).u16(0x0403).u16(0x0804);
        ext.u16(43).u16(5).u8(4).u16(0x0304).u16(0x0303);
        b.u16(ext.size()).raw(ext.bytes());
        return b.bytes();
    }

    /** A ServerHello body: legacy version 0x0303, the cipher, and supported_versions when tls13. */
    public static byte[] serverHelloBody(int cipher, boolean tls13) {
        Bytes b = new Bytes();
        b.u16(0x0303);
        for (int i = 0; i < 32; i++) {
            b.u8(0x80 + i);
        }
        b.u8(0).u16(cipher).u8(0);
        Bytes ext = new Bytes();
        ext.u16(0xff01).u16(1).u8(0); // renegotiation_info
        if (tls13) {
            ext.u16(43).u16(2).u16(0x0304);
        }
        ext.u16(11).u16(2).u8(1).u8(0);
        b.u16(ext.size()).raw(ext.bytes());
        return b.bytes();
    }

    /** A Certificate body holding the given DER certificates. */
    public static byte[] certificateBody(byte[]... certs) {
        Bytes list = new Bytes();
        for (byte[] c : certs) {
            list.u24(c.length).raw(c);
        }
        return new Bytes().u24(list.size()).raw(list.bytes()).bytes();
    }

    /** A handshake message: type, 24-bit length, body. */
    public static byte[] handshake(int type, byte[] body) {
        return new Bytes().u8(type).u24(body.length).raw(body).bytes();
    }

    /** One record of the given type (version 3.3) around {@code fragment}. */
    public static byte[] record(int type, byte[] fragment) {
        return new Bytes().u8(type).u16(0x0303).u16(fragment.length).raw(fragment).bytes();
    }

    /** Handshake {@code msg} cut into records of at most {@code max} bytes each. */
    public static byte[] records(byte[] msg, int max) {
        Bytes b = new Bytes();
        for (int i = 0; i < msg.length; i += max) {
            b.raw(record(22, Arrays.copyOfRange(msg, i, Math.min(msg.length, i + max))));
        }
        return b.bytes();
    }

    public static byte[] concat(byte[]... parts) {
        Bytes b = new Bytes();
        for (byte[] p : parts) {
            b.raw(p);
        }
        return b.bytes();
    }

    /** The self-signed test certificate (src/test/resources/tls/selfsigned.der). */
    public static byte[] selfSigned() {
        try (InputStream in = TlsMessages.class.getResourceAsStream("/tls/selfsigned.der")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes u8(int v) {
            out.write(v);
            return this;
        }

        Bytes u16(int v) {
            return u8(v >> 8).u8(v);
        }

        Bytes u24(int v) {
            return u8(v >> 16).u16(v & 0xffff);
        }

        Bytes raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
