package dev.sluice.engine.evasion;

import java.util.BitSet;

/**
 * One TCP connection between a client and a server, written packet by packet into a
 * {@link CaptureBuilder}. Tracks both sides' sequence numbers; client data is placed by its stream
 * offset (0 = the first byte after the SYN), so segments can be sent out of order, overlapping or
 * retransmitted with other bytes. Every method that emits a packet returns its frame number.
 *
 * <p>The client is 10.0.0.1 (2001:db8::1 over IPv6) port {@code clientPort}; the server is
 * 10.0.0.2 (2001:db8::2) port {@code serverPort}. Initial sequence numbers: client 1000, server
 * 5000.
 */
final class TcpConversation {
    static final byte[] CLIENT4 = {10, 0, 0, 1};
    static final byte[] SERVER4 = {10, 0, 0, 2};
    static final byte[] CLIENT6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static final byte[] SERVER6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
    static final long CLIENT_ISN = 1000;
    static final long SERVER_ISN = 5000;
    static final int WINDOW = 64240;

    private final CaptureBuilder cap;
    private final boolean ipv6;
    private final byte[] client;
    private final byte[] server;
    private final int clientPort;
    private final int serverPort;
    private int ipId = 1;
    /** Client stream offsets some segment has carried. */
    private final BitSet clientSent = new BitSet();
    /** Highest client stream offset sent so far, exclusive. */
    private int clientHigh;
    /** Server stream offset of its next byte. */
    private int serverNext;
    /** Whether a FIN was sent by the client / server (each takes one sequence number). */
    private boolean clientFin;
    private boolean serverFin;

    TcpConversation(CaptureBuilder cap, boolean ipv6, int clientPort, int serverPort) {
        this.cap = cap;
        this.ipv6 = ipv6;
        this.client = ipv6 ? CLIENT6 : CLIENT4;
        this.server = ipv6 ? SERVER6 : SERVER4;
        this.clientPort = clientPort;
        this.serverPort = serverPort;
    }

    TcpConversation(CaptureBuilder cap) {
        this(cap, false, 40001, 80);
    }

    /** SYN, SYN/ACK, ACK; returns the number of the final ACK. */
    int handshake() {
        cap.add(clientPacket(CLIENT_ISN, 0, CaptureBuilder.SYN, new byte[0]));
        cap.add(serverPacket(SERVER_ISN, CLIENT_ISN + 1, CaptureBuilder.SYN | CaptureBuilder.ACK, new byte[0]));
        return cap.add(clientPacket(CLIENT_ISN + 1, SERVER_ISN + 1, CaptureBuilder.ACK, new byte[0]));
    }

    /** A client data segment (PSH/ACK) at stream offset {@code offset}. */
    int clientData(int offset, byte[] data) {
        return cap.add(clientSegment(offset, data));
    }

    /** A client data segment continuing after the highest byte sent so far. */
    int clientSend(byte[] data) {
        return clientData(clientHigh, data);
    }

    /**
     * The IP packet of a client data segment at {@code offset}, without adding it to the capture
     * (to fragment it); the bytes count as sent.
     */
    byte[] clientSegment(int offset, byte[] data) {
        clientSent.set(offset, offset + data.length);
        clientHigh = Math.max(clientHigh, offset + data.length);
        return clientPacket(CLIENT_ISN + 1 + offset, SERVER_ISN + 1 + serverNext,
                CaptureBuilder.PSH | CaptureBuilder.ACK, data);
    }

    /** A server ACK of everything the client sent without a gap (from offset 0). */
    int serverAck() {
        return serverAck(clientContiguous());
    }

    /** A server ACK naming client stream offset {@code offset} as the next byte expected. */
    int serverAck(int offset) {
        return cap.add(serverPacket(SERVER_ISN + 1 + serverNext, CLIENT_ISN + 1 + offset + (clientFin ? 1 : 0),
                CaptureBuilder.ACK, new byte[0]));
    }

    /** Server data (PSH/ACK) acknowledging the client's contiguous data. */
    int serverSend(byte[] data) {
        int n = cap.add(serverPacket(SERVER_ISN + 1 + serverNext, CLIENT_ISN + 1 + clientContiguous(),
                CaptureBuilder.PSH | CaptureBuilder.ACK, data));
        serverNext += data.length;
        return n;
    }

    /** A bare client ACK of everything the server sent. */
    int clientAck() {
        return cap.add(clientPacket(CLIENT_ISN + 1 + clientHigh + (clientFin ? 1 : 0), SERVER_ISN + 1 + serverNext
                + (serverFin ? 1 : 0), CaptureBuilder.ACK, new byte[0]));
    }

    /** Client FIN/ACK, server FIN/ACK, client ACK; returns the number of the last. */
    int close() {
        cap.add(clientPacket(CLIENT_ISN + 1 + clientHigh, SERVER_ISN + 1 + serverNext,
                CaptureBuilder.FIN | CaptureBuilder.ACK, new byte[0]));
        clientFin = true;
        cap.add(serverPacket(SERVER_ISN + 1 + serverNext, CLIENT_ISN + 2 + clientHigh,
                CaptureBuilder.FIN | CaptureBuilder.ACK, new byte[0]));
        serverFin = true;
        return clientAck();
    }

    /**
     * The usual end of a request: server ACK of everything, a short response, the client's ACK of
     * it, then {@link #close()}. Returns the number of the client's ACK (the first client packet after
     * the server acknowledged the request, where IDS mode inspects it).
     */
    int respondAndClose() {
        serverAck();
        serverSend("HTTP/1.1 200 OK\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        int ack = clientAck();
        close();
        return ack;
    }

    /** End of the client data sent without a gap from offset 0. */
    int clientContiguous() {
        return clientSent.nextClearBit(0);
    }

    private byte[] clientPacket(long seq, long ack, int flags, byte[] data) {
        byte[] t = CaptureBuilder.tcp(client, server, clientPort, serverPort, seq, ack, flags, WINDOW, data);
        return ip(client, server, t);
    }

    private byte[] serverPacket(long seq, long ack, int flags, byte[] data) {
        byte[] t = CaptureBuilder.tcp(server, client, serverPort, clientPort, seq, ack, flags, WINDOW, data);
        return ip(server, client, t);
    }

    private byte[] ip(byte[] src, byte[] dst, byte[] tcp) {
        return ipv6 ? CaptureBuilder.ipv6(src, dst, CaptureBuilder.PROTO_TCP, tcp)
                : CaptureBuilder.ipv4(src, dst, CaptureBuilder.PROTO_TCP, ipId++, tcp);
    }
}
