package dev.sluice.capture;

/**
 * One captured packet as a source hands it over: the bytes from the link layer up, reused from
 * packet to packet. Owned by one thread at a time: the worker that polls the source, or the reader
 * that fills it before handing its bytes on (the {@code data} array changes hands, never the frame).
 */
public final class Frame {
    /** Link types (the pcap LINKTYPE_ numbers). */
    public static final int LINK_NULL = 0;
    public static final int LINK_ETHERNET = 1;
    public static final int LINK_RAW = 101;
    /** Raw IP under the DLT numbers some systems wrote into captures instead of {@link #LINK_RAW}. */
    public static final int LINK_RAW_DLT12 = 12;
    public static final int LINK_RAW_DLT14 = 14;
    public static final int LINK_LOOP = 108;
    public static final int LINK_LINUX_SLL = 113;
    public static final int LINK_IPV4 = 228;
    public static final int LINK_IPV6 = 229;
    public static final int LINK_LINUX_SLL2 = 276;

    /** Captured bytes; only the first {@link #length} are valid. May be replaced by a larger array. */
    public byte[] data;
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

    /** A frame whose buffer holds any IP packet (64 KiB and a link header). */
    public Frame() {
        this(65_536 + 256);
    }

    /** A frame with a buffer of {@code capacity} bytes, to grow by {@link #ensureCapacity} when needed. */
    public Frame(int capacity) {
        data = new byte[capacity];
    }

    /** Copies {@code o}'s metadata (everything but the bytes) into this frame. */
    public void copyMeta(Frame o) {
        length = o.length;
        wireLength = o.wireLength;
        linkType = o.linkType;
        tsSeconds = o.tsSeconds;
        tsNanos = o.tsNanos;
        id = o.id;
        queue = o.queue;
        mark = o.mark;
    }

    /** A new buffer is at least this long, so a frame that grows settles after a few packets. */
    public static final int MIN_GROWTH = 2048;

    /**
     * Makes {@link #data} at least {@code n} bytes long, keeping nothing. A new buffer is {@code n}
     * rounded up to a power of two (at least {@link #MIN_GROWTH}), so slightly larger packets do not
     * each allocate again.
     */
    public void ensureCapacity(int n) {
        if (data.length < n) {
            data = new byte[grownSize(n)];
        }
    }

    /** The length of a buffer grown for {@code n} bytes. */
    static int grownSize(int n) {
        if (n <= MIN_GROWTH) {
            return MIN_GROWTH;
        }
        int p = Integer.highestOneBit(n - 1) << 1;
        // Past 2^30 the next power of two does not fit an int: exactly n then.
        return p > 0 ? p : n;
    }
}
