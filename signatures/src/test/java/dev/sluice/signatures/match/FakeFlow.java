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
}
