/** Benchmarks of rule loading and of building the detection engine (prefilter compile). */
package dev.sluice.bench.detect;
