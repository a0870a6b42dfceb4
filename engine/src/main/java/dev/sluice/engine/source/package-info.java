/**
 * Packet sources that read capture files: {@link dev.sluice.engine.source.PcapSource} replays
 * classic libpcap and pcapng files into reused {@link dev.sluice.capture.Frame}s, without
 * allocating per packet.
 */
package dev.sluice.engine.source;
