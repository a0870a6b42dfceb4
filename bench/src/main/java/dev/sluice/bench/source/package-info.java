/** Benchmarks of the capture sources (pcap reading). */
package dev.sluice.bench.source;
