/** Benchmarks of the alert outputs: fast.log and eve.json formatting, and writing both files. */
package dev.sluice.bench.output;
