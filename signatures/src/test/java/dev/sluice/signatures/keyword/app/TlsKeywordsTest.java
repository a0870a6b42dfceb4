package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.Rule;
import dev.sluice.signatures.header.Protocol;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.DetectContext;
import dev.sluice.signatures.match.FakeFlow;
import dev.sluice.signatures.match.FakePacket;
import dev.sluice.signatures.match.RuleEval;
import dev.sluice.signatures.match.TxCondition;
import dev.sluice.signatures.match.TxField;
import dev.sluice.signatures.match.TxView;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.sluice.signatures.match.TestRules.load;
import static dev.sluice.signatures.match.TestRules.refusal;
import static dev.sluice.signatures.match.TestRules.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsKeywordsTest {
    private record Tx(Map<Buffer, List<String>> buffers, Map<TxField, long[]> fields) implements TxView {
        @Override
        public boolean buffer(Buffer b, int index, DetectContext ctx) {
            List<String> l = buffers.getOrDefault(b, List.of());
            if (index >= l.size()) {
                return false;
            }
            byte[] bytes = l.get(index).getBytes(StandardCharsets.ISO_8859_1);
            ctx.setAppBuffer(bytes, 0, bytes.length);
            return true;
        }

        @Override
        public long field(TxField f, int index) {
            long[] v = fields.getOrDefault(f, new long[0]);
            return index < v.length ? v[index] : -1;
        }
    }

    private static boolean onTx(Rule r, TxView tx) {
        DetectContext ctx = new DetectContext();
        ctx.reset(FakePacket.udp(new byte[] {1, 2, 3}), new FakeFlow());
        ctx.tx = tx;
        return RuleEval.matches(r, ctx);
    }

    private static final Tx SERVER = new Tx(
            Map.of(Buffer.TLS_CERT_SUBJECT, List.of("C=US, O=Example, CN=www.example.com"),
                    Buffer.TLS_CERT_ISSUER, List.of("C=US, O=Let's Encrypt, CN=R3"),
                    Buffer.TLS_CERT_FINGERPRINT, List.of("4a:a3:66:76:82:cb:1b:5c:b3:98:b7:8b:8e:b1:63:d1:ad:4a:c8:32"),
                    Buffer.TLS_CERTS, List.of("first-der", "second-der")),
            Map.of(TxField.TLS_VERSION, new long[] {0x0303}, TxField.TLS_STATE, new long[] {SslState.SERVER_HELLO},
                    TxField.TLS_CERT_CHAIN_LEN, new long[] {2},
                    TxField.TLS_CERT_NOTBEFORE, new long[] {1_423_764_447L}, // 2015-02-12T18:07:27
                    TxField.TLS_CERT_NOTAFTER, new long[] {1_739_124_447L})); // 2025-02-09T18:07:27

    @Test
    void tlsBuffersAreActiveUnderNewAndOldNames() throws Exception {
        for (String kw : List.of("tls.sni", "tls_sni", "tls.cert_subject", "tls.cert_issuer", "tls.cert_serial",
                "tls.cert_fingerprint", "tls.certs", "ja3.hash", "ja3_hash", "ja3.string", "ja3s.hash", "ja3s.string",
                "tls.random", "tls.random_time", "tls.random_bytes", "tls.alpn")) {
            Rule r = rule(load(), Protocol.TLS, kw + "; content:\"abc\";");
            assertTrue(r.active(), kw);
            assertEquals("tls", r.fastPattern.buffer().app, kw);
        }
        assertNull(Protocol.TLS.waitingFor);
        assertEquals("tls", Protocol.TLS.app);
    }

    @Test
    void certsMatchAnyCertificateOfTheChain() throws Exception {
        assertTrue(onTx(rule("tls.certs; content:\"second\";"), SERVER));
        assertFalse(onTx(rule("tls.certs; content:\"third\";"), SERVER));
        assertTrue(onTx(rule("tls.cert_subject; content:\"CN=www.example.com\"; endswith;"), SERVER));
    }

    @Test
    void oldCertificateOptionsContainOrEqual() throws Exception {
        assertTrue(onTx(rule("tls.subject:\"CN=www.example\";"), SERVER));
        assertFalse(onTx(rule("tls.subject:!\"CN=www.example\";"), SERVER));
        assertTrue(onTx(rule("tls.issuerdn:!\"CN=Evil CA\";"), SERVER));
        assertTrue(onTx(rule("tls.issuerdn:\"Let's Encrypt\";"), SERVER));
        assertTrue(onTx(rule("tls.fingerprint:\"4A:A3:66:76:82:CB:1B:5C:B3:98:B7:8B:8E:B1:63:D1:AD:4A:C8:32\";"), SERVER));
        assertFalse(onTx(rule("tls.fingerprint:\"4a:a3\";"), SERVER), "the fingerprint must be equal, not contained");
        Rule r = rule("tls.subject:\"x\";");
        assertEquals("tls", ((TxCondition) r.conditions[0]).app());
    }

    @Test
    void sslVersionListsAndNegation() throws Exception {
        assertTrue(onTx(rule("ssl_version:tls1.2;"), SERVER));
        assertTrue(onTx(rule("ssl_version:tls1.0,tls1.2;"), SERVER));
        assertFalse(onTx(rule("ssl_version:tls1.0,tls1.1;"), SERVER));
        assertTrue(onTx(rule("ssl_version:!sslv3;"), SERVER));
        assertFalse(onTx(rule("ssl_version:!tls1.3,tls1.2;"), SERVER));
        assertTrue(onTx(rule("tls.version:1.2;"), SERVER));
        assertTrue(onTx(rule("tls.version:0x0303;"), SERVER));
        assertFalse(onTx(rule("tls.version:1.3;"), SERVER));
    }

    @Test
    void sslStateIsAnOrOfPlainAndNegatedStates() throws Exception {
        assertTrue(onTx(rule("ssl_state:server_hello;"), SERVER));
        assertTrue(onTx(rule("ssl_state:client_hello|server_hello;"), SERVER));
        assertFalse(onTx(rule("ssl_state:client_hello;"), SERVER));
        assertTrue(onTx(rule("ssl_state:!client_keyx;"), SERVER));
        assertFalse(onTx(rule("ssl_state:!server_hello;"), SERVER));
    }

    @Test
    void chainLengthIsANumberTest() throws Exception {
        assertTrue(onTx(rule("tls.cert_chain_len:2;"), SERVER));
        assertTrue(onTx(rule("tls.cert_chain_len:>1;"), SERVER));
        assertFalse(onTx(rule("tls.cert_chain_len:<2;"), SERVER));
    }

    @Test
    void certificateDatesCompareToTheSecond() throws Exception {
        assertTrue(onTx(rule("tls_cert_notbefore:>2015;"), SERVER));
        assertFalse(onTx(rule("tls_cert_notbefore:>2015-02-13;"), SERVER));
        assertTrue(onTx(rule("tls_cert_notbefore:2015-02-12T18:07:27;"), SERVER));
        assertTrue(onTx(rule("tls_cert_notafter:2025-01<>2025-03;"), SERVER));
        assertTrue(onTx(rule("tls_cert_notafter:<1739124448;"), SERVER));
        assertFalse(onTx(rule("tls_cert_notafter:<2025-02-09T18:07;"), SERVER));
    }

    @Test
    void refusesBadValues() {
        assertTrue(refusal("tls_cert_notafter:>soon;").contains("not a date"));
        assertTrue(refusal("ssl_version:tls9;").contains("unknown version"));
        assertTrue(refusal("ssl_state:handshaking;").contains("unknown state"));
        assertTrue(refusal("tls.version:one;").length() > 0);
        assertTrue(refusal("tls.subject;").length() > 0);
        assertTrue(refusal("tls.sni:foo;").length() > 0);
    }
}
