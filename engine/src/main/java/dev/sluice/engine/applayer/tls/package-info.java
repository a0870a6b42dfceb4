/**
 * TLS (SSLv3 to TLS 1.3) on reassembled TCP streams: recognition of a record-layer handshake
 * ({@link dev.sluice.engine.applayer.tls.TlsProbe}), record framing and handshake reassembly per
 * direction ({@link dev.sluice.engine.applayer.tls.TlsParser} over the offsets of
 * {@link dev.sluice.engine.applayer.tls.TlsRecord}), the ClientHello / ServerHello fields and JA3 /
 * JA3S ({@link dev.sluice.engine.applayer.tls.TlsHello}, {@link dev.sluice.engine.applayer.tls.Ja3}),
 * the server certificate chain of TLS 1.2 and earlier with the first certificate's subject, issuer,
 * serial, SHA-1 fingerprint and validity ({@link dev.sluice.engine.applayer.tls.X509}), the TLS
 * buffers and fields rules inspect ({@link dev.sluice.engine.applayer.tls.TlsTx}, one view per
 * direction over the flow's {@link dev.sluice.engine.applayer.tls.TlsSession}) and the EVE
 * {@code tls} object. Hostile input (lengths past their container, huge counts, oversized
 * messages) raises a {@link dev.sluice.engine.applayer.tls.TlsEvents} bit and the direction stops
 * being parsed; nothing throws out of the parser.
 */
package dev.sluice.engine.applayer.tls;
