package dev.sluice.engine.flow;

import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.stream.TcpSession;
import dev.sluice.signatures.match.FlowState;

import java.util.Arrays;

/**
 * One bidirectional conversation: its key (addresses, ports, IP protocol, VLANs), which side is the
 * client, per-direction counters, TCP handshake state, flowbits and flowints. Created and recycled
 * by a {@link FlowTable}; owned by one worker. {@link #toServer()} describes the packet the table looked
 * up last, so it is only meaningful while that packet is being processed.
 */
public final class Flow implements FlowState {

    /** TCP progress as far as {@code flow:established} cares. */
    public enum TcpState {
        /** Not TCP, or a TCP flow that started without a SYN (and midstream is off). */
        NONE,
        SYN_SENT,
        SYN_RECV,
        ESTABLISHED,
        /** A FIN was seen from one side. */
        CLOSING,
        /** RST seen, or FIN seen from both sides. */
        CLOSED
    }

    /** Why a flow left its table; set just before the end hook runs. */
    public enum EndReason {
        /** Idle longer than its state's timeout. */
        TIMEOUT,
        /** Pushed out to make room for a new flow. */
        EVICTED,
        /** A new SYN reused the tuple of a closed TCP flow. */
        REUSED,
        /** The table was shut down. */
        SHUTDOWN
    }

    static final int TCP_FIN = 0x01;
    static final int TCP_SYN = 0x02;
    static final int TCP_RST = 0x04;
    static final int TCP_ACK = 0x10;

    // Timeout classes; each has its own idle list in the table.
    static final int CLASS_NEW = 0;
    static final int CLASS_TCP_ESTABLISHED = 1;
    static final int CLASS_OTHER_ESTABLISHED = 2;
    static final int CLASS_CLOSED = 3;
    static final int CLASSES = 4;

    // ---- key ----
    final byte[] clientAddr = new byte[16];
    final byte[] serverAddr = new byte[16];
    int version;
    int proto;
    int clientPort;
    int serverPort;
    /** VLAN ids in the key (-1 = none); the same for both directions. */
    int vlan0;
    int vlan1;
    /** Symmetric hash of the key, so a flow can be unlinked without rehashing. */
    int hash;

    // ---- identity and time ----
    long id;
    long firstSeen;
    long lastSeen;

    // ---- counters ----
    long pktsToServer;
    long pktsToClient;
    long bytesToServer;
    long bytesToClient;
    long clientPayload;
    long serverPayload;

    // ---- state ----
    TcpState tcpState = TcpState.NONE;
    boolean finFromClient;
    boolean finFromServer;
    boolean established;
    boolean toServer;
    boolean dropped;
    boolean passed;
    boolean bypassed;
    boolean ipOnlyToServer;
    boolean ipOnlyToClient;
    EndReason endReason;
    /** Flowbits, one bit per index; grows on demand and is kept (cleared) when the flow is recycled. */
    long[] bits = new long[1];
    /** Words of {@link #bits} that may be non-zero, so recycling clears only those. */
    int bitWords;
    /** Flowint values by index; an entry means something only while its bit in {@link #intSet} is on. */
    long[] ints = NO_LONGS;
    /** Which flowints hold a value, one bit per index; grown on demand, kept (cleared) on recycle. */
    long[] intSet = NO_LONGS;
    /** Words of {@link #intSet} that may be non-zero. */
    int intWords;
    private static final long[] NO_LONGS = new long[0];

    /** Free slot for application-layer state the engine attaches; cleared on recycle. */
    public Object appState;
    /** The application protocol detected on the flow as rules name it ("dns"), null while none; set by the app layer. */
    public String appProto;

    /** TCP stream reassembly state, owned by the worker's stream engine; null when there is none. */
    public TcpSession stream;
    /** The detector's per-flow state (stream match positions); owned by the worker's detector. */
    public Object detectState;

    // ---- table links ----
    Flow bucketNext;
    Flow idlePrev;
    Flow idleNext;
    /** The idle list the flow sits in, a CLASS_ value, or -1 when it is in no list. */
    int idleClass = -1;

    Flow() {
    }

    // ---------------------------------------------------------------- FlowState

