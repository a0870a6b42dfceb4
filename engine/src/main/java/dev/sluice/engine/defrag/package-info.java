/**
 * IP defragmentation: rebuilds IPv4 and IPv6 datagrams from their fragments before flow tracking
 * and detection see them.
 *
 * <p>Owns {@link dev.sluice.engine.defrag.Defragmenter} (one per worker: trackers, memory bounds,
 * rebuilding and re-decoding the datagram), its settings {@link
 * dev.sluice.engine.defrag.DefragConfig} ({@code defrag.*} keys of {@code --set}), and the
 * target-based overlap rules {@link dev.sluice.engine.defrag.OverlapPolicy}; package-private {@code
 * Tracker} (one datagram's data as segments owned by fragments) and {@code TrackerKey}.
 *
 * <p>Rules of the package: nothing here runs for unfragmented packets; bad fragments never throw,
 * they raise a {@link dev.sluice.engine.decode.DecodeEvent} on the fragment or are ignored; memory
 * stays within the configured tracker count and memcap whatever arrives; time is capture time.
 */
package dev.sluice.engine.defrag;
