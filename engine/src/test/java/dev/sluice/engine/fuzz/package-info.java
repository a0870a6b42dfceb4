/**
 * Test support shared by the coverage-guided fuzz targets (Jazzer {@code @FuzzTest} methods that
 * sit beside the code they fuzz): {@link dev.sluice.engine.fuzz.FuzzInput}, a front-to-back reader
 * of the fuzzer's bytes, so that seed inputs can be written by hand in the order the target reads
 * them.
 */
package dev.sluice.engine.fuzz;