    @Override
    public boolean established() {
        return established;
    }

    @Override
    public boolean toServer() {
        return toServer;
    }

    @Override
    public boolean isBitSet(int bit) {
        int w = bit >>> 6;
        return w < bits.length && (bits[w] & (1L << bit)) != 0;
    }

    @Override
    public void setBit(int bit) {
        int w = bit >>> 6;
        if (w >= bits.length) {
            bits = Arrays.copyOf(bits, Math.max(w + 1, bits.length * 2));
        }
        bits[w] |= 1L << bit;
        if (w >= bitWords) {
            bitWords = w + 1;
        }
    }

    @Override
    public void clearBit(int bit) {
        int w = bit >>> 6;
        if (w < bits.length) {
            bits[w] &= ~(1L << bit);
        }
    }

    @Override
    public boolean isIntSet(int var) {
        int w = var >>> 6;
        return w < intSet.length && (intSet[w] & (1L << var)) != 0;
    }

    @Override
    public long intValue(int var) {
        return isIntSet(var) ? ints[var] : 0;
    }

    @Override
    public void setInt(int var, long value) {
        if (var >= ints.length) {
            ints = Arrays.copyOf(ints, Math.max(var + 1, Math.max(8, ints.length * 2)));
        }
        int w = var >>> 6;
        if (w >= intSet.length) {
            intSet = Arrays.copyOf(intSet, w + 1);
        }
        ints[var] = value;
        intSet[w] |= 1L << var;
        if (w >= intWords) {
            intWords = w + 1;
        }
    }

    @Override
    public long clientBytes() {
        return clientPayload;
    }

    @Override
    public long serverBytes() {
        return serverPayload;
    }

    @Override
    public long packetsInDirection() {
        return toServer ? pktsToServer : pktsToClient;
    }

    @Override
    public String appProto() {
        return appProto;
    }

    @Override
    public boolean ipOnlyInspected() {
        return toServer ? ipOnlyToServer : ipOnlyToClient;
    }

    @Override
    public void markIpOnlyInspected() {
        if (toServer) {
            ipOnlyToServer = true;
        } else {
            ipOnlyToClient = true;
        }
    }

    // ---------------------------------------------------------------- accessors

    /** Positive, unique in the process, never 0: the EVE {@code flow_id}. */
    public long id() {
        return id;
    }

    public int ipVersion() {
        return version;
    }

    public int proto() {
        return proto;
    }

    /** The client's address: 4 bytes (IPv4) or 16 (IPv6) at the start of the array. Do not modify. */
    public byte[] clientAddr() {
        return clientAddr;
    }

    /** The server's address, laid out like {@link #clientAddr()}. Do not modify. */
    public byte[] serverAddr() {
        return serverAddr;
    }

    public int clientPort() {
        return clientPort;
    }

    public int serverPort() {
        return serverPort;
    }

    /** Outer VLAN id in the key, or -1. */
    public int vlan0() {
        return vlan0;
    }

    /** Inner VLAN id in the key, or -1. */
    public int vlan1() {
        return vlan1;
    }

    /** Capture time of the first packet, microseconds since the epoch. */
    public long firstSeenMicros() {
        return firstSeen;
    }

    /** Latest capture time seen, microseconds since the epoch. */
    public long lastSeenMicros() {
        return lastSeen;
    }

    public long packetsToServer() {
        return pktsToServer;
    }

    public long packetsToClient() {
        return pktsToClient;
    }

    /** Captured frame bytes sent by the client. */
    public long bytesToServer() {
        return bytesToServer;
    }

    /** Captured frame bytes sent by the server. */
    public long bytesToClient() {
        return bytesToClient;
    }

    public TcpState tcpState() {
        return tcpState;
    }

    /** True once the engine decided to drop the rest of this flow (IPS mode). */
    public boolean dropped() {
        return dropped;
    }

    public void markDropped() {
        dropped = true;
    }

    /** True once a pass rule matched on this flow: the rest of it is accepted without inspection. */
    public boolean passed() {
        return passed;
    }

    public void markPassed() {
        passed = true;
    }

    /** True once the flow is bypassed (stream depth reached with stream.bypass, or a bypass exception policy): the rest of it is accepted without inspection. */
    public boolean bypassed() {
        return bypassed;
    }

