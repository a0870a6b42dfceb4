/** Benchmarks of rule loading, the engine build (prefilter compile), the prefilter scan and rule evaluation. */
package dev.sluice.bench.detect;
