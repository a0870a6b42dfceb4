package dev.sluice.engine.pipeline;

import dev.sluice.capture.Frame;
import dev.sluice.capture.PacketSource;
import dev.sluice.capture.Verdict;
import dev.sluice.capture.VerdictSink;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.defrag.DefragConfig;
import dev.sluice.engine.defrag.Defragmenter;
import dev.sluice.engine.detect.DetectEngine;
import dev.sluice.engine.detect.DetectWorker;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.engine.output.AlertEvent;
import dev.sluice.engine.stream.StreamConfig;
import dev.sluice.engine.stream.TcpStreamEngine;
import dev.sluice.engine.verdict.ExceptionPolicies;
import dev.sluice.engine.verdict.VerdictPolicy;
import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.RuleLoader;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.vars.SluiceConfig;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * In-memory traffic for the flood tests: raw IPv4 packets built at run time, a source that mixes a
 * generated flood with labelled clean packets, and a verdict sink that checks every frame gets
 * exactly one verdict. The worker is the real one (decode to verdict, Hyperscan detection).
 */
final class FloodHarness {
    static final int TCP = 6;
    static final int UDP = 17;
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final long T0 = 1_700_000_000L;

    private FloodHarness() {
    }

    static int ip(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------- packets

    /** Writes an IPv4 header at 0 of {@code d} for {@code l4Len} bytes of layer 4, checksummed. */
    static void ipv4Header(byte[] d, int src, int dst, int proto, int id, int fragField, int l4Len) {
        d[0] = 0x45;
        d[1] = 0;
        put16(d, 2, 20 + l4Len);
        put16(d, 4, id);
        put16(d, 6, fragField);
        d[8] = 64;
        d[9] = (byte) proto;
        put16(d, 10, 0);
        put32(d, 12, src);
        put32(d, 16, dst);
        put16(d, 10, checksum(d, 0, 20, 0));
    }

    /** A TCP/IPv4 packet; {@code options} (a multiple of 4 bytes) may be empty. */
    static byte[] tcp(int src, int dst, int sport, int dport, long seq, long ack, int flags, byte[] options, byte[] data) {
        int hl = 20 + options.length;
        byte[] p = new byte[20 + hl + data.length];
        writeTcp(p, src, dst, sport, dport, seq, ack, flags, options, data, data.length);
        return p;
    }

    /** Writes a whole TCP/IPv4 packet into {@code p} (at 0); returns its length. */
    static int writeTcp(byte[] p, int src, int dst, int sport, int dport, long seq, long ack, int flags,
                        byte[] options, byte[] data, int dataLen) {
        int hl = 20 + options.length;
        int t = 20;
        java.util.Arrays.fill(p, t, t + hl, (byte) 0);
        put16(p, t, sport);
        put16(p, t + 2, dport);
        put32(p, t + 4, (int) seq);
        put32(p, t + 8, (int) ack);
        p[t + 12] = (byte) ((hl / 4) << 4);
        p[t + 13] = (byte) flags;
        put16(p, t + 14, 65_535);
        System.arraycopy(options, 0, p, t + 20, options.length);
        System.arraycopy(data, 0, p, t + hl, dataLen);
        ipv4Header(p, src, dst, TCP, 1, 0x4000, hl + dataLen);
        put16(p, t + 16, l4Checksum(p, src, dst, TCP, t, hl + dataLen));
        return 20 + hl + dataLen;
    }

    /** A UDP/IPv4 datagram (not fragmented). */
    static byte[] udp(int src, int dst, int sport, int dport, int id, byte[] data) {
        byte[] p = new byte[28 + data.length];
        put16(p, 20, sport);
        put16(p, 22, dport);
        put16(p, 24, 8 + data.length);
        System.arraycopy(data, 0, p, 28, data.length);
        ipv4Header(p, src, dst, UDP, id, 0, 8 + data.length);
        put16(p, 26, l4Checksum(p, src, dst, UDP, 20, 8 + data.length));
        return p;
    }

    /** {@code datagram} (IPv4, 20-byte header) cut into fragments of {@code size} bytes (a multiple of 8) of its payload. */
    static List<byte[]> fragments(byte[] datagram, int size) {
        int payload = datagram.length - 20;
        int src = get32(datagram, 12);
        int dst = get32(datagram, 16);
        int id = get16(datagram, 4);
        int proto = datagram[9] & 0xff;
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < payload; off += size) {
            int len = Math.min(size, payload - off);
            byte[] f = new byte[20 + len];
            System.arraycopy(datagram, 20 + off, f, 20, len);
            boolean more = off + len < payload;
            ipv4Header(f, src, dst, proto, id, (more ? 0x2000 : 0) | (off >> 3), len);
            out.add(f);
        }
        return out;
    }

