package dev.sluice.engine.applayer.tls;

import dev.sluice.engine.applayer.AppParser;
import dev.sluice.engine.applayer.AppProbe;
import dev.sluice.engine.applayer.AppTx;
import dev.sluice.signatures.keyword.app.SslState;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.DetectContext;
import dev.sluice.signatures.match.TxField;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

import static dev.sluice.engine.applayer.tls.TlsMessages.CIPHERS;
import static dev.sluice.engine.applayer.tls.TlsMessages.EXTENSIONS;
import static dev.sluice.engine.applayer.tls.TlsMessages.GROUPS;
import static dev.sluice.engine.applayer.tls.TlsMessages.certificateBody;
import static dev.sluice.engine.applayer.tls.TlsMessages.clientHelloBody;
import static dev.sluice.engine.applayer.tls.TlsMessages.concat;
import static dev.sluice.engine.applayer.tls.TlsMessages.handshake;
import static dev.sluice.engine.applayer.tls.TlsMessages.record;
import static dev.sluice.engine.applayer.tls.TlsMessages.records;
import static dev.sluice.engine.applayer.tls.TlsMessages.selfSigned;
import static dev.sluice.engine.applayer.tls.TlsMessages.serverHelloBody;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsParserTest {
    private static final byte[] CLIENT_HELLO = records(handshake(1, clientHelloBody("www.example.org", 0x10)), 1 << 14);

    /** Collects what the parser hands out per call. */
    private static final class Sink implements AppParser.TxSink {
        final List<AppTx> txs = new ArrayList<>();

        @Override
        public void add(AppTx tx) {
            txs.add(tx);
        }
    }

    private static String str(AppTx tx, Buffer b) {
        DetectContext ctx = new DetectContext();
        if (!tx.buffer(b, 0, ctx)) {
            return null;
        }
        return new String(ctx.appBuf, ctx.appOff, ctx.appLen, StandardCharsets.ISO_8859_1);
    }

    private static int feed(TlsParser p, boolean toServer, byte[] data, Sink sink) {
        int before = sink.txs.size();
        p.onStream(toServer, data, 0, data.length, sink);
        return sink.txs.size() - before;
    }

    /** JA3 computed here from the fields the test put in, not by the parser's code. */
    private static String expectedJa3() {
        StringJoiner c = new StringJoiner("-");
        for (int v : CIPHERS) {
            if (v != TlsMessages.GREASE_CIPHER) {
                c.add(Integer.toString(v));
            }
        }
        StringJoiner e = new StringJoiner("-");
        for (int v : EXTENSIONS) {
            if (v != TlsMessages.GREASE_EXT) {
                e.add(Integer.toString(v));
            }
        }
        StringJoiner g = new StringJoiner("-");
        for (int v : GROUPS) {
            if (v != TlsMessages.GREASE_GROUP) {
                g.add(Integer.toString(v));
            }
        }
        return "771," + c + "," + e + "," + g + ",0";
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void readsClientHelloSniAndJa3WithoutGrease() throws Exception {
        TlsParser p = new TlsParser();
        Sink sink = new Sink();
        assertEquals(1, feed(p, true, CLIENT_HELLO, sink));
        AppTx tx = sink.txs.get(0);
        assertTrue(tx.toServer);
        assertEquals("www.example.org", str(tx, Buffer.TLS_SNI));
        assertEquals("771,4865-49199-156,0-10-11-16-13-43,29-23,0", expectedJa3());
        assertEquals(expectedJa3(), str(tx, Buffer.JA3_STRING));
        assertEquals(md5(expectedJa3()), str(tx, Buffer.JA3_HASH));
        assertEquals(0x0303, tx.field(TxField.TLS_VERSION, 0));
        assertEquals(SslState.CLIENT_HELLO, tx.field(TxField.TLS_STATE, 0));
        assertNull(str(tx, Buffer.TLS_CERT_SUBJECT), "the client view has no certificate");
        byte[] random = new byte[32];
        for (int i = 0; i < 32; i++) {
            random[i] = (byte) (0x10 + i);
        }
        assertEquals(new String(random, 0, 4, StandardCharsets.ISO_8859_1), str(tx, Buffer.TLS_RANDOM_TIME));
        assertEquals(new String(random, 4, 28, StandardCharsets.ISO_8859_1), str(tx, Buffer.TLS_RANDOM_BYTES));
        assertEquals(List.of("h2", "http/1.1"), p.session().alpn.stream().map(b -> new String(b, StandardCharsets.US_ASCII)).toList());
        DetectContext ctx = new DetectContext();
        assertTrue(tx.buffer(Buffer.TLS_ALPN, 1, ctx));
        assertEquals("http/1.1", new String(ctx.appBuf, ctx.appOff, ctx.appLen, StandardCharsets.US_ASCII));
        assertFalse(tx.buffer(Buffer.TLS_ALPN, 2, ctx));
        assertArrayEquals(new int[] {0x0304, 0x0303}, p.session().clientSupportedVersions);
    }

    @Test
    void clientHelloSplitAtEveryByteIsHandedOutOnceOnTheLastPiece() {
        for (int cut = 1; cut < CLIENT_HELLO.length; cut++) {
            TlsParser p = new TlsParser();
            Sink sink = new Sink();
            assertEquals(0, feed(p, true, Arrays.copyOf(CLIENT_HELLO, cut), sink), "cut " + cut);
            assertEquals(1, feed(p, true, Arrays.copyOfRange(CLIENT_HELLO, cut, CLIENT_HELLO.length), sink), "cut " + cut);
            assertEquals("www.example.org", str(sink.txs.get(0), Buffer.TLS_SNI), "cut " + cut);
            assertEquals(expectedJa3(), str(sink.txs.get(0), Buffer.JA3_STRING), "cut " + cut);
            assertEquals(0, p.events());
        }
    }

    @Test
    void handshakeMessageSplitAcrossRecordsIsReassembled() {
        byte[] msg = handshake(1, clientHelloBody("split.records.test", 0));
        for (int max : new int[] {1, 3, 17, 100}) {
            TlsParser p = new TlsParser();
            Sink sink = new Sink();
            assertEquals(1, feed(p, true, records(msg, max), sink), "records of " + max);
            assertEquals("split.records.test", str(sink.txs.get(0), Buffer.TLS_SNI));
        }
    }

    @Test
    void serverFlightInOneSegmentGivesHelloCertificateAndChainAtOnce() throws Exception {
        byte[] der = selfSigned();
        byte[] flight = concat(
                record(22, handshake(2, serverHelloBody(0xc02f, false))),
                record(22, concat(handshake(11, certificateBody(der, der)), handshake(14, new byte[0]))));
        TlsParser p = new TlsParser();
        Sink sink = new Sink();
        feed(p, true, CLIENT_HELLO, sink);
        assertEquals(1, feed(p, false, flight, sink));
        AppTx tx = sink.txs.get(1);
        assertFalse(tx.toServer);
        X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        assertEquals("C=US, ST=WA, O=Sluice Test, CN=test.example.com", str(tx, Buffer.TLS_CERT_SUBJECT));
        assertEquals(str(tx, Buffer.TLS_CERT_SUBJECT), str(tx, Buffer.TLS_CERT_ISSUER), "self-signed");
        assertEquals("0C:D0:A8", str(tx, Buffer.TLS_CERT_SERIAL));
        String sha1 = HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("SHA-1").digest(der));
        assertEquals(sha1, str(tx, Buffer.TLS_CERT_FINGERPRINT));
        assertEquals(c.getNotBefore().getTime() / 1000, tx.field(TxField.TLS_CERT_NOTBEFORE, 0));
        assertEquals(c.getNotAfter().getTime() / 1000, tx.field(TxField.TLS_CERT_NOTAFTER, 0));
        assertEquals(2, tx.field(TxField.TLS_CERT_CHAIN_LEN, 0));
        DetectContext ctx = new DetectContext();
        assertTrue(tx.buffer(Buffer.TLS_CERTS, 1, ctx));
        assertEquals(der.length, ctx.appLen);
        assertFalse(tx.buffer(Buffer.TLS_CERTS, 2, ctx));
        assertEquals("771,49199,65281-11", str(tx, Buffer.JA3S_STRING));
        assertEquals(md5("771,49199,65281-11"), str(tx, Buffer.JA3S_HASH));
        assertEquals(0x0303, tx.field(TxField.TLS_VERSION, 0));
        assertEquals(SslState.SERVER_HELLO, tx.field(TxField.TLS_STATE, 0) & SslState.SERVER_HELLO);
        String eve = tx.eveObject();
        assertTrue(eve.contains("\"subject\":\"C=US, ST=WA, O=Sluice Test, CN=test.example.com\""), eve);
        assertTrue(eve.contains("\"sni\":\"www.example.org\""), eve);
        assertTrue(eve.contains("\"version\":\"TLS 1.2\""), eve);
        assertTrue(eve.contains("\"ja3\":{\"hash\":\"" + md5(expectedJa3()) + "\""), eve);
        assertTrue(eve.contains("\"fingerprint\":\"" + sha1 + "\""), eve);
    }

    @Test
    void certificateInALaterPacketJoinsTheHelloInTheServerView() {
        TlsParser p = new TlsParser();
        Sink sink = new Sink();
        feed(p, false, record(22, handshake(2, serverHelloBody(0x1301, false))), sink);
        AppTx hello = sink.txs.get(0);
        assertEquals(null, str(hello, Buffer.TLS_CERT_SUBJECT));
        assertTrue(str(hello, Buffer.JA3S_HASH) != null);
        assertEquals(1, feed(p, false, records(handshake(11, certificateBody(selfSigned())), 100), sink));
        AppTx cert = sink.txs.get(1);
        assertEquals("C=US, ST=WA, O=Sluice Test, CN=test.example.com", str(cert, Buffer.TLS_CERT_SUBJECT));
        assertEquals(str(hello, Buffer.JA3S_HASH), str(cert, Buffer.JA3S_HASH), "the view keeps the hello");
        assertEquals(0, cert.field(TxField.TLS_STATE, 0) & SslState.SERVER_HELLO, "the state bits are the update's");
    }

    @Test
    void tls13ServerHelloTakesTheVersionFromSupportedVersions() {
        TlsParser p = new TlsParser();
        Sink sink = new Sink();
        feed(p, false, record(22, handshake(2, serverHelloBody(0x1301, true))), sink);
        assertEquals(0x0304, sink.txs.get(0).field(TxField.TLS_VERSION, 0));
        assertEquals("771,4865,65281-43-11", str(sink.txs.get(0), Buffer.JA3S_STRING));
        assertTrue(sink.txs.get(0).eveObject().contains("\"version\":\"TLS 1.3\""));
    }

    @Test
    void encryptedRecordsAfterChangeCipherSpecAreNotParsed() {
        TlsParser p = new TlsParser();
        Sink sink = new Sink();
        feed(p, true, CLIENT_HELLO, sink);
        byte[] after = concat(record(22, handshake(16, new byte[] {0, 2, 1, 2})), record(20, new byte[] {1}),
                record(22, new byte[] {(byte) 0xde, (byte) 0xad, 0x55, 0x66, 0x77, 0x01}), record(23, new byte[40]));
        assertEquals(1, feed(p, true, after, sink));
        assertEquals(SslState.CLIENT_KEYX, sink.txs.get(1).field(TxField.TLS_STATE, 0));
        assertEquals(0, p.events(), "the encrypted Finished is not read as a message");
        assertTrue(p.session().applicationData);
    }

    @Test
    void sniLengthPastItsExtensionStopsTheDirectionWithAnEvent() {
        byte[] body = clientHelloBody("www.example.org", 0);
        // the server_name list length sits after version, random, sid, ciphers, compression, ext length, GREASE ext, ext header
        int at = 2 + 32 + 1 + 2 + CIPHERS.length * 2 + 2 + 2 + 4 + 4;
        body[at] = (byte) 0x7f;
        TlsParser p = new TlsParser();
        Sink sink = new Sink();
        assertEquals(0, feed(p, true, records(handshake(1, body), 1 << 14), sink));
        assertNotEquals(0, p.events() & TlsEvents.INVALID_HANDSHAKE);
        assertEquals(0, feed(p, true, CLIENT_HELLO, sink), "the direction is given up");
        assertEquals(1, feed(p, false, record(22, handshake(2, serverHelloBody(0x1301, false))), sink), "the other goes on");
    }

    @Test
    void oversizedRecordsMessagesAndUnknownTypesRaiseEvents() {
        TlsParser p = new TlsParser();
        p.onStream(true, new byte[] {22, 3, 3, (byte) 0xff, (byte) 0xff}, 0, 5, new Sink());
        assertNotEquals(0, p.events() & TlsEvents.RECORD_OVERFLOW);
        p = new TlsParser();
        p.onStream(true, new byte[] {22, 3, 3, 0, 4, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 0, 9, new Sink());
        assertNotEquals(0, p.events() & TlsEvents.HANDSHAKE_TOO_LARGE);
        p = new TlsParser();
        p.onStream(true, "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII), 0, 16, new Sink());
        assertNotEquals(0, p.events() & TlsEvents.INVALID_RECORD);
        p = new TlsParser();
        p.onGap(false, 10);
        assertNotEquals(0, p.events() & TlsEvents.GAP);
    }

    @Test
    void mutatedAndRandomlySplitHandshakesNeverThrow() {
        byte[] server = concat(record(22, handshake(2, serverHelloBody(0xc02f, false))),
                records(handshake(11, certificateBody(selfSigned())), 300));
        Random rnd = new Random(7);
        DetectContext ctx = new DetectContext();
        for (int round = 0; round < 1500; round++) {
            byte[] c = CLIENT_HELLO.clone();
            byte[] s = server.clone();
            for (int m = rnd.nextInt(6); m >= 0; m--) {
                c[rnd.nextInt(c.length)] = (byte) rnd.nextInt(256);
                s[rnd.nextInt(s.length)] = (byte) rnd.nextInt(256);
            }
            TlsParser p = new TlsParser();
            Sink sink = new Sink();
            int ci = 0;
            int si = 0;
            while (ci < c.length || si < s.length) {
                if (ci < c.length) {
                    int n = 1 + rnd.nextInt(c.length - ci);
                    p.onStream(true, c, ci, n, sink);
                    ci += n;
                }
                if (si < s.length) {
                    int n = 1 + rnd.nextInt(s.length - si);
                    p.onStream(false, s, si, n, sink);
                    si += n;
                }
            }
            for (AppTx tx : sink.txs) {
                tx.eveObject();
                for (Buffer b : Buffer.values()) {
                    tx.buffer(b, 0, ctx);
                }
            }
        }
    }

    @Test
    void probeKnowsHellosAndRejectsOtherProtocols() {
        TlsProbe probe = new TlsProbe();
        assertEquals(AppProbe.MATCH, probe.probe(CLIENT_HELLO, 0, CLIENT_HELLO.length, true, true, false));
        assertEquals(AppProbe.NEED_MORE, probe.probe(CLIENT_HELLO, 0, 4, true, true, false));
        assertEquals(AppProbe.NO, probe.probe(CLIENT_HELLO, 0, CLIENT_HELLO.length, false, true, true), "a ClientHello does not come from the server");
        byte[] sh = record(22, handshake(2, serverHelloBody(0x1301, false)));
        assertEquals(AppProbe.MATCH, probe.probe(sh, 0, sh.length, false, true, false));
        byte[] http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(AppProbe.NO, probe.probe(http, 0, http.length, true, true, true));
        byte[] sslv2 = {(byte) 0x80, 0x2e, 0x01, 0x03, 0x01, 0x00, 0x15, 0x00, 0x00, 0x00, 0x10};
        assertEquals(AppProbe.MATCH, probe.probe(sslv2, 0, sslv2.length, true, true, false));
    }

    @Test
    void sslv2ClientHelloGivesTheClientVersionAndRecordsFollow() {
        byte[] v2 = new byte[2 + 0x2e];
        v2[0] = (byte) 0x80;
        v2[1] = 0x2e;
        v2[2] = 1;
        v2[3] = 3;
        v2[4] = 1;
        TlsParser p = new TlsParser();
        Sink sink = new Sink();
        assertEquals(1, feed(p, true, v2, sink));
        assertEquals(0x0301, sink.txs.get(0).field(TxField.TLS_VERSION, 0));
        assertEquals(1, feed(p, true, record(22, handshake(16, new byte[] {0, 2, 1, 2})), sink));
        assertEquals(0, p.events());
    }
}
