package dev.sluice.engine.applayer.tls;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code tls} object Suricata adds to an alert on a TLS flow:
 *
 * <pre>
 * {"subject":"C=US, O=Org, CN=host","issuerdn":"C=US, O=CA, CN=CA","serial":"0C:D0:A8",
 *  "fingerprint":"4a:a3:..","sni":"host","version":"TLS 1.2","notbefore":"2024-01-01T00:00:00",
 *  "notafter":"2025-01-01T00:00:00","ja3":{"hash":"..","string":".."},"ja3s":{"hash":"..","string":".."}}
 * </pre>
 *
 * Fields appear only when the handshake showed them; the version is the server's (negotiated)
 * one, {@code UNDETERMINED} before a ServerHello.
 */
final class TlsEve {
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private TlsEve() {
    }

    static String render(TlsSession s) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            str(g, "subject", s.subject);
            str(g, "issuerdn", s.issuer);
            str(g, "serial", s.serial);
            str(g, "fingerprint", s.fingerprint);
            str(g, "sni", s.sni);
            g.writeStringField("version", versionName(s.serverHello ? s.serverVersion : 0));
            if (s.notBefore != Long.MIN_VALUE) {
                g.writeStringField("notbefore", DATE.format(Instant.ofEpochSecond(s.notBefore)));
            }
            if (s.notAfter != Long.MIN_VALUE) {
                g.writeStringField("notafter", DATE.format(Instant.ofEpochSecond(s.notAfter)));
            }
            if (s.ja3Hash != null) {
                g.writeObjectFieldStart("ja3");
                str(g, "hash", s.ja3Hash);
                str(g, "string", s.ja3String);
                g.writeEndObject();
            }
            if (s.ja3sHash != null) {
                g.writeObjectFieldStart("ja3s");
                str(g, "hash", s.ja3sHash);
                str(g, "string", s.ja3sString);
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException x) {
            throw new UncheckedIOException(x); // a StringWriter does not fail
        }
        return w.toString();
    }

    private static void str(JsonGenerator g, String name, byte[] v) throws IOException {
        if (v != null) {
            g.writeStringField(name, new String(v, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Suricata's names of the wire versions. */
    static String versionName(int v) {
        switch (v) {
            case 0x0200: return "SSLv2";
            case 0x0300: return "SSLv3";
            case 0x0301: return "TLSv1";
            case 0x0302: return "TLS 1.1";
            case 0x0303: return "TLS 1.2";
            case 0x0304: return "TLS 1.3";
            default:
                if ((v & 0xff00) == 0x7f00) {
                    return "TLS 1.3 draft-" + (v & 0xff);
                }
                return "UNDETERMINED";
        }
    }
}
