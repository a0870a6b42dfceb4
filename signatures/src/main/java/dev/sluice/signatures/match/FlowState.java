package dev.sluice.signatures.match;

/**
 * What a rule can see and change of the flow a packet belongs to. Owned by one worker; a flow is
 * only touched by the worker its packets hash to.
 */
public interface FlowState {
    /** True when the TCP three-way handshake completed (or the flow was picked up midstream, or any UDP/ICMP flow after a reply). */
    boolean established();

    /** True when this packet goes from the flow's client to its server. */
    boolean toServer();

    /** Flow bits, by index from {@link FlowbitNames}. */
    boolean isBitSet(int bit);

    void setBit(int bit);

    void clearBit(int bit);

    /** True when flow integer {@code var} (an index from {@code LoadContext.flowints}) holds a value. */
    default boolean isIntSet(int var) {
        return false;
    }

    /** Value of flow integer {@code var}; 0 when it is not set. */
    default long intValue(int var) {
        return 0;
    }

    /** Gives flow integer {@code var} a value (flowint =, +, -). */
    default void setInt(int var, long value) {
    }

    /** Bytes sent so far by the client and by the server (TCP payload, for stream_size). */
    long clientBytes();

    long serverBytes();

    /** Packets seen in this packet's direction, counting this one. */
    long packetsInDirection();

    /**
     * True when the IP-only rules already ran on a packet of this packet's direction: those rules
     * (addresses and protocol only) are inspected once per flow direction, as Suricata does.
     */
    default boolean ipOnlyInspected() {
        return false;
    }

    /** Records that the IP-only rules ran for this packet's direction. */
    default void markIpOnlyInspected() {
    }

    /**
     * The application protocol detected on this flow, as a rule header names it ("dns"), or null
     * while none is known (not yet detected, detection failed, or no application layer).
     */
    default String appProto() {
        return null;
    }
}
