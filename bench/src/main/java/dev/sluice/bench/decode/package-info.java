/** Benchmarks of the decoders, one protocol shape at a time. */
package dev.sluice.bench.decode;
