/**
 * JMH benchmarks of Sluice's stages, in packages mirroring the engine's. Run one with
 * {@code java -jar bench/target/benchmarks.jar NAME}. Benchmarks live here only; tests never time.
 */
package dev.sluice.bench;
