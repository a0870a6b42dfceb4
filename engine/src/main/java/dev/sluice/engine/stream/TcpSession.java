package dev.sluice.engine.stream;

import dev.sluice.engine.decode.Packet;

/**
 * The TCP connection state of one flow and its two reassembled directions: the client's data
 * ({@link #toServer()}) and the server's ({@link #toClient()}). Hangs on {@code Flow.stream}; created,
 * driven and recycled by the worker's {@link TcpStreamEngine}.
 *
 * <p>Sequence numbers are mapped to 64-bit stream offsets per direction (see
 * {@link StreamDirection#offsetOf}); every comparison below is between offsets, so sequence
 * wrap-around needs no special case.
 */
public final class TcpSession {

    /** Connection progress as the stream engine sees it. */
    public enum State {
        /** Client SYN seen. */
        SYN_SENT,
        /** SYN/ACK seen. */
        SYN_RECV,
        /** Handshake completed, or picked up midstream. */
        ESTABLISHED,
        /** A FIN was seen from one side. */
        CLOSING,
        /** FIN from both sides, or a RST. */
        CLOSED
    }

    static final int TH_FIN = 0x01;
    static final int TH_SYN = 0x02;
    static final int TH_RST = 0x04;
    static final int TH_ACK = 0x10;
    /** Largest window shift (RFC 7323); assumed for sessions whose handshake was not seen. */
    static final int MAX_WSCALE = 14;

    final StreamDirection client;
    final StreamDirection server;
    State state = State.SYN_SENT;
    boolean midstream;
    /** Stream offset of the current packet's first payload byte, -1 when its data is not in the stream. */
    long lastPacketOffset = -1;
    /** {@link Packet#number} of the packet {@link #lastPacketOffset} describes. */
    long lastPacketNumber = -1;
    boolean lastToServer;
    int lastFlags;
    /** TSval range the client sent while its SYN was unanswered (timestamps option), for PAWS-style checks. */
    private boolean clientTs;
    private int clientTsFirst;
    private int clientTsLast;
    /** Link in the engine's pool of free sessions. */
    TcpSession nextFree;

    TcpSession(TcpStreamEngine engine) {
        client = new StreamDirection(engine);
        server = new StreamDirection(engine);
    }

    // ---------------------------------------------------------------- public view

    /** Data the client sends (to the server). */
    public StreamDirection toServer() {
        return client;
    }

    /** Data the server sends (to the client). */
    public StreamDirection toClient() {
        return server;
    }

    /** The direction a packet travelling {@code toServer} (see {@code Flow.toServer()}) belongs to. */
    public StreamDirection direction(boolean toServer) {
        return toServer ? client : server;
    }

    public State state() {
        return state;
    }

    /** True when the session was picked up without its handshake. */
    public boolean midstream() {
        return midstream;
    }

    /**
     * Stream offset (in {@link #lastPacketDirection()}) of the first payload byte of the packet the
     * engine handled last, -1 when that packet's data is not part of the stream (out of window, no
     * payload, RST, ...). Payload byte {@code i} sits at offset {@code lastPacketOffset() + i}.
     */
    public long lastPacketOffset() {
        return lastPacketOffset;
    }

    /** Direction of the packet the engine handled last. */
    public StreamDirection lastPacketDirection() {
        return lastToServer ? client : server;
    }

    /** True when the packet handled last travelled to the server. */
    public boolean lastPacketToServer() {
        return lastToServer;
    }

    /** {@link StreamFlags} of the packet handled last. */
    public int lastFlags() {
        return lastFlags;
    }

    @Override
    public String toString() {
        return "TcpSession[" + state + (midstream ? " midstream" : "") + " c2s " + client + " s2c " + server + "]";
    }

    // ---------------------------------------------------------------- engine side

    /**
     * Sets the session up from the packet that creates it: a SYN, or (midstream) a SYN/ACK or any
     * other packet. The flow table makes the SYN sender the client. Returns StreamFlags bits.
     */
    int start(Packet p, boolean toServer) {
        int tf = p.tcpFlags;
        StreamDirection d = direction(toServer);
        StreamDirection o = direction(!toServer);
        if ((tf & (TH_SYN | TH_ACK)) == TH_SYN) {
            d.base((int) p.tcpSeq + 1);
            d.wscale = p.tcpWscale;
            state = State.SYN_SENT;
            clientTs = p.tcpHasTimestamps;
            clientTsFirst = clientTsLast = (int) p.tcpTsVal;
            return StreamFlags.NEW_SESSION;
        }
        midstream = true;
        // the window scale agreed in the unseen handshake is unknown: be generous
        client.shift = MAX_WSCALE;
        server.shift = MAX_WSCALE;
        if ((tf & TH_SYN) != 0) {
            // SYN/ACK first: its ACK names the client's first byte
            d.base((int) p.tcpSeq + 1);
            d.wscale = p.tcpWscale;
            o.base((int) p.tcpAck);
            o.peerAck = 0;
            o.rightEdge = p.tcpWindow;
            state = State.SYN_RECV;
            return StreamFlags.NEW_SESSION;
        }
        // mid-conversation: this packet's first byte is offset 0, and so is the byte its ACK expects
        d.base((int) p.tcpSeq);
        if ((tf & TH_ACK) != 0) {
            o.base((int) p.tcpAck);
        }
        state = State.ESTABLISHED;
        return StreamFlags.NEW_SESSION | StreamFlags.ESTABLISHED | handle(p, toServer);
    }

