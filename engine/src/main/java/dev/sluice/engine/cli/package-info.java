/**
 * The {@code sluice} command line (picocli): {@code pcap}, {@code rules check},
 * {@code list-keywords}. Every user-facing error is one line on stderr with its location; no stack
 * traces unless {@code SLUICE_DEBUG} is set.
 */
package dev.sluice.engine.cli;
