package dev.sluice.signatures.match;

import java.util.regex.Matcher;

/**
 * Per-worker scratch for evaluating rules on one packet at a time. Owned by one worker thread;
 * reset for each packet, so nothing in it survives a packet.
 */
public final class DetectContext {
    /** Number of byte_extract / byte_math variable slots a rule may use. */
    public static final int MAX_VARS = 16;
    /** Largest base64_decode output kept (bytes). */
    static final int BASE64_MAX = 65536;

    /** The packet under inspection. */
    public PacketView packet;
    /** Its flow, or null when the packet has no flow (no IP layer, or a decode error). */
    public FlowState flow;
    /** Values of byte_extract / byte_math variables, by slot. */
    public final long[] vars = new long[MAX_VARS];
    /** The worker's host / ip-pair bit store (xbits, hostbits); kept across packets, unlike the rest. */
    private HostBits hostBits = HostBits.NONE;

    /** The store xbits and hostbits read and change; {@link HostBits#NONE} until the engine sets one. */
    public HostBits hostBits() {
        return hostBits;
    }

    /** Hands this worker's host-bit store to the rules; called once when the worker is built. */
    public void useHostBits(HostBits store) {
        this.hostBits = store == null ? HostBits.NONE : store;
    }

    // ---- payload inspection scratch (Inspector) ----

    /** End of the last match in the buffer being inspected: where relative items anchor. */
    int cursor;
    /** Inspection steps taken for the current buffer, against {@link Inspector#RECURSION_LIMIT}. */
    int recursion;
    /** Where a pcre retry resumes (start of its previous match + 1), 0 for a first search. */
    int pcreStart;
    /** Value read by the last byte extraction. */
    long extracted;
    /** Reusable character view of the inspected bytes, for java.util.regex. */
    final ByteChars chars = new ByteChars();
    /** Pcre searches stopped by the match limit (or a too deep recursion) and taken as no match; this worker's count. */
    public long pcreLimitHits;
    /** Matchers by {@link Pcre#id}, created on first use by this worker. */
    private Matcher[] matchers = new Matcher[64];
    /** base64_decode output and its length. */
    final byte[] base64 = new byte[BASE64_MAX];
    int base64Len;
    /** Output of the buffer transforms (dotprefix, xor, ...) of the program being inspected. */
    public final dev.sluice.signatures.transform.TransformScratch transforms = new dev.sluice.signatures.transform.TransformScratch();

    /**
     * When non-null, the payload buffer is these bytes instead of the packet's payload: the
     * reassembled stream window the engine inspects. Cleared by {@link #reset}.
     */
    public byte[] streamBuf;
    public int streamOff;
    public int streamLen;

    /**
     * The application-layer transaction under inspection, or null for packet inspection. Rules with
     * application buffers or transaction tests only match while it is set. Cleared by {@link #reset}.
     */
    public TxView tx;
    /** The application buffer instance last loaded by {@link TxView#buffer}: bytes, start and length. */
    public byte[] appBuf;
    public int appOff;
    public int appLen;

    public void reset(PacketView packet, FlowState flow) {
        this.packet = packet;
        this.flow = flow;
        this.streamBuf = null;
        this.tx = null;
    }

    /** Points the application buffer at {@code len} bytes of {@code buf} from {@code off}; for {@link TxView} implementations. */
    public void setAppBuffer(byte[] buf, int off, int len) {
        this.appBuf = buf;
        this.appOff = off;
        this.appLen = len;
    }

    /** Makes the payload buffer a stream window, for the rules evaluated next. */
    public void useStream(byte[] buf, int off, int len) {
        this.streamBuf = buf;
        this.streamOff = off;
        this.streamLen = len;
    }

    /** Back to the packet's own payload. */
    public void usePacket() {
        this.streamBuf = null;
    }

    /** Where in the payload buffer the last successful payload program's match ended (relative to its start). */
    public int matchEnd() {
        return payloadEnd;
    }

    /** End of the payload program's match, saved right after it matched (other buffers move the cursor). */
    int payloadEnd;

    /** This worker's matcher for a pcre, reset onto the character view. */
    Matcher matcher(Pcre p) {
        int id = p.id;
        if (id >= matchers.length) {
            matchers = java.util.Arrays.copyOf(matchers, Math.max(id + 1, matchers.length * 2));
        }
        Matcher m = matchers[id];
        if (m == null) {
            m = p.pattern.matcher(chars);
            matchers[id] = m;
        } else {
            m.reset(chars);
        }
        return m;
    }
}
