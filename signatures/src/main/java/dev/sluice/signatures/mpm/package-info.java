/**
 * The multi-pattern prefilter: finds which of a set of literals (one fast pattern per rule) occur in
 * a buffer, so only the rules whose literal is present are evaluated in full.
 *
 * <p>Thread ownership: a {@link dev.sluice.signatures.mpm.MultiPatternMatcher} is the compiled,
 * immutable pattern set (for Hyperscan, the native database) and is shared by every worker. Each
 * worker thread takes its own {@link dev.sluice.signatures.mpm.Scanner} from it, which owns the
 * mutable per-scan state (Hyperscan scratch space, a native copy of the input, the hit list) and
 * must only ever be used by that one thread. Closing the matcher while scanners are still open is
 * safe: the native database is freed when the last of them is closed.
 *
 * <p>Two engines implement the interfaces: Hyperscan through its raw JavaCPP bindings (the fast
 * path, x86-64 with SSSE3 only) and {@link dev.sluice.signatures.mpm.JavaMatcher}, a pure-Java
 * Aho-Corasick automaton used where Hyperscan cannot run. {@link dev.sluice.signatures.mpm.MpmBuilder}
 * picks one.
 */
package dev.sluice.signatures.mpm;
