/**
 * NFQUEUE: the kernel hands queued packets to Sluice over a netlink socket and waits for a verdict
 * on each. {@link dev.sluice.capture.nfq.Nfqueue} checks availability and opens a queue;
 * {@link dev.sluice.capture.nfq.NfqueueHandle} is the worker's packet source and verdict sink for it.
 * libnetfilter_queue (through JNA) only sets queues up; packets are parsed from, and verdicts written
 * to, reused native buffers here, so the per-packet path makes no JNA callbacks and allocates nothing.
 * The JNA bindings stay package-private.
 */
package dev.sluice.capture.nfq;
