package dev.sluice.signatures.keyword;

import dev.sluice.signatures.keyword.app.ContentBufferModifier;
import dev.sluice.signatures.keyword.app.Parked;
import dev.sluice.signatures.keyword.app.StickyBuffer;
import dev.sluice.signatures.keyword.app.DnsNameBuffer;
import dev.sluice.signatures.keyword.app.DnsOpcode;
import dev.sluice.signatures.keyword.app.DnsQuery;
import dev.sluice.signatures.keyword.app.DnsRcode;
import dev.sluice.signatures.keyword.app.DnsRrtype;
import dev.sluice.signatures.keyword.app.HttpBuffer;
import dev.sluice.signatures.keyword.app.SslState;
import dev.sluice.signatures.keyword.app.SslVersion;
import dev.sluice.signatures.keyword.app.TlsBuffer;
import dev.sluice.signatures.keyword.app.TlsCertChainLen;
import dev.sluice.signatures.keyword.app.TlsCertDate;
import dev.sluice.signatures.keyword.app.TlsCertText;
import dev.sluice.signatures.keyword.app.TlsVersion;
import dev.sluice.signatures.keyword.app.Transform;
import dev.sluice.signatures.keyword.payload.PcrexformPattern;
import dev.sluice.signatures.transform.CompressWhitespace;
import dev.sluice.signatures.transform.DotPrefix;
import dev.sluice.signatures.transform.SuffixTransform;
import dev.sluice.signatures.transform.FromBase64;
import dev.sluice.signatures.transform.Gunzip;
import dev.sluice.signatures.transform.HeaderLowercase;
import dev.sluice.signatures.transform.PcreXform;
import dev.sluice.signatures.transform.StripWhitespace;
import dev.sluice.signatures.transform.ToLowercase;
import dev.sluice.signatures.transform.ToMd5;
import dev.sluice.signatures.transform.ToSha1;
import dev.sluice.signatures.transform.ToSha256;
import dev.sluice.signatures.transform.ToUppercase;
import dev.sluice.signatures.transform.UrlDecode;
import dev.sluice.signatures.transform.Xor;
import dev.sluice.signatures.transform.ZlibDeflate;
import dev.sluice.signatures.keyword.flow.DetectionFilter;
import dev.sluice.signatures.keyword.flow.Flow;
import dev.sluice.signatures.keyword.flow.Flowbits;
import dev.sluice.signatures.keyword.flow.Flowint;
import dev.sluice.signatures.keyword.flow.Hostbits;
import dev.sluice.signatures.keyword.flow.Xbits;
import dev.sluice.signatures.keyword.flow.StreamSize;
import dev.sluice.signatures.keyword.flow.Threshold;
import dev.sluice.signatures.keyword.header.Ack;
import dev.sluice.signatures.keyword.header.DecodeEvent;
import dev.sluice.signatures.keyword.header.Dsize;
import dev.sluice.signatures.keyword.header.Flags;
import dev.sluice.signatures.keyword.header.Fragbits;
import dev.sluice.signatures.keyword.header.Fragoffset;
import dev.sluice.signatures.keyword.header.HeaderBuffer;
import dev.sluice.signatures.keyword.header.IcmpId;
import dev.sluice.signatures.keyword.header.IcmpSeq;
import dev.sluice.signatures.keyword.header.Icmpv6Mtu;
import dev.sluice.signatures.keyword.header.Icode;
import dev.sluice.signatures.keyword.header.Id;
import dev.sluice.signatures.keyword.header.IpProto;
import dev.sluice.signatures.keyword.header.Ipopts;
import dev.sluice.signatures.keyword.header.Itype;
import dev.sluice.signatures.keyword.header.Sameip;
import dev.sluice.signatures.keyword.header.Seq;
import dev.sluice.signatures.keyword.header.TcpMss;
import dev.sluice.signatures.keyword.header.Tos;
import dev.sluice.signatures.keyword.header.Ttl;
import dev.sluice.signatures.keyword.header.VlanId;
import dev.sluice.signatures.keyword.header.VlanLayers;
import dev.sluice.signatures.keyword.header.Window;
import dev.sluice.signatures.keyword.meta.Alert;
import dev.sluice.signatures.keyword.meta.Classtype;
import dev.sluice.signatures.keyword.meta.Gid;
import dev.sluice.signatures.keyword.meta.Metadata;
import dev.sluice.signatures.keyword.meta.Msg;
import dev.sluice.signatures.keyword.meta.Noalert;
import dev.sluice.signatures.keyword.meta.Prefilter;
import dev.sluice.signatures.keyword.meta.Priority;
import dev.sluice.signatures.keyword.meta.Reference;
import dev.sluice.signatures.keyword.meta.Requires;
import dev.sluice.signatures.keyword.meta.Rev;
import dev.sluice.signatures.keyword.meta.Sid;
import dev.sluice.signatures.keyword.meta.Tag;
import dev.sluice.signatures.keyword.meta.Target;
import dev.sluice.signatures.keyword.payload.Absent;
import dev.sluice.signatures.keyword.payload.Base64DataKeyword;
import dev.sluice.signatures.keyword.payload.Base64DecodeKeyword;
import dev.sluice.signatures.keyword.payload.BsizeKeyword;
import dev.sluice.signatures.keyword.payload.ByteExtractKeyword;
import dev.sluice.signatures.keyword.payload.ByteJumpKeyword;
import dev.sluice.signatures.keyword.payload.ByteMathKeyword;
import dev.sluice.signatures.keyword.payload.ByteTestKeyword;
import dev.sluice.signatures.keyword.payload.ContentKeyword;
import dev.sluice.signatures.keyword.payload.Depth;
import dev.sluice.signatures.keyword.payload.Distance;
import dev.sluice.signatures.keyword.payload.Endswith;
import dev.sluice.signatures.keyword.payload.FastPatternKeyword;
import dev.sluice.signatures.keyword.payload.Isdataat;
import dev.sluice.signatures.keyword.payload.Nocase;
import dev.sluice.signatures.keyword.payload.Offset;
import dev.sluice.signatures.keyword.payload.PcreKeyword;
import dev.sluice.signatures.keyword.payload.Rawbytes;
import dev.sluice.signatures.keyword.payload.Startswith;
import dev.sluice.signatures.keyword.payload.Uricontent;
import dev.sluice.signatures.keyword.payload.Urilen;
import dev.sluice.signatures.keyword.payload.Within;
import dev.sluice.signatures.match.Buffer;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.sluice.signatures.keyword.Keyword.Value.NONE;
import static dev.sluice.signatures.keyword.Keyword.Value.OPTIONAL;
import static dev.sluice.signatures.keyword.Keyword.Value.REQUIRED;

