/**
 * JMH benchmarks of Sluice's stages, in packages mirroring the engine's. Run one with
 * {@code java -jar bench/target/benchmarks.jar NAME}. Benchmarks live here only; tests never time.
 * This package holds what they share: {@link dev.sluice.bench.SluiceBenchmark} (the common JMH
 * settings), {@link dev.sluice.bench.Workloads} (the generated offline workload, cached in a temp
 * folder) and {@link dev.sluice.bench.SyntheticFrames} (single packets built in memory).
 */
package dev.sluice.bench;