    /** One more packet of an existing session. Returns StreamFlags bits. */
    int handle(Packet p, boolean toServer) {
        int tf = p.tcpFlags;
        StreamDirection d = direction(toServer);
        StreamDirection o = direction(!toServer);
        if (client.reset) {
            // after a valid RST nothing is reassembled any more
            return 0;
        }
        if (state == State.SYN_SENT) {
            int f = synSent(p, toServer);
            if (f != 0) {
                return f;
            }
        }
        if ((tf & TH_RST) != 0) {
            return rst(p, d, o);
        }
        if ((tf & TH_SYN) != 0) {
            return syn(p, toServer, d, o);
        }
        if (state == State.SYN_SENT && !toServer) {
            // the server's sequence numbers are unknown until its SYN/ACK: nothing else from it counts
            return 0;
        }
        int flags = 0;
        if ((tf & TH_ACK) != 0) {
            if (state == State.SYN_SENT && toServer) {
                // the SYN/ACK was not captured: the client's ACK names the server's first byte
                if (!o.based) {
                    o.base((int) p.tcpAck);
                }
                client.shift = MAX_WSCALE;
                server.shift = MAX_WSCALE;
                state = State.ESTABLISHED;
                flags |= StreamFlags.ESTABLISHED;
            } else if (state == State.SYN_RECV && toServer) {
                state = State.ESTABLISHED;
                flags |= StreamFlags.ESTABLISHED;
            }
            flags |= ack(o, p.tcpAck, (long) p.tcpWindow << d.shift);
        }
        if (!d.based && (p.payloadLength > 0 || (tf & TH_FIN) != 0)) {
            // this side speaks before anything named its sequence numbers (lost packets)
            d.base((int) p.tcpSeq);
        }
        if (p.payloadLength > 0) {
            flags |= data(p, d);
        }
        if ((tf & TH_FIN) != 0) {
            flags |= fin(p, d, o);
        }
        return flags;
    }

    /**
     * Checks a packet while the client's SYN is unanswered; returns a StreamFlags bit when the packet
     * must be ignored, else 0. A server packet echoing a timestamp the client never sent is forged
     * (hosts that use timestamps drop it before looking at RST or FIN), and a client RST means nothing
     * to a server that has not answered.
     */
    private int synSent(Packet p, boolean toServer) {
        if (toServer) {
            if (clientTs && p.tcpHasTimestamps) {
                int ts = (int) p.tcpTsVal;
                if (ts - clientTsLast > 0) {
                    clientTsLast = ts;
                }
            }
            return (p.tcpFlags & TH_RST) != 0 ? StreamFlags.RST_INVALID : 0;
        }
        if (clientTs && p.tcpHasTimestamps && p.tcpTsEcr != 0) {
            int ecr = (int) p.tcpTsEcr;
            // wrap-safe: the echo must lie in [first, last] of what the client sent
            if (ecr - clientTsFirst < 0 || clientTsLast - ecr < 0) {
                return (p.tcpFlags & TH_RST) != 0 ? StreamFlags.RST_INVALID | StreamFlags.BAD_TIMESTAMP
                        : StreamFlags.BAD_TIMESTAMP;
            }
        }
        return 0;
    }

    /**
     * Points {@code d}'s offset 0 at {@code seq}. A SYN naming another ISN than the one in use starts
     * a new sequence space: data {@code d} kept under the old one is dropped, never carried over.
     */
    private static void rebase(StreamDirection d, int seq) {
        if (d.based && d.baseSeq != seq) {
            int shift = d.shift; // midstream sessions scale windows generously from the start
            d.clear();
            d.shift = shift;
        }
        d.base(seq);
    }

    private int syn(Packet p, boolean toServer, StreamDirection d, StreamDirection o) {
        if ((p.tcpFlags & TH_ACK) == 0) {
            // a repeated SYN may choose a new ISN as long as nothing was answered
            if (toServer && state == State.SYN_SENT) {
                rebase(d, (int) p.tcpSeq + 1);
                d.wscale = p.tcpWscale;
            }
            return 0;
        }
        if (toServer || (state != State.SYN_SENT && state != State.SYN_RECV)) {
            return 0;
        }
        if (!o.based || o.offsetOf(p.tcpAck) != 0) {
            return StreamFlags.BAD_ACK;
        }
        rebase(d, (int) p.tcpSeq + 1);
        d.wscale = p.tcpWscale;
        if (!midstream) {
            // scaling applies only when both SYNs offered it
            boolean on = d.wscale >= 0 && o.wscale >= 0;
            d.shift = on ? Math.min(d.wscale, MAX_WSCALE) : 0;
            o.shift = on ? Math.min(o.wscale, MAX_WSCALE) : 0;
        }
        // a SYN/ACK's own window is never scaled
        if (o.peerAck < 0) {
            o.peerAck = 0;
        }
        if (p.tcpWindow > o.rightEdge) {
            o.rightEdge = p.tcpWindow;
        }
        state = State.SYN_RECV;
        return 0;
    }

