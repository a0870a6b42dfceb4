package dev.sluice.signatures.keyword;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeywordTableTest {
    /** Every keyword name used by ET Open (2024, and the Suricata 4 set) and the reference regression rules. */
    private static final String CORPUS_KEYWORDS = "absent ack app-layer-event app-layer-protocol asn1 base64_data"
            + " base64_decode bsize byte_extract byte_jump byte_math byte_test classtype content dce_iface"
            + " dce_stub_data dcerpc.iface dcerpc.opnum decode-event depth detection_filter distance"
            + " dns.additionals.rrname dns.authorities.rrname dns.opcode dns.queries.rrname dns.query"
            + " dns.response.rrname dns_query domain dotprefix dsize endswith fast_pattern file.data file_data"
            + " fileext filemd5 filename filesha256 filestore flags flow flowbits flowint fragbits fragoffset"
            + " frame from_base64 ftp.reply_received ftpbounce http.accept http.accept_enc http.accept_lang"
            + " http.connection http.content_len http.content_type http.cookie http.header http.header.raw"
            + " http.header_names http.host http.host.raw http.location http.method http.protocol http.referer"
            + " http.request_body http.request_header http.request_line http.response_body http.response_header"
            + " http.response_line http.server http.start http.stat_code http.stat_msg http.uri http.uri.raw"
            + " http.user_agent http_accept http_accept_enc http_accept_lang http_client_body http_connection"
            + " http_content_len http_content_type http_cookie http_header http_header_names http_host"
            + " http_method http_protocol http_raw_header http_raw_uri http_referer http_request_line"
            + " http_response_line http_server_body http_start http_stat_code http_stat_msg http_uri"
            + " http_user_agent icmp_id icmp_seq icmpv6.mtu icode id ip_proto ipopts ipv4.hdr isdataat itype"
            + " ja3.hash ja3.string ja3_hash ja3s.hash krb5_msg_type ldap.responses.operation metadata msg"
            + " noalert nocase offset pcre pcrexform pkt_data prefilter priority rawbytes reference rev sameip"
            + " seq sid sip.content_length sip.content_type sip.from sip.to sip.user_agent sip.via smb.share"
            + " smb.version smb_named_pipe ssh.software ssh.softwareversion ssh_proto ssl_state ssl_version"
            + " startswith stream_size strip_whitespace tag target tcp.hdr threshold tld tls.cert_issuer"
            + " tls.cert_serial tls.cert_subject tls.certs tls.fingerprint tls.random tls.random_bytes"
            + " tls.random_time tls.sni tls.version tls_cert_issuer tls_cert_serial tls_cert_subject tls_sni"
            + " ttl uricontent urilen url_decode vlan.layers websocket.payload window within xbits xor";

    @Test
    void knowsEveryCorpusKeyword() {
        KeywordTable t = KeywordTable.standard();
        for (String name : CORPUS_KEYWORDS.split(" ")) {
            assertNotNull(t.get(name), name);
        }
    }

    @Test
    void everyKeywordIsNamedOnceWithASummary() {
        Set<String> seen = new HashSet<>();
        for (Keyword k : KeywordTable.standard().all()) {
            assertTrue(seen.add(k.name()), k.name());
            assertFalse(k.summary().isBlank(), k.name());
            assertNotNull(k.value(), k.name());
        }
        assertTrue(seen.size() > 300);
    }

    @Test
    void unknownNameIsNull() {
        assertNull(KeywordTable.standard().get("no_such_keyword"));
        assertEquals("content", KeywordTable.standard().get("content").name());
    }

    @Test
    void registerAddsAKeyword() {
        KeywordTable t = new KeywordTable();
        t.register(new BaseKeyword("x", "x: test.", Keyword.Value.NONE) {
            @Override
            public void apply(String value, dev.sluice.signatures.RuleBuilder rule) {
            }
        });
        assertEquals(1, t.all().size());
    }
}
