package dev.sluice.capture;

/** What happens to a packet that waits for a decision. */
public enum Verdict {
    ACCEPT,
    DROP,
    /** Give the packet back to the kernel with a mark, so later firewall rules still decide. */
    REPEAT
}