    /** The peer {@code o} of the packet's sender acknowledged {@code ack} and offers {@code window}. */
    private static int ack(StreamDirection o, long ack, long window) {
        if (!o.based) {
            // first word about that side: the byte it is asked for next is its offset 0
            o.base((int) ack);
        }
        long a = o.offsetOf(ack);
        if (a < 0) {
            return 0;
        }
        if (a - o.contiguousEnd() > StreamDirection.MAX_WINDOW) {
            return StreamFlags.BAD_ACK;
        }
        int flags = 0;
        if (a > o.peerAck) {
            o.peerAck = a;
            if (a > o.contiguousEnd()) {
                flags = o.skipAckedGaps();
            }
        }
        long edge = a + window;
        if (edge > o.rightEdge) {
            o.rightEdge = edge;
        }
        return flags;
    }

    private int data(Packet p, StreamDirection d) {
        long s = d.offsetOf(p.tcpSeq);
        int len = p.payloadLength;
        if (len == 1 && s == d.contiguousEnd() - 1 && d.peerAck == d.contiguousEnd()) {
            // keep-alive: one (garbage) byte just below everything acknowledged; not stream data
            return 0;
        }
        if (!inWindow(d, s, s + len)) {
            return StreamFlags.OUT_OF_WINDOW;
        }
        // a packet starting before the stream's first byte is not mapped (rare: midstream retransmissions)
        lastPacketOffset = s >= 0 ? s : -1;
        int off = p.payloadOffset;
        if (s < 0) {
            // starts before the first byte of the stream: only the part after it counts
            off += (int) -s;
            len += (int) s;
            s = 0;
        }
        return d.add(p.frame.data, off, s, len);
    }

    /**
     * True when data {@code [s, e)} may be reassembled: it ends after the stream's start, lies
     * within the largest possible window behind the stream, and starts below the receiver's right
     * window edge (the largest acknowledged offset plus window seen; with no word from the
     * receiver yet, the largest possible window ahead). Like the reference engine's check but more
     * lenient at the right edge: only the start must be inside, since captures lose window updates.
     */
    private static boolean inWindow(StreamDirection d, long s, long e) {
        long contig = d.contiguousEnd();
        if (e <= 0 || s < contig - StreamDirection.MAX_WINDOW) {
            return false;
        }
        long edge = d.rightEdge >= 0 ? d.rightEdge : contig + StreamDirection.MAX_WINDOW;
        // a zero-window probe carries the next byte while the window is shut: it counts as in window
        return s < edge || (s == contig && e == s + 1);
    }

    private int fin(Packet p, StreamDirection d, StreamDirection o) {
        long f = d.offsetOf(p.tcpSeq) + p.payloadLength;
        long contig = d.contiguousEnd();
        long edge = d.rightEdge >= 0 ? d.rightEdge : contig + StreamDirection.MAX_WINDOW;
        if (f < 0 || f < contig - StreamDirection.MAX_WINDOW || f > edge) {
            return StreamFlags.OUT_OF_WINDOW;
        }
        if (d.finOffset >= 0 || f < contig) {
            // a repeated FIN, or one before data already received: the first word stands
            return 0;
        }
        d.finOffset = f;
        d.updateEnd();
        state = o.finOffset >= 0 ? State.CLOSED : State.CLOSING;
        return StreamFlags.FIN;
    }

    /** A RST counts only with a sequence number the receiver would accept. */
    private int rst(Packet p, StreamDirection d, StreamDirection o) {
        boolean valid;
        if (d.based) {
            long r = d.offsetOf(p.tcpSeq);
            long contig = d.contiguousEnd();
            long lo = d.peerAck >= 0 ? Math.min(d.peerAck, contig) : contig;
            long hi = d.rightEdge >= 0 ? d.rightEdge : contig + StreamDirection.MAX_WINDOW;
            valid = r >= lo && r <= hi;
        } else {
            // the sender never spoke (a refused SYN): the RST must acknowledge what the peer sent
            long a = o.based && (p.tcpFlags & TH_ACK) != 0 ? o.offsetOf(p.tcpAck) : -1;
            valid = a >= 0 && a <= o.contiguousEnd() + 1;
        }
        if (!valid) {
            return StreamFlags.RST_INVALID;
        }
        client.markReset();
        server.markReset();
        state = State.CLOSED;
        return StreamFlags.RST;
    }

    /** Forgets everything so the object can serve another flow. */
    void clear() {
        client.clear();
        server.clear();
        state = State.SYN_SENT;
        midstream = false;
        lastPacketOffset = -1;
        lastPacketNumber = -1;
        lastToServer = false;
        lastFlags = 0;
        clientTs = false;
        clientTsFirst = clientTsLast = 0;
    }
}
