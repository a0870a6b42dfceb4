/** Benchmarks of TCP stream reassembly, in order and out of order. */
package dev.sluice.bench.stream;
