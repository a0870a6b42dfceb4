/**
 * State kept per host or per pair of hosts beyond any one flow: {@link dev.sluice.engine.host.HostBitStore}
 * holds the xbits / hostbits of one worker, with expiry in packet time and a bounded size.
 */
package dev.sluice.engine.host;