    /** Window scale 7 (and padding): lets a flow have 8 MB in flight, as modern stacks do. */
    static final byte[] WSCALE = {1, 3, 3, 7};
    static final byte[] NONE = new byte[0];

    /** One TCP connection's packets, sequence numbers kept. */
    static final class Conn {
        final int client;
        final int server;
        final int cport;
        final int sport;
        long cseq = 1000;
        long sseq = 9000;

        Conn(int client, int cport, int server, int sport) {
            this.client = client;
            this.server = server;
            this.cport = cport;
            this.sport = sport;
        }

        byte[] syn() {
            return tcp(client, server, cport, sport, cseq++, 0, SYN, WSCALE, NONE);
        }

        byte[] synAck() {
            return tcp(server, client, sport, cport, sseq++, cseq, SYN | ACK, WSCALE, NONE);
        }

        byte[] ack() {
            return tcp(client, server, cport, sport, cseq, sseq, ACK, NONE, NONE);
        }

        byte[] request(byte[] data) {
            byte[] p = tcp(client, server, cport, sport, cseq, sseq, PSH | ACK, NONE, data);
            cseq += data.length;
            return p;
        }

        /** A client segment {@code at} bytes past the next expected one (out of order), not moving the sequence. */
        byte[] ahead(long at, byte[] data) {
            return tcp(client, server, cport, sport, cseq + at, sseq, PSH | ACK, NONE, data);
        }

        byte[] response(byte[] data) {
            byte[] p = tcp(server, client, sport, cport, sseq, cseq, PSH | ACK, NONE, data);
            sseq += data.length;
            return p;
        }

        byte[] clientAck() {
            return ack();
        }

        /** A pure ACK from the server: its first window after the SYN/ACK, so scaled (8 MB). */
        byte[] serverAck() {
            return tcp(server, client, sport, cport, sseq, cseq, ACK, NONE, NONE);
        }

        byte[] clientFin() {
            return tcp(client, server, cport, sport, cseq++, sseq, FIN | ACK, NONE, NONE);
        }

        byte[] serverFin() {
            return tcp(server, client, sport, cport, sseq++, cseq, FIN | ACK, NONE, NONE);
        }
    }

    // ---------------------------------------------------------------- source and sink

    /** Writes flood packet {@code n} (0-based) into {@code f.data} at 0 and returns its length. */
    interface Flood {
        int write(int n, byte[] d);
    }

    /**
     * Flood packets with labelled packets inserted after given flood positions; frame ids count
     * from 1; capture time runs at {@code perSecond} frames a second. Calls the checkpoint every
     * {@code every} frames, between two packets (the worker is idle then).
     */
    static final class Mix implements PacketSource {
        private final Flood flood;
        private final int floodCount;
        private final TreeMap<Integer, List<Object[]>> inserts = new TreeMap<>();
        private final int perSecond;
        private Runnable checkpoint = () -> { };
        private int every = Integer.MAX_VALUE;
        private int floodDone;
        private List<Object[]> pending = List.of();
        private int pendingAt;
        private long id;
        /** Label -> frame ids, in order of emission. */
        final Map<String, List<Long>> labelled = new TreeMap<>();
        final List<Long> floodIds = new ArrayList<>();
        private final boolean keepFloodIds;

        Mix(Flood flood, int floodCount, int perSecond, boolean keepFloodIds) {
            this.flood = flood;
            this.floodCount = floodCount;
            this.perSecond = perSecond;
            this.keepFloodIds = keepFloodIds;
        }

        /** Emits {@code packet} labelled {@code label} after {@code afterFlood} flood packets. */
        Mix at(int afterFlood, String label, byte[] packet) {
            inserts.computeIfAbsent(afterFlood, k -> new ArrayList<>()).add(new Object[] {label, packet});
            return this;
        }