/**
 * Every keyword Sluice knows, by name: the one table that the rule parser and
 * {@code sluice list-keywords} read. Adding a keyword is one class and one line here.
 */
public final class KeywordTable {
    private final Map<String, Keyword> byName = new LinkedHashMap<>();

    public static KeywordTable standard() {
        KeywordTable t = new KeywordTable();

        // ---- meta ----
        t.register(new Msg());
        t.register(new Sid());
        t.register(new Rev());
        t.register(new Gid());
        t.register(new Classtype());
        t.register(new Priority());
        t.register(new Reference());
        t.register(new Metadata());
        t.register(new Target());
        t.register(new Tag());
        t.register(new Noalert());
        t.register(new Prefilter());
        t.register(new Requires());
        t.register(new Alert());

        // ---- payload: content and its modifiers ----
        t.register(new ContentKeyword());
        t.register(new Uricontent());
        t.register(new Nocase());
        t.register(new Depth());
        t.register(new Offset());
        t.register(new Distance());
        t.register(new Within());
        t.register(new Startswith());
        t.register(new Endswith());
        t.register(new Rawbytes());
        t.register(new FastPatternKeyword());
        // ---- payload: other inspections ----
        t.register(new PcreKeyword());
        t.register(new Isdataat());
        t.register(new ByteTestKeyword());
        t.register(new ByteJumpKeyword());
        t.register(new ByteExtractKeyword());
        t.register(new ByteMathKeyword());
        t.register(new BsizeKeyword());
        t.register(new Urilen());
        t.register(new Base64DecodeKeyword());
        t.register(new Base64DataKeyword());
        t.register(new Absent());

        // ---- header sticky buffers, and back to the payload ----
        t.register(new HeaderBuffer("pkt_data", Buffer.PAYLOAD));
        t.register(new HeaderBuffer("ipv4.hdr", Buffer.IPV4_HDR));
        t.register(new HeaderBuffer("ipv6.hdr", Buffer.IPV6_HDR));
        t.register(new HeaderBuffer("tcp.hdr", Buffer.TCP_HDR));
        t.register(new HeaderBuffer("udp.hdr", Buffer.UDP_HDR));
        t.register(new HeaderBuffer("icmpv4.hdr", Buffer.ICMPV4_HDR));
        t.register(new HeaderBuffer("icmpv6.hdr", Buffer.ICMPV6_HDR));

        // ---- header tests ----
        t.register(new Flags());
        t.register(new Flags("tcp.flags"));
        t.register(new Ttl());
        t.register(new IpProto());
        t.register(new Itype());
        t.register(new Icode());
        t.register(new IcmpId());
        t.register(new IcmpSeq());
        t.register(new Ipopts());
        t.register(new Fragbits());
        t.register(new Fragoffset());
        t.register(new Sameip());
        t.register(new Seq());
        t.register(new Ack());
        t.register(new Window());
        t.register(new TcpMss());
        t.register(new Id());
        t.register(new Tos());
        t.register(new Dsize());
        t.register(new VlanLayers());
        t.register(new VlanId());
        t.register(new Icmpv6Mtu());
        t.register(new DecodeEvent());

        // ---- flow ----
        t.register(new Flow());
        t.register(new Flowbits());
        t.register(new Flowint());
        t.register(new Xbits());
        t.register(new Hostbits());
        t.register(new StreamSize());
        t.register(new Threshold());
        t.register(new DetectionFilter());

        // ---- application-layer sticky buffers (one per Buffer entry), then old spellings ----
        for (Buffer b : Buffer.values()) {
            if (!b.active() && b != Buffer.OTHER_APP) {
                t.register(new StickyBuffer(b.keyword, b));
            }
        }
        // ---- HTTP sticky buffers, own names and old spellings ----
        for (Buffer b : Buffer.values()) {
            if ("http".equals(b.app) && b.active()) {
                t.register(new HttpBuffer(b));
            }
        }
        t.register(new HttpBuffer("file_data", Buffer.FILE_DATA));
        t.register(new HttpBuffer("http_request_line", Buffer.HTTP_REQUEST_LINE));
        t.register(new HttpBuffer("http_response_line", Buffer.HTTP_RESPONSE_LINE));
        t.register(new HttpBuffer("http_header_names", Buffer.HTTP_HEADER_NAMES));
        t.register(new HttpBuffer("http_accept", Buffer.HTTP_ACCEPT));
        t.register(new HttpBuffer("http_accept_enc", Buffer.HTTP_ACCEPT_ENC));
        t.register(new HttpBuffer("http_accept_lang", Buffer.HTTP_ACCEPT_LANG));
        t.register(new HttpBuffer("http_connection", Buffer.HTTP_CONNECTION));
        t.register(new HttpBuffer("http_content_len", Buffer.HTTP_CONTENT_LEN));
        t.register(new HttpBuffer("http_content_type", Buffer.HTTP_CONTENT_TYPE));
        t.register(new HttpBuffer("http_referer", Buffer.HTTP_REFERER));
        t.register(new HttpBuffer("http_protocol", Buffer.HTTP_PROTOCOL));
        t.register(new HttpBuffer("http_start", Buffer.HTTP_START));
        // ---- TLS sticky buffers, own names and old spellings ----
        for (Buffer b : Buffer.values()) {
            if ("tls".equals(b.app) && b.active()) {
                t.register(new TlsBuffer(b));
            }
        }
        t.register(new TlsBuffer("tls_sni", Buffer.TLS_SNI));
        t.register(new TlsBuffer("tls_cert_subject", Buffer.TLS_CERT_SUBJECT));
        t.register(new TlsBuffer("tls_cert_issuer", Buffer.TLS_CERT_ISSUER));
        t.register(new TlsBuffer("tls_cert_serial", Buffer.TLS_CERT_SERIAL));
        t.register(new TlsBuffer("tls_cert_fingerprint", Buffer.TLS_CERT_FINGERPRINT));
        t.register(new TlsBuffer("ja3_hash", Buffer.JA3_HASH));
        t.register(new TlsBuffer("ja3_string", Buffer.JA3_STRING));
        t.register(new TlsBuffer("ja3s_hash", Buffer.JA3S_HASH));
        t.register(new TlsBuffer("ja3s_string", Buffer.JA3S_STRING));
        // ---- application-layer sticky buffers Sluice has no Buffer entry for ----
        t.register(new StickyBuffer("http2.header_name", "http2"));
        t.register(new StickyBuffer("http2.header", "http2"));
        t.register(new StickyBuffer("file.name", "file"));
        t.register(new StickyBuffer("file.magic", "file"));
        t.register(new StickyBuffer("tls.subjectaltname", "tls"));
        t.register(new StickyBuffer("ja4.hash", "tls"));
        t.register(new StickyBuffer("quic.sni", "quic"));
        t.register(new StickyBuffer("quic.ua", "quic"));
        t.register(new StickyBuffer("quic.cyu.hash", "quic"));
        t.register(new StickyBuffer("quic.cyu.string", "quic"));
        t.register(new StickyBuffer("ssh.proto", "ssh"));
        t.register(new StickyBuffer("ssh_proto", "ssh"));
        t.register(new StickyBuffer("ssh.software", "ssh"));
        t.register(new StickyBuffer("ssh_software", "ssh"));
        t.register(new StickyBuffer("ssh.hassh", "ssh"));
        t.register(new StickyBuffer("ssh.hassh.string", "ssh"));
        t.register(new StickyBuffer("ssh.hassh.server", "ssh"));
        t.register(new StickyBuffer("ssh.hassh.server.string", "ssh"));
        t.register(new StickyBuffer("smb.share", "smb"));
        t.register(new StickyBuffer("smb_share", "smb"));
        t.register(new StickyBuffer("smb.named_pipe", "smb"));
        t.register(new StickyBuffer("smb_named_pipe", "smb"));
        t.register(new StickyBuffer("smb.ntlmssp_user", "smb"));
        t.register(new StickyBuffer("smb.ntlmssp_domain", "smb"));
        t.register(new StickyBuffer("dce_stub_data", "dcerpc"));
        t.register(new StickyBuffer("dcerpc.stub_data", "dcerpc"));
        t.register(new StickyBuffer("krb5.cname", "krb5"));
        t.register(new StickyBuffer("krb5.sname", "krb5"));
        t.register(new StickyBuffer("krb5_cname", "krb5"));
        t.register(new StickyBuffer("krb5_sname", "krb5"));
        t.register(new StickyBuffer("sip.method", "sip"));
        t.register(new StickyBuffer("sip.uri", "sip"));
        t.register(new StickyBuffer("sip.request_line", "sip"));
        t.register(new StickyBuffer("sip.stat_code", "sip"));
        t.register(new StickyBuffer("sip.stat_msg", "sip"));
        t.register(new StickyBuffer("sip.response_line", "sip"));
        t.register(new StickyBuffer("sip.protocol", "sip"));
        t.register(new StickyBuffer("sip.from", "sip"));
        t.register(new StickyBuffer("sip.to", "sip"));
        t.register(new StickyBuffer("sip.via", "sip"));
        t.register(new StickyBuffer("sip.user_agent", "sip"));
        t.register(new StickyBuffer("sip.content_type", "sip"));
        t.register(new StickyBuffer("sip.content_length", "sip"));
        t.register(new StickyBuffer("smtp.helo", "smtp"));
        t.register(new StickyBuffer("smtp.mail_from", "smtp"));
        t.register(new StickyBuffer("smtp.rcpt_to", "smtp"));
        t.register(new StickyBuffer("email.from", "smtp"));
        t.register(new StickyBuffer("email.to", "smtp"));
        t.register(new StickyBuffer("email.subject", "smtp"));
        t.register(new StickyBuffer("email.cc", "smtp"));
        t.register(new StickyBuffer("email.date", "smtp"));
        t.register(new StickyBuffer("email.message_id", "smtp"));
        t.register(new StickyBuffer("email.x_mailer", "smtp"));
        t.register(new StickyBuffer("email.url", "smtp"));
        t.register(new StickyBuffer("email.received", "smtp"));
        t.register(new StickyBuffer("ftp.command", "ftp"));
        t.register(new StickyBuffer("ftp.command_data", "ftp"));
        t.register(new StickyBuffer("ftp.reply", "ftp"));
        t.register(new StickyBuffer("ftp.completion_code", "ftp"));
        t.register(new StickyBuffer("mqtt.connect.clientid", "mqtt"));
        t.register(new StickyBuffer("mqtt.connect.username", "mqtt"));
        t.register(new StickyBuffer("mqtt.connect.password", "mqtt"));
        t.register(new StickyBuffer("mqtt.connect.willtopic", "mqtt"));
        t.register(new StickyBuffer("mqtt.connect.willmessage", "mqtt"));
        t.register(new StickyBuffer("mqtt.publish.topic", "mqtt"));
        t.register(new StickyBuffer("mqtt.publish.message", "mqtt"));
        t.register(new StickyBuffer("mqtt.subscribe.topic", "mqtt"));
        t.register(new StickyBuffer("mqtt.unsubscribe.topic", "mqtt"));
        t.register(new StickyBuffer("snmp.community", "snmp"));
        t.register(new StickyBuffer("snmp.usm", "snmp"));
        t.register(new StickyBuffer("rfb.name", "rfb"));
        t.register(new StickyBuffer("ike.vendor", "ike"));
        t.register(new StickyBuffer("ike.key_exchange_payload", "ike"));
        t.register(new StickyBuffer("ike.nonce_payload", "ike"));
        t.register(new StickyBuffer("websocket.payload", "websocket"));
        t.register(new StickyBuffer("dnp3_data", "dnp3"));
        t.register(new StickyBuffer("dnp3.data", "dnp3"));
        t.register(new StickyBuffer("ldap.request.dn", "ldap"));
        t.register(new StickyBuffer("ldap.responses.dn", "ldap"));
        t.register(new StickyBuffer("ldap.responses.message", "ldap"));
        t.register(new StickyBuffer("pgsql.query", "pgsql"));
        t.register(new StickyBuffer("tftp.file_name", "tftp"));
        t.register(new StickyBuffer("enip.product_name", "enip"));
        t.register(new StickyBuffer("enip.service_name", "enip"));

        // ---- DNS ----
        t.register(new DnsQuery("dns.query"));
        t.register(new DnsQuery("dns_query"));
        t.register(new DnsNameBuffer(Buffer.DNS_QUERIES_RRNAME));
        t.register(new DnsNameBuffer(Buffer.DNS_ANSWERS_RRNAME));
        t.register(new DnsNameBuffer(Buffer.DNS_AUTHORITIES_RRNAME));
        t.register(new DnsNameBuffer(Buffer.DNS_ADDITIONALS_RRNAME));
        t.register(new DnsNameBuffer(Buffer.DNS_RESPONSE_RRNAME));
        t.register(new DnsOpcode());
        t.register(new DnsRcode());
        t.register(new DnsRrtype());

        // ---- old HTTP content modifiers ----
        t.register(new ContentBufferModifier("http_uri", Buffer.HTTP_URI));
        t.register(new ContentBufferModifier("http_raw_uri", Buffer.HTTP_URI_RAW));
        t.register(new ContentBufferModifier("http_method", Buffer.HTTP_METHOD));
        t.register(new ContentBufferModifier("http_header", Buffer.HTTP_HEADER));
        t.register(new ContentBufferModifier("http_raw_header", Buffer.HTTP_HEADER_RAW));
        t.register(new ContentBufferModifier("http_cookie", Buffer.HTTP_COOKIE));
        t.register(new ContentBufferModifier("http_raw_cookie", Buffer.HTTP_COOKIE));
        t.register(new ContentBufferModifier("http_user_agent", Buffer.HTTP_USER_AGENT));
        t.register(new ContentBufferModifier("http_host", Buffer.HTTP_HOST));
        t.register(new ContentBufferModifier("http_raw_host", Buffer.HTTP_HOST_RAW));
        t.register(new ContentBufferModifier("http_client_body", Buffer.HTTP_REQUEST_BODY));
        t.register(new ContentBufferModifier("http_server_body", Buffer.HTTP_RESPONSE_BODY));
        t.register(new ContentBufferModifier("http_stat_code", Buffer.HTTP_STAT_CODE));
        t.register(new ContentBufferModifier("http_stat_msg", Buffer.HTTP_STAT_MSG));

        // ---- transforms ----
        t.register(Transform.of("dotprefix", NONE, "prepends a '.'", v -> DotPrefix.INSTANCE));
        t.register(Transform.of("domain", NONE, "the registrable domain by the public suffix list", v -> SuffixTransform.forKeyword(false)));
        t.register(Transform.of("tld", NONE, "the public suffix by the public suffix list", v -> SuffixTransform.forKeyword(true)));
        t.register(Transform.of("to_lowercase", NONE, "ASCII to lower case", v -> ToLowercase.INSTANCE));
        t.register(Transform.of("to_uppercase", NONE, "ASCII to upper case", v -> ToUppercase.INSTANCE));
        t.register(Transform.of("strip_whitespace", NONE, "drops whitespace", v -> StripWhitespace.INSTANCE));
        t.register(Transform.of("compress_whitespace", NONE, "shrinks whitespace runs to one byte", v -> CompressWhitespace.INSTANCE));
        t.register(Transform.of("url_decode", NONE, "decodes %XX and '+'", v -> UrlDecode.INSTANCE));
        t.register(Transform.of("header_lowercase", NONE, "lower-cases header names", v -> HeaderLowercase.INSTANCE));
        t.register(Transform.parked("strip_pseudo_headers", NONE, "no HTTP/2 parser"));
        t.register(Transform.of("to_md5", NONE, "raw MD5 digest", v -> ToMd5.INSTANCE));
        t.register(Transform.of("to_sha1", NONE, "raw SHA-1 digest", v -> ToSha1.INSTANCE));
        t.register(Transform.of("to_sha256", NONE, "raw SHA-256 digest", v -> ToSha256.INSTANCE));
        t.register(Transform.of("xor", REQUIRED, "xor with a hex key", Xor::parse));
        t.register(Transform.of("pcrexform", REQUIRED, "the first capture of a regex",
                v -> new PcreXform(PcrexformPattern.compile(Args.unquote(v)), v)));
        t.register(Transform.of("from_base64", OPTIONAL, "base64 decoding (bytes, offset, mode)", FromBase64::parse));
        t.register(Transform.parked("luaxform", REQUIRED, "no Lua support"));
        t.register(Transform.of("gunzip", OPTIONAL, "gzip inflation (max-size)", Gunzip::parse));
        t.register(Transform.of("zlib_deflate", OPTIONAL, "zlib inflation (max-size)", ZlibDeflate::parse));

        // ---- application-layer tests (wait for their parser) ----
        t.register(Parked.app("app-layer-protocol", "app-layer", REQUIRED));
        t.register(Parked.app("app-layer-event", "app-layer", REQUIRED));
        t.register(Parked.app("app-layer-state", "app-layer", REQUIRED));
        t.register(Parked.app("frame", "app-layer", REQUIRED));
        t.register(Parked.app("ftpbounce", "ftp", NONE));
        t.register(Parked.app("ftpdata_command", "ftp", REQUIRED));
        t.register(Parked.app("ftp.reply_received", "ftp", REQUIRED));
        t.register(Parked.app("ftp.dynamic_port", "ftp", REQUIRED));
        t.register(Parked.app("ftp.mode", "ftp", REQUIRED));
        t.register(new TlsVersion());
        t.register(TlsCertText.subject());
        t.register(TlsCertText.issuerdn());
        t.register(TlsCertText.fingerprint());
        t.register(Parked.app("tls.store", "tls", NONE));
        t.register(Parked.app("tls_store", "tls", NONE));
        t.register(new TlsCertChainLen());
        t.register(TlsCertDate.notBefore());
        t.register(TlsCertDate.notAfter());
        t.register(Parked.app("tls_cert_expired", "tls", NONE));
        t.register(Parked.app("tls_cert_valid", "tls", NONE));
        t.register(new SslVersion());
        t.register(new SslState());
        t.register(Parked.app("ssh.protoversion", "ssh", REQUIRED));
        t.register(Parked.app("ssh.softwareversion", "ssh", REQUIRED));
        t.register(Parked.app("ssh_protoversion", "ssh", REQUIRED));
        t.register(Parked.app("ssh_softwareversion", "ssh", REQUIRED));
        t.register(Parked.app("filename", "file", REQUIRED));
        t.register(Parked.app("fileext", "file", REQUIRED));
        t.register(Parked.app("filemagic", "file", REQUIRED));
        t.register(Parked.app("filestore", "file", OPTIONAL));
        t.register(Parked.app("filemd5", "file", REQUIRED));
        t.register(Parked.app("filesha1", "file", REQUIRED));
        t.register(Parked.app("filesha256", "file", REQUIRED));
        t.register(Parked.app("filesize", "file", REQUIRED));
        t.register(Parked.app("dce_iface", "dcerpc", REQUIRED));
        t.register(Parked.app("dce_opnum", "dcerpc", REQUIRED));
        t.register(Parked.app("dcerpc.iface", "dcerpc", REQUIRED));
        t.register(Parked.app("dcerpc.opnum", "dcerpc", REQUIRED));
        t.register(Parked.app("smb.version", "smb", REQUIRED));
        t.register(Parked.app("krb5_msg_type", "krb5", REQUIRED));
        t.register(Parked.app("krb5_err_code", "krb5", REQUIRED));
        t.register(Parked.app("krb5.msg_type", "krb5", REQUIRED));
        t.register(Parked.app("krb5.err_code", "krb5", REQUIRED));
        t.register(Parked.app("krb5.weak_encryption", "krb5", NONE));
        t.register(Parked.app("krb5.ticket_encryption", "krb5", REQUIRED));
        t.register(Parked.app("ldap.request.operation", "ldap", REQUIRED));
        t.register(Parked.app("ldap.responses.operation", "ldap", REQUIRED));
        t.register(Parked.app("ldap.responses.count", "ldap", REQUIRED));
        t.register(Parked.app("ldap.responses.result_code", "ldap", REQUIRED));
        t.register(Parked.app("http2.frametype", "http2", REQUIRED));
        t.register(Parked.app("http2.errorcode", "http2", REQUIRED));
        t.register(Parked.app("http2.priority", "http2", REQUIRED));
        t.register(Parked.app("http2.window", "http2", REQUIRED));
        t.register(Parked.app("http2.size_update", "http2", REQUIRED));
        t.register(Parked.app("http2.settings", "http2", REQUIRED));
        t.register(Parked.app("mqtt.type", "mqtt", REQUIRED));
        t.register(Parked.app("mqtt.flags", "mqtt", REQUIRED));
        t.register(Parked.app("mqtt.qos", "mqtt", REQUIRED));
        t.register(Parked.app("mqtt.reason_code", "mqtt", REQUIRED));
        t.register(Parked.app("mqtt.protocol_version", "mqtt", REQUIRED));
        t.register(Parked.app("mqtt.connect.flags", "mqtt", REQUIRED));
        t.register(Parked.app("mqtt.connack.session_present", "mqtt", REQUIRED));
        t.register(Parked.app("snmp.version", "snmp", REQUIRED));
        t.register(Parked.app("snmp.pdu_type", "snmp", REQUIRED));
        t.register(Parked.app("quic.version", "quic", REQUIRED));
        t.register(Parked.app("rfb.secresult", "rfb", REQUIRED));
        t.register(Parked.app("rfb.sectype", "rfb", REQUIRED));
        t.register(Parked.app("ike.exchtype", "ike", REQUIRED));
        t.register(Parked.app("ike.spi.initiator", "ike", NONE));
        t.register(Parked.app("ike.spi.responder", "ike", NONE));
        t.register(Parked.app("ike.chosen_sa_attribute", "ike", REQUIRED));
        t.register(Parked.app("ike.key_exchange_payload_length", "ike", REQUIRED));
        t.register(Parked.app("ike.nonce_payload_length", "ike", REQUIRED));
        t.register(Parked.app("dhcp.leasetime", "dhcp", REQUIRED));
        t.register(Parked.app("dhcp.rebinding_time", "dhcp", REQUIRED));
        t.register(Parked.app("dhcp.renewal_time", "dhcp", REQUIRED));
        t.register(Parked.app("nfs_procedure", "nfs", REQUIRED));
        t.register(Parked.app("nfs.procedure", "nfs", REQUIRED));
        t.register(Parked.app("nfs.version", "nfs", REQUIRED));
        t.register(Parked.app("modbus", "modbus", REQUIRED));
        t.register(Parked.app("dnp3_func", "dnp3", REQUIRED));
        t.register(Parked.app("dnp3_ind", "dnp3", REQUIRED));
        t.register(Parked.app("dnp3_obj", "dnp3", REQUIRED));
        t.register(Parked.app("enip_command", "enip", REQUIRED));
        t.register(Parked.app("cip_service", "enip", REQUIRED));
        t.register(Parked.app("websocket.opcode", "websocket", REQUIRED));
        t.register(Parked.app("websocket.flags", "websocket", REQUIRED));
        t.register(Parked.app("websocket.mask", "websocket", REQUIRED));

        // ---- known keywords not implemented yet (rule loads, inactive) ----
        t.register(Parked.notYet("flowvar", REQUIRED));
        t.register(Parked.notYet("pktvar", REQUIRED));
        t.register(Parked.notYet("iprep", REQUIRED));
        t.register(Parked.notYet("geoip", REQUIRED));
        t.register(Parked.notYet("lua", REQUIRED));
        t.register(Parked.notYet("luajit", REQUIRED));
        t.register(Parked.notYet("dataset", REQUIRED));
        t.register(Parked.notYet("datarep", REQUIRED));
        t.register(Parked.notYet("asn1", REQUIRED));
        t.register(Parked.notYet("entropy", REQUIRED));
        t.register(Parked.notYet("replace", REQUIRED));
        t.register(Parked.notYet("bypass", NONE));
        t.register(Parked.notYet("config", REQUIRED));
        t.register(Parked.notYet("flow.age", REQUIRED));
        t.register(Parked.notYet("flow.pkts", REQUIRED));
        t.register(Parked.notYet("flow.bytes", REQUIRED));
        t.register(Parked.notYet("flow.pkts_toserver", REQUIRED));
        t.register(Parked.notYet("flow.pkts_toclient", REQUIRED));
        t.register(Parked.notYet("flow.bytes_toserver", REQUIRED));
        t.register(Parked.notYet("flow.bytes_toclient", REQUIRED));
        return t;
    }

    public void register(Keyword k) {
        byName.put(k.name(), k);
    }

    /** The keyword with this name (or alias), or null. */
    public Keyword get(String name) {
        return byName.get(name);
    }

    public Collection<Keyword> all() {
        return byName.values();
    }
}
