/** Benchmarks of the whole offline pipeline (a worker over a capture) on the generated workload. */
package dev.sluice.bench.pipeline;