        Mix checkEvery(int frames, Runnable check) {
            this.every = frames;
            this.checkpoint = check;
            return this;
        }

        long frames() {
            return id;
        }

        @Override
        public boolean next(Frame f) {
            if (id > 0 && id % every == 0) {
                checkpoint.run();
            }
            if (pendingAt == pending.size()) {
                List<Object[]> due = inserts.remove(floodDone);
                if (due != null) {
                    pending = due;
                    pendingAt = 0;
                }
            }
            boolean fromFlood;
            if (pendingAt < pending.size()) {
                Object[] e = pending.get(pendingAt++);
                byte[] p = (byte[]) e[1];
                System.arraycopy(p, 0, f.data, 0, p.length);
                f.length = p.length;
                labelled.computeIfAbsent((String) e[0], k -> new ArrayList<>()).add(id + 1);
                fromFlood = false;
            } else if (floodDone < floodCount) {
                f.length = flood.write(floodDone++, f.data);
                fromFlood = true;
            } else {
                checkpoint.run();
                return false;
            }
            f.id = ++id;
            if (fromFlood && keepFloodIds) {
                floodIds.add(f.id);
            }
            f.wireLength = f.length;
            f.linkType = Frame.LINK_RAW;
            f.mark = 0;
            f.tsSeconds = T0 + id / perSecond;
            f.tsNanos = (int) ((id % perSecond) * (1_000_000_000L / perSecond));
            return true;
        }

        @Override
        public boolean inline() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** Records each frame's verdict; a second verdict for a frame is counted as a duplicate. */
    static final class Verdicts implements VerdictSink {
        private final byte[] byId;
        int duplicates;
        long accepted;
        long dropped;

        Verdicts(int maxFrames) {
            this.byId = new byte[maxFrames + 1];
        }

        @Override
        public void verdict(long id, Verdict v, int mark) {
            if (byId[(int) id] != 0) {
                duplicates++;
            }
            byId[(int) id] = (byte) (v == Verdict.DROP ? 2 : 1);
            if (v == Verdict.DROP) {
                dropped++;
            } else {
                accepted++;
            }
        }

        /** The verdict of frame {@code id}, or null when it got none. */
        Verdict of(long id) {
            return switch (byId[(int) id]) {
                case 1 -> Verdict.ACCEPT;
                case 2 -> Verdict.DROP;
                default -> null;
            };
        }

        /** Every frame 1..frames got exactly one verdict. */
        void assertEveryFrameOnce(long frames) {
            assertEquals(0, duplicates, "frames given two verdicts");
            for (int i = 1; i <= frames; i++) {
                if (byId[i] == 0) {
                    throw new AssertionError("frame " + i + " got no verdict");
                }
            }
            assertEquals(frames, accepted + dropped);
        }

        List<Verdict> of(List<Long> ids) {
            List<Verdict> l = new ArrayList<>();
            for (long i : ids) {
                l.add(of(i));
            }
            return l;
        }
    }

    /**
     * Alerts by sid and drop records by reason. An alert of sid {@link #FAIL_ON_SID} makes the
     * output throw, as a broken output would, in the middle of the worker's processing.
     */
    static final class Events implements AlertSink {
        static final long FAIL_ON_SID = 4;
        final Map<Long, Integer> alerts = new TreeMap<>();
        final Map<String, Integer> dropReasons = new TreeMap<>();

        @Override
        public void offer(AlertEvent e) {
            if (e.type() == AlertEvent.Type.ALERT && e.alert() != null && e.alert().sid() == FAIL_ON_SID) {
                throw new IllegalStateException("test: the alert output failed");
            }
            if (e.type() == AlertEvent.Type.DROP) {
                dropReasons.merge(e.drop() == null ? "?" : String.valueOf(e.drop().reason()), 1, Integer::sum);
            } else if (e.alert() != null) {
                alerts.merge(e.alert().sid(), 1, Integer::sum);
            }
        }

        int alerts(long sid) {
            return alerts.getOrDefault(sid, 0);
        }
    }

    // ---------------------------------------------------------------- engine

