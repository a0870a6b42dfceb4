/**
 * HTTP/1.0 and 1.1 on reassembled TCP streams: recognition by the first bytes of either direction
 * ({@link dev.sluice.engine.applayer.http.HttpProbe}: a request method and a space, or
 * {@code HTTP/1.}), and a parser ({@link dev.sluice.engine.applayer.http.HttpParser}) turning each
 * request and its response into one transaction ({@link dev.sluice.engine.applayer.http.HttpTx}).
 * Owns pipelining and keep-alive, Content-Length, chunked and read-until-close bodies, header
 * folding and merging, URI normalisation ({@link dev.sluice.engine.applayer.http.HttpUri}), bounded
 * body capture with gzip/deflate decompression ({@link dev.sluice.engine.applayer.http.HttpBody}),
 * size limits ({@link dev.sluice.engine.applayer.http.HttpConfig}), parser events
 * ({@link dev.sluice.engine.applayer.http.HttpEvents}) and the EVE {@code http} object of alerts.
 * Hostile input raises events; bytes the parser cannot frame make it stop on that flow.
 */
package dev.sluice.engine.applayer.http;
