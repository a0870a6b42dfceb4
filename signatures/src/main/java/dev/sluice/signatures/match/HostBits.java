package dev.sluice.signatures.match;

/**
 * Bits kept per host or per pair of hosts beyond any one flow (xbits, hostbits), each with an
 * expiry in packet time. The engine gives each worker a store through
 * {@link DetectContext#useHostBits}; rules reach it with {@link DetectContext#hostBits()}. Bit
 * indexes come from {@code LoadContext.xbits}.
 */
public interface HostBits {
    /** The packet's source host. */
    int TRACK_SRC = 0;
    /** The packet's destination host. */
    int TRACK_DST = 1;
    /** The unordered pair of source and destination: the same bit for both directions. */
    int TRACK_PAIR = 2;

    /** True when {@code bit} is set for the tracked host(s) and not expired at the packet's time. */
    boolean isSet(int bit, int track, PacketView p);

    /** Sets the bit until {@code expireSeconds} after the packet's time; a bit still live keeps its expiry. */
    void set(int bit, int track, PacketView p, long expireSeconds);

    /** Clears the bit (nothing happens when it is not set). */
    void unset(int bit, int track, PacketView p);

    /** Clears a live bit, else sets it as {@link #set} does. */
    void toggle(int bit, int track, PacketView p, long expireSeconds);

    /** No store: nothing is ever set (tools and tests that do not need one). */
    HostBits NONE = new HostBits() {
        @Override
        public boolean isSet(int bit, int track, PacketView p) {
            return false;
        }

        @Override
        public void set(int bit, int track, PacketView p, long expireSeconds) {
        }

        @Override
        public void unset(int bit, int track, PacketView p) {
        }

        @Override
        public void toggle(int bit, int track, PacketView p, long expireSeconds) {
        }
    };
}
