package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.Buffer;

/**
 * The TLS sticky buffers (tls.sni, tls.cert_subject, tls.cert_issuer, tls.cert_serial,
 * tls.cert_fingerprint, tls.certs, ja3.hash, ja3.string, ja3s.hash, ja3s.string, tls.random,
 * tls.random_time, tls.random_bytes, tls.alpn) under their own name or an old underscore spelling. Client
 * buffers (SNI, JA3, the client random) are inspected on the ClientHello, server buffers on the
 * ServerHello and the certificate message.
 */
public final class TlsBuffer extends BaseKeyword {
    private final Buffer buffer;

    /** The buffer under its own name. */
    public TlsBuffer(Buffer buffer) {
        this(buffer.keyword, buffer);
    }

    /** The buffer under another spelling (tls_sni, ja3_hash, ...). */
    public TlsBuffer(String name, Buffer buffer) {
        super(name, name + ": sticky buffer " + buffer.keyword + " of TLS handshakes.", Value.NONE);
        if (!"tls".equals(buffer.app)) {
            throw new IllegalArgumentException("not a TLS buffer: " + buffer);
        }
        this.buffer = buffer;
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        Args.none(name(), value);
        rule.setBuffer(buffer);
    }
}
