/** Benchmarks of the flow table: lookups of existing flows and inserts of new ones. */
package dev.sluice.bench.flow;
