/**
 * Where packets enter and leave Sluice: the {@link dev.sluice.capture.PacketSource} and
 * {@link dev.sluice.capture.VerdictSink} interfaces that the engine reads from and answers to, and the
 * reusable {@link dev.sluice.capture.Frame} a source fills. Native sources (NFQUEUE through JNA) live
 * in sub-packages of this module and stay package-private behind these interfaces.
 */
package dev.sluice.capture;
