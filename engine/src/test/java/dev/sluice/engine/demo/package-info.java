/**
 * Tests of {@code sluice demo}: the shipped rules and requests, the refusals, and (as root with
 * NFQUEUE) real runs, checking that nothing of a run is left after its end or a SIGINT.
 */
package dev.sluice.engine.demo;
