/**
 * The application layer: which protocol a flow speaks, and that protocol's parser turning the
 * flow's bytes into transactions that rules inspect.
 *
 * <p>Design. {@link dev.sluice.engine.applayer.AppLayer} is the per-worker registry and driver. Each
 * protocol registers an {@link dev.sluice.engine.applayer.AppProto}, an
 * {@link dev.sluice.engine.applayer.AppProbe} that recognises it from the first bytes of a direction
 * (ports are only a hint: the protocols whose port matches are asked first) and a factory of
 * {@link dev.sluice.engine.applayer.AppParser}s. Per flow, {@link dev.sluice.engine.applayer.AppFlow}
 * (on {@code Flow.appState}) holds the detected protocol, the parser and, per direction, how far the
 * parser has read the reassembled TCP stream. After the stream engine took a packet, the worker calls
 * {@link dev.sluice.engine.applayer.AppLayer#onPacket}: it probes until the protocol is known (or
 * detection failed: the flow then costs one reference check per packet), then hands the parser the
 * direction's new in-order stream bytes (each byte once, gaps signalled, the end of the direction
 * signalled once after its last byte) or the UDP datagram. The
 * parser reports the transactions ({@link dev.sluice.engine.applayer.AppTx}) it created or updated;
 * detection then evaluates the rules on application buffers against exactly those, once per update,
 * and an alert carries the packet that completed the transaction.
 *
 * <p>Adding a protocol (HTTP, TLS): an AppProto constant, a probe, a parser producing AppTx
 * subclasses that fill the protocol's {@code Buffer}s through {@code TxView.buffer} and render their
 * EVE object, and one {@code register} line in {@link dev.sluice.engine.applayer.AppLayer#standard}.
 * Detection, prefiltering per buffer and EVE need no change.
 *
 * <p>Owned by one worker thread; nothing here is thread-safe. Transactions are only valid while the
 * packet that produced them is processed.
 */
package dev.sluice.engine.applayer;
