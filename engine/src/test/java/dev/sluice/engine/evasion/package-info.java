/**
 * Evasion test suite: tiny captures built in the tests ({@link dev.sluice.engine.evasion.CaptureBuilder},
 * {@link dev.sluice.engine.evasion.TcpConversation}) that split, reorder, overlap and fragment an
 * attack, run through {@code sluice pcap} in IDS and inline mode. The list of cases and the expected
 * timing are on {@link dev.sluice.engine.evasion.EvasionHarness}.
 */
package dev.sluice.engine.evasion;
