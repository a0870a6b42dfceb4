/**
 * Application-layer keywords: sticky buffers (http.uri, file.data, dns.query, tls.sni, sip.to, ...
 * and their old spellings), the old HTTP content modifiers (http_uri, ...), buffer transform keywords
 * (their transforms live in {@link dev.sluice.signatures.transform}), and
 * the application tests (tls.version, app-layer-event, filename, ...). The TLS ones (TlsBuffer,
 * SslVersion, SslState, TlsVersion, TlsCertText, TlsCertChainLen, TlsCertDate) are
 * {@link dev.sluice.signatures.match.TxCondition}s or buffers of TLS transactions. Keywords whose
 * parser does not exist yet load and park the rule with a reason, so rule files load whole and
 * report what is waiting.
 */
package dev.sluice.signatures.keyword.app;
