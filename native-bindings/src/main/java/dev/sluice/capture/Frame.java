package dev.sluice.capture;

/**
 * One captured packet as a source hands it over: the bytes from the link layer up, reused from
 * packet to packet. Owned by the worker that polls the source; never shared between threads.
 */
public final class Frame {
    /** Link types (the pcap LINKTYPE_ numbers). */
    public static final int LINK_NULL = 0;
    public static final int LINK_ETHERNET = 1;
    public static final int LINK_RAW = 101;
    public static final int LINK_LOOP = 108;
    public static final int LINK_LINUX_SLL = 113;
    public static final int LINK_IPV4 = 228;
    public static final int LINK_IPV6 = 229;
    public static final int LINK_LINUX_SLL2 = 276;

    /** Captured bytes; only the first {@link #length} are valid. May be replaced by a larger array. */
    public byte[] data = new byte[65_536 + 256];
    /** Bytes captured. */
    public int length;
    /** Bytes on the wire (may exceed {@link #length} when the capture was truncated). */
    public int wireLength;
    /** Link type of {@link #data}, a pcap LINKTYPE_ value. */
    public int linkType = LINK_ETHERNET;
    /** Capture time, seconds since the epoch. */
    public long tsSeconds;
    /** Sub-second part of the capture time, nanoseconds. */
    public int tsNanos;
    /** Source-specific identity: the NFQUEUE packet id, or the 1-based packet number of a capture. */
    public long id;
    /** Queue number the frame came from (0 for captures). */
    public int queue;
    /** The packet's netfilter mark (nfmark) when it was queued; 0 for captures and unmarked packets. */
    public int mark;

    /** Makes {@link #data} at least {@code n} bytes long, keeping nothing. */
    public void ensureCapacity(int n) {
        if (data.length < n) {
            data = new byte[n];
        }
    }
}