    public void markBypassed() {
        bypassed = true;
    }

    /** Why the flow ended; null while it is alive. */
    public EndReason endReason() {
        return endReason;
    }

    // ---------------------------------------------------------------- table side

    /** Clears everything but the reusable arrays, before the flow is handed out again. */
    void recycle() {
        detectState = null;
        Arrays.fill(bits, 0, bitWords, 0L);
        bitWords = 0;
        Arrays.fill(intSet, 0, intWords, 0L);
        intWords = 0;
        appState = null;
        appProto = null;
        stream = null;
        pktsToServer = pktsToClient = 0;
        bytesToServer = bytesToClient = 0;
        clientPayload = serverPayload = 0;
        tcpState = TcpState.NONE;
        finFromClient = finFromServer = false;
        established = false;
        toServer = false;
        dropped = false;
        passed = false;
        bypassed = false;
        ipOnlyToServer = ipOnlyToClient = false;
        endReason = null;
        bucketNext = idlePrev = idleNext = null;
        idleClass = -1;
    }

    /** The idle list this flow belongs in for its current state. */
    int timeoutClass() {
        if (proto == Packet.IPPROTO_TCP) {
            switch (tcpState) {
                case CLOSED:
                    return CLASS_CLOSED;
                case ESTABLISHED:
                case CLOSING:
                    return CLASS_TCP_ESTABLISHED;
                default:
                    return CLASS_NEW;
            }
        }
        return established ? CLASS_OTHER_ESTABLISHED : CLASS_NEW;
    }

    /**
     * Sets the TCP state of a flow created by {@code p}: the SYN sender is the client, a SYN/ACK's
     * receiver is the client, and with midstream a flow picked up mid-conversation is established at
     * once. Called after the key was filled in.
     */
    void startTcp(Packet p, boolean midstream) {
        int f = p.tcpFlags;
        if ((f & TCP_RST) != 0) {
            tcpState = TcpState.CLOSED;
        } else if ((f & TCP_SYN) != 0 && (f & TCP_ACK) == 0) {
            tcpState = TcpState.SYN_SENT;
        } else if ((f & TCP_SYN) != 0) {
            // SYN/ACK first: with midstream the client's ACK still completes the handshake
            tcpState = midstream ? TcpState.SYN_RECV : TcpState.NONE;
        } else if (midstream) {
            tcpState = TcpState.ESTABLISHED;
            established = true;
        } else {
            tcpState = TcpState.NONE;
        }
    }

    /** Advances the TCP state with one more packet in direction {@link #toServer}. */
    void advanceTcp(Packet p) {
        int f = p.tcpFlags;
        if ((f & TCP_RST) != 0) {
            tcpState = TcpState.CLOSED;
            return;
        }
        switch (tcpState) {
            case SYN_SENT:
                if (!toServer && (f & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK)) {
                    tcpState = TcpState.SYN_RECV;
                }
                break;
            case SYN_RECV:
                if (toServer && (f & (TCP_SYN | TCP_ACK)) == TCP_ACK) {
                    tcpState = TcpState.ESTABLISHED;
                    established = true;
                    noteFin(f);
                }
                break;
            case ESTABLISHED:
            case CLOSING:
                noteFin(f);
                break;
            default:
                break;
        }
    }

    private void noteFin(int f) {
        if ((f & TCP_FIN) == 0) {
            return;
        }
        if (toServer) {
            finFromClient = true;
        } else {
            finFromServer = true;
        }
        tcpState = finFromClient && finFromServer ? TcpState.CLOSED : TcpState.CLOSING;
    }

    /**
     * True when a SYN without ACK starts a new conversation on this flow's tuple: the old one closed,
     * or it was picked up without a handshake and never became one.
     */
    boolean reusableBy(Packet p) {
        return (tcpState == TcpState.CLOSED || tcpState == TcpState.NONE)
                && (p.tcpFlags & (TCP_SYN | TCP_ACK | TCP_RST)) == TCP_SYN;
    }

    @Override
    public String toString() {
        return "Flow[" + id + " proto " + proto + " " + tcpState + (established ? " established" : "") + "]";
    }
}
