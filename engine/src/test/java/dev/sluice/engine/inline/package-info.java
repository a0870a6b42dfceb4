/**
 * Integration tests of {@code sluice run}, the inline path: the engine runs as a subprocess in a
 * server network namespace bound to NFQUEUE, a client namespace talks to it over a veth pair, and
 * the tests check verdicts (clean bytes pass, attacks and the rest of their flow are dropped),
 * fail-open on SIGKILL (--queue-bypass) and a clean stop on SIGTERM.
 */
package dev.sluice.engine.inline;
