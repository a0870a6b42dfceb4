package dev.sluice.signatures.match;

import java.util.BitSet;

/** A flow for tests: its state is whatever the test sets. */
public final class FakeFlow implements FlowState {
    public boolean established = true;
    public boolean toServer = true;
    public final BitSet bits = new BitSet();
    public long clientBytes;
    public long serverBytes;
    public long packets = 1;

    @Override public boolean established() { return established; }
    @Override public boolean toServer() { return toServer; }
    @Override public boolean isBitSet(int bit) { return bits.get(bit); }
    @Override public void setBit(int bit) { bits.set(bit); }
    @Override public void clearBit(int bit) { bits.clear(bit); }
    @Override public long clientBytes() { return clientBytes; }
    @Override public long serverBytes() { return serverBytes; }
    @Override public long packetsInDirection() { return packets; }

    /** Flowints that hold a value, by index. */
    public final java.util.Map<Integer, Long> ints = new java.util.HashMap<>();

    @Override public boolean isIntSet(int var) { return ints.containsKey(var); }
    @Override public long intValue(int var) { return ints.getOrDefault(var, 0L); }
    @Override public void setInt(int var, long value) { ints.put(var, value); }
}
