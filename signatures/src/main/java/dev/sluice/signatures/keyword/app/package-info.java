/**
 * Application-layer keywords: sticky buffers (http.uri, file.data, dns.query, tls.sni, sip.to, ...
 * and their old spellings), the old HTTP content modifiers (http_uri, ...), buffer transforms, and
 * the application tests (tls.version, app-layer-event, filename, ...). Until the parsers exist they
 * load and park the rule with a reason, so rule files load whole and report what is waiting.
 */
package dev.sluice.signatures.keyword.app;
