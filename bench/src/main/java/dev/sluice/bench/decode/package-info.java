/** Benchmarks of the decoders. */
package dev.sluice.bench.decode;
