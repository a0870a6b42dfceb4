package dev.sluice.engine.applayer;

import dev.sluice.engine.applayer.dns.DnsParser;
import dev.sluice.engine.applayer.dns.DnsProbe;
import dev.sluice.engine.applayer.tls.TlsParser;
import dev.sluice.engine.applayer.tls.TlsProbe;
import dev.sluice.engine.applayer.http.HttpParser;
import dev.sluice.engine.applayer.http.HttpProbe;
import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.flow.Flow;
import dev.sluice.engine.stream.StreamDirection;
import dev.sluice.engine.stream.TcpSession;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The application layer of one worker: the registered protocols, protocol detection, and the
 * hand-over of each packet's new data to its flow's parser. Call {@link #onPacket} once per packet
 * after the stream engine took it and before detection; then {@link #updatedCount()} /
 * {@link #updated(int)} are the transactions that packet created or updated. Call {@link #release}
 * when a flow ends. Allocates nothing per packet for flows that are not (or not yet) an
 * application protocol; {@link AppFlow}s are pooled.
 */
public final class AppLayer implements AppParser.TxSink {
    /** A TCP direction is given up after this many bytes without a protocol decision. */
    static final int PROBE_LIMIT = 4096;
    /** Freed per-flow states kept for reuse. */
    private static final int POOL_LIMIT = 4096;

    private record Registration(AppProto proto, AppProbe probe, Supplier<AppParser> parsers, int tcpPort, int udpPort) {
    }

    private Registration[] protocols = new Registration[0];
    private AppTx[] updated = new AppTx[8];
    private int updatedCount;
    private AppFlow pool;
    private int pooled;
    private boolean enabled = true;

    // ---- counters ----
    private final long[] detected = new long[AppProto.values().length];
    private long failed;
    /** Per protocol: flows whose parser failed (threw) and were given up ({@code app_layer.error.<proto>.parser}). */
    private final long[] parserErrors = new long[AppProto.values().length * 2];
    /** True when the last {@link #onPacket} gave up its flow's parser; the worker's app-layer.error-policy. */
    private boolean lastError;

    /** A registry with every protocol Sluice parses. */
    public static AppLayer standard() {
        AppLayer a = new AppLayer();
        a.register(AppProto.DNS, new DnsProbe(), DnsParser::new, 53, 53);
        a.register(AppProto.HTTP1, new HttpProbe(), HttpParser::new, 80, -1);
        a.register(AppProto.TLS, new TlsProbe(), TlsParser::new, 443, -1);
        return a;
    }

    /**
     * Registers a protocol.
     *
     * @param tcpPort usual TCP port (a hint: its probe is asked first), 0 for none, -1 when the
     *                protocol has no TCP form
     * @param udpPort usual UDP port, likewise
     */
    public void register(AppProto proto, AppProbe probe, Supplier<AppParser> parsers, int tcpPort, int udpPort) {
        Registration reg = new Registration(proto, probe, parsers, tcpPort, udpPort);
        for (int i = 0; i < protocols.length; i++) {
            if (protocols[i].proto == proto) {
                protocols[i] = reg; // registering a protocol again replaces it (new settings)
                return;
            }
        }
        protocols = Arrays.copyOf(protocols, protocols.length + 1);
        protocols[protocols.length - 1] = reg;
    }

    /** Turns detection and parsing off (every flow then stays UNKNOWN). On by default. */
    public void setEnabled(boolean on) {
        this.enabled = on;
    }

    /**
     * Detects and parses what packet {@code p} of flow {@code f} brought. Returns the number of
     * transactions created or updated. Never throws on bad input.
     */
    public int onPacket(Packet p, Flow f) {
        updatedCount = 0;
        lastError = false;
        if (f == null || !enabled) {
            return 0;
        }
        Object st = f.appState;
        if (st == AppFlow.FAILED) {
            return 0;
        }
        try {
            if (p.isTcp()) {
                TcpSession s = f.stream;
                if (s != null) {
                    onStream(f, (AppFlow) st, s.direction(f.toServer()), f.toServer());
                }
            } else if (p.isUdp() && p.payloadLength > 0) {
                onDatagram(f, (AppFlow) st, p);
            }
        } catch (RuntimeException | StackOverflowError e) {
            parserFailed(f);
        }
        return updatedCount;
    }

    /** A parser threw: the flow's application state is given up (its transactions of this packet too). */
    private void parserFailed(Flow f) {
        lastError = true;
        updatedCount = 0;
        Object st = f.appState;
        f.appState = AppFlow.FAILED;
        if (st instanceof AppFlow a && a != AppFlow.FAILED) {
            parserErrors[a.proto.ordinal() * 2 + (f.proto() == Packet.IPPROTO_TCP ? 0 : 1)]++;
            try {
                give(a);
            } catch (RuntimeException e) {
                // a parser that fails to close is simply not pooled again
            }
        }
    }

    /** True when the last {@link #onPacket} hit a parser error and gave up the flow's application layer. */
    public boolean lastPacketFailed() {
        return lastError;
    }

    /** Flows of {@code proto} over TCP ({@code tcp}) or UDP whose parser failed and was given up. */
    public long parserErrorCount(AppProto proto, boolean tcp) {
        return parserErrors[proto.ordinal() * 2 + (tcp ? 0 : 1)];
    }

    private void onStream(Flow f, AppFlow a, StreamDirection dir, boolean toServer) {
        int d = toServer ? AppFlow.TO_SERVER : AppFlow.TO_CLIENT;
        long end = dir.contiguousEnd();
        if (a != null && a.started[d] && end <= a.parsed[d]) {
            if (a.parser != null && !a.eof[d] && dir.eof()) {
                a.eof[d] = true;
                a.parser.onEof(toServer, this);
            }
            return; // nothing new: the common case, no work
        }
        long start = dir.readableStart();
        if (end <= start) {
            return;
        }
        if (a == null) {
            a = take();
            f.appState = a;
        }
        if (!a.started[d]) {
            a.started[d] = true;
            a.parsed[d] = start;
        }
        if (a.proto == AppProto.UNKNOWN) {
            if (a.detect[d] == AppFlow.NO_MATCH) {
                return;
            }
            long from = a.parsed[d];
            if (from < start) {
                noMatch(f, a, d); // the beginning is gone: nothing to recognise
                return;
            }
            int len = (int) (end - from);
            int r = probe(dir.buffer(), dir.indexOf(from), len, toServer, true, f.serverPort(), f.clientPort());
            if (r == AppProbe.NEED_MORE && len < PROBE_LIMIT) {
                return;
            }
            if (r != AppProbe.MATCH) {
                noMatch(f, a, d);
                return;
            }
            detected(f, a, matchedProto);
        }
        if (a.parser == null) {
            return;
        }
        long from = a.parsed[d];
        // bytes that left the buffer unparsed, or a hole the stream skipped, are a gap to the parser
        long resume = Math.max(start, dir.gapEnd());
        if (from < resume) {
            a.parser.onGap(toServer, resume - from);
            from = resume;
        }
        if (end > from) {
            a.parser.onStream(toServer, dir.buffer(), dir.indexOf(from), (int) (end - from), this);
        }
        a.parsed[d] = end;
        if (!a.eof[d] && dir.eof()) {
            a.eof[d] = true;
            a.parser.onEof(toServer, this);
        }
    }

    private void onDatagram(Flow f, AppFlow a, Packet p) {
        boolean toServer = f.toServer();
        int d = toServer ? AppFlow.TO_SERVER : AppFlow.TO_CLIENT;
        if (a == null) {
            a = take();
            f.appState = a;
        }
        if (a.proto == AppProto.UNKNOWN) {
            if (a.detect[d] == AppFlow.NO_MATCH) {
                return;
            }
            int r = probe(p.frame.data, p.payloadOffset, p.payloadLength, toServer, false, f.serverPort(), f.clientPort());
            if (r != AppProbe.MATCH) {
                noMatch(f, a, d);
                return;
            }
            detected(f, a, matchedProto);
        }
        if (a.parser != null) {
            a.parser.onDatagram(toServer, p.frame.data, p.payloadOffset, p.payloadLength, this);
        }
    }

    /** The protocol the last successful {@link #probe} recognised. */
    private AppProto matchedProto;

    /** Asks the protocols whose port matches first, then the others; MATCH sets {@link #matchedProto}. */
    private int probe(byte[] buf, int off, int len, boolean toServer, boolean tcp, int serverPort, int clientPort) {
        int result = AppProbe.NO;
        for (int pass = 0; pass < 2; pass++) {
            for (Registration r : protocols) {
                int port = tcp ? r.tcpPort : r.udpPort;
                if (port < 0) {
                    continue; // no form over this transport
                }
                boolean hint = port > 0 && (serverPort == port || clientPort == port);
                if (hint != (pass == 0)) {
                    continue;
                }
                int v = r.probe.probe(buf, off, len, toServer, tcp, hint);
                if (v == AppProbe.MATCH) {
                    matchedProto = r.proto;
                    return v;
                }
                if (v == AppProbe.NEED_MORE) {
                    result = v;
                }
            }
        }
        return result;
    }

    private void detected(Flow f, AppFlow a, AppProto proto) {
        a.proto = proto;
        f.appProto = proto.word;
        detected[proto.ordinal()]++;
        for (Registration r : protocols) {
            if (r.proto == proto) {
                a.parser = r.parsers.get();
                break;
            }
        }
    }

    /** This direction is no known protocol; once both are, the flow is given up. */
    private void noMatch(Flow f, AppFlow a, int d) {
        a.detect[d] = AppFlow.NO_MATCH;
        if (a.detect[1 - d] == AppFlow.NO_MATCH) {
            f.appState = AppFlow.FAILED;
            failed++;
            give(a);
        }
    }

    @Override
    public void add(AppTx tx) {
        if (updatedCount == updated.length) {
            updated = Arrays.copyOf(updated, updatedCount * 2);
        }
        updated[updatedCount++] = tx;
    }

    /** Transactions the last {@link #onPacket} created or updated. */
    public int updatedCount() {
        return updatedCount;
    }

    public AppTx updated(int i) {
        return updated[i];
    }

    /** The application state of a flow, or null when it has none (yet). */
    public static AppFlow state(Flow f) {
        return f.appState instanceof AppFlow a ? a : null;
    }

    /** The flow ended: its parser is closed and its state goes back to the pool. */
    public void release(Flow f) {
        Object st = f.appState;
        f.appState = null;
        if (st instanceof AppFlow a && a != AppFlow.FAILED) {
            give(a);
        }
    }

    private AppFlow take() {
        AppFlow a = pool;
        if (a == null) {
            return new AppFlow();
        }
        pool = a.nextFree;
        a.nextFree = null;
        pooled--;
        return a;
    }

    private void give(AppFlow a) {
        a.clear();
        if (pooled < POOL_LIMIT) {
            a.nextFree = pool;
            pool = a;
            pooled++;
        }
    }

    /** Per-flow states given back and kept for reuse now (a gauge, for tests and stats). */
    public int pooledCount() {
        return pooled;
    }

    /** Flows detected as {@code proto} so far. */
    public long detectedCount(AppProto proto) {
        return detected[proto.ordinal()];
    }

    /** Flows whose detection failed so far. */
    public long failedCount() {
        return failed;
    }
}