    /** The stages of one worker, with the settings a test wants. */
    record Setup(FlowConfig flow, StreamConfig stream, DefragConfig defrag, ExceptionPolicies exceptions, boolean inline) {
        static Setup defaults() {
            return new Setup(FlowConfig.DEFAULTS, StreamConfig.DEFAULTS.withInline(true), DefragConfig.DEFAULTS,
                    ExceptionPolicies.DEFAULT, true);
        }

        Setup flow(FlowConfig f) {
            return new Setup(f, stream, defrag, exceptions, inline);
        }

        Setup stream(StreamConfig s) {
            return new Setup(flow, s, defrag, exceptions, inline);
        }

        Setup defrag(DefragConfig d) {
            return new Setup(flow, stream, d, exceptions, inline);
        }

        Setup exceptions(ExceptionPolicies e) {
            return new Setup(flow, stream, defrag, e, inline);
        }

        Setup ids() {
            return new Setup(flow, stream.withInline(false), defrag, exceptions, false);
        }
    }

    /** A finished run: the worker (its tables and counters) and what it produced. */
    record Run(Worker worker, Verdicts verdicts, Events events, Mix source, long nanos) {
        Map<String, Long> counters() {
            Map<String, Long> m = new TreeMap<>();
            worker.counters(m);
            return m;
        }

        long counter(String name) {
            Long v = counters().get(name);
            if (v == null) {
                throw new AssertionError("no counter " + name + " in " + counters());
            }
            return v;
        }

        List<Verdict> verdictsOf(String label) {
            List<Long> ids = source.labelled.get(label);
            if (ids == null) {
                throw new AssertionError("no packets labelled " + label);
            }
            return verdicts.of(ids);
        }
    }

    /** Holder so a checkpoint can reach the worker the run builds. */
    static final class WorkerRef {
        Worker w;
    }

    /**
     * Runs {@code source} through a worker built from {@code rules} and {@code setup}, checking
     * every frame gets one verdict. {@code ref} is filled before the first packet (for checkpoints).
     */
    static Run run(String rules, Setup setup, Mix source, int maxFrames, WorkerRef ref,
                   java.util.function.Consumer<Worker> prepare) throws Exception {
        LoadContext ctx = SluiceConfig.defaults().newLoadContext();
        LoadResult loaded = new RuleLoader(ctx, KeywordTable.standard()).loadString(rules, "flood.rules");
        assertEquals(0, loaded.failures().size(), loaded.failures().toString());
        Verdicts verdicts = new Verdicts(maxFrames);
        Events events = new Events();
        try (DetectEngine engine = DetectEngine.build(loaded.rules(), ctx.flowbits.size(), "auto");
             DetectWorker detect = engine.newWorker()) {
            Worker w = new Worker(source, verdicts, new Decoder(DecodeOptions.DEFAULT),
                    new Defragmenter(setup.defrag(), DecodeOptions.DEFAULT), new FlowTable(setup.flow()),
                    new TcpStreamEngine(setup.stream()), detect, events,
                    setup.inline() ? VerdictPolicy.ips() : VerdictPolicy.ids(),
                    new PrintStream(OutputStream.nullOutputStream()));
            w.setExceptionPolicies(setup.exceptions());
            if (prepare != null) {
                prepare.accept(w);
            }
            if (ref != null) {
                ref.w = w;
            }
            long t0 = System.nanoTime();
            w.run();
            long nanos = System.nanoTime() - t0;
            verdicts.assertEveryFrameOnce(source.frames());
            assertEquals(source.frames(), w.stats.packets);
            return new Run(w, verdicts, events, source, nanos);
        }
    }

    // ---------------------------------------------------------------- bytes

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int get16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    static int get32(byte[] b, int off) {
        return get16(b, off) << 16 | get16(b, off + 2);
    }

    static int checksum(byte[] b, int off, int len, long acc) {
        long s = acc;
        int i = 0;
        for (; i + 1 < len; i += 2) {
            s += get16(b, off + i);
        }
        if (i < len) {
            s += (b[off + i] & 0xff) << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }

    /** The TCP/UDP checksum over the pseudo header and {@code len} bytes at {@code off} (checksum field zero). */
    static int l4Checksum(byte[] p, int src, int dst, int proto, int off, int len) {
        long acc = (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + proto + len;
        int c = checksum(p, off, len, acc);
        return proto == UDP && c == 0 ? 0xffff : c;
    }
}
