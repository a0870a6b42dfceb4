package dev.sluice.signatures.match;

/**
 * Per-worker scratch for evaluating rules on one packet at a time. Owned by one worker thread;
 * reset for each packet, so nothing in it survives a packet.
 */
public final class DetectContext {
    /** Number of byte_extract / byte_math variable slots a rule may use. */
    public static final int MAX_VARS = 16;

    /** The packet under inspection. */
    public PacketView packet;
    /** Its flow, or null when the packet has no flow (no IP layer, or a decode error). */
    public FlowState flow;
    /** Values of byte_extract / byte_math variables, by slot. */
    public final long[] vars = new long[MAX_VARS];

    public void reset(PacketView packet, FlowState flow) {
        this.packet = packet;
        this.flow = flow;
    }
}
