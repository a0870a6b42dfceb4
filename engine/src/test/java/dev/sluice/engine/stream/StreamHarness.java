package dev.sluice.engine.stream;

import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.flow.Flow;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.engine.flow.TestPackets;

import java.nio.charset.StandardCharsets;

/**
 * Drives a flow table and a stream engine with hand-built TCP packets of one or more connections.
 * Sequence numbers are given relative to each side's ISN (offset 0 = ISN + 1), as absolute values
 * through the {@code raw} methods.
 */
final class StreamHarness {
    static final int FIN = TestPackets.FIN;
    static final int SYN = TestPackets.SYN;
    static final int RST = TestPackets.RST;
    static final int PSH = TestPackets.PSH;
    static final int ACK = TestPackets.ACK;

    static final String CLIENT = "10.0.0.1";
    static final String SERVER = "192.168.1.9";

    final FlowTable table;
    final TcpStreamEngine engine;
    final Packet p = new Packet();
    long clientIsn = 1000;
    long serverIsn = 5000;
    int clientPort = 40000;
    int window = 65535;
    int wscale = -1;
    long now = TestPackets.sec(1);
    /** TCP timestamps option of the next packets: TSval (-1 = no option) and TSecr. */
    long tsVal = -1;
    long tsEcr;
    Flow flow;
    int flags;

    StreamHarness(StreamConfig cfg) {
        this.table = new FlowTable(FlowConfig.DEFAULTS.withMidstream(cfg.midstream()));
        this.engine = new TcpStreamEngine(cfg);
        table.onFlowEnd(engine::release);
    }

    StreamHarness() {
        this(StreamConfig.DEFAULTS);
    }

    /** Sends a packet with absolute sequence numbers; returns the engine's flags. */
    int raw(boolean fromClient, int tcpFlags, long seq, long ack, int win, byte[] payload) {
        String src = fromClient ? CLIENT : SERVER;
        String dst = fromClient ? SERVER : CLIENT;
        int sp = fromClient ? clientPort : 80;
        int dp = fromClient ? 80 : clientPort;
        TestPackets.fill(p, src, sp, dst, dp, TestPackets.TCP, tcpFlags, payload.length, now);
        now += 1000;
        p.tcpSeq = seq & 0xffffffffL;
        p.tcpAck = (tcpFlags & ACK) != 0 ? ack & 0xffffffffL : 0;
        p.tcpWindow = win;
        if ((tcpFlags & SYN) != 0) {
            p.tcpWscale = wscale;
        }
        if (tsVal >= 0) {
            p.tcpHasTimestamps = true;
            p.tcpTsVal = tsVal;
            p.tcpTsEcr = tsEcr;
        }
        System.arraycopy(payload, 0, p.frame.data, p.payloadOffset, payload.length);
        flow = table.lookup(p);
        flags = engine.onPacket(p, flow);
        return flags;
    }

    /** Client data at offset {@code off} of its stream, acknowledging server offset {@code ack}. */
    int client(long off, String data, long ack) {
        return raw(true, ACK | PSH, clientIsn + 1 + off, serverIsn + 1 + ack, window, bytes(data));
    }

    int client(long off, String data) {
        return client(off, data, 0);
    }

    int server(long off, String data, long ack) {
        return raw(false, ACK | PSH, serverIsn + 1 + off, clientIsn + 1 + ack, window, bytes(data));
    }

    /** A pure ACK from the server for client offset {@code ack}. */
    int serverAck(long ack) {
        return raw(false, ACK, serverIsn + 1, clientIsn + 1 + ack, window, new byte[0]);
    }

    int clientAck(long ack) {
        return raw(true, ACK, clientIsn + 1, serverIsn + 1 + ack, window, new byte[0]);
    }

    /** SYN, SYN/ACK, ACK. */
    StreamHarness handshake() {
        raw(true, SYN, clientIsn, 0, window, new byte[0]);
        raw(false, SYN | ACK, serverIsn, clientIsn + 1, window, new byte[0]);
        raw(true, ACK, clientIsn + 1, serverIsn + 1, window, new byte[0]);
        return this;
    }

    TcpSession session() {
        return flow.stream;
    }

    StreamDirection c2s() {
        return flow.stream.toServer();
    }

    StreamDirection s2c() {
        return flow.stream.toClient();
    }

    /** The readable in-order data of {@code d} from offset {@code from}. */
    static String text(StreamDirection d, long from) {
        if (from < d.readableStart()) {
            throw new AssertionError("offset " + from + " no longer readable (" + d.readableStart() + ")");
        }
        int n = (int) (d.contiguousEnd() - from);
        return new String(d.buffer(), d.indexOf(from), n, StandardCharsets.ISO_8859_1);
    }

    static String text(StreamDirection d) {
        return text(d, 0);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static boolean has(int flags, int flag) {
        return (flags & flag) != 0;
    }
}
