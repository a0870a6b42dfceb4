package dev.sluice.engine.pipeline;

import dev.sluice.capture.Frame;
import dev.sluice.capture.PacketSource;
import dev.sluice.capture.Verdict;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.defrag.DefragConfig;
import dev.sluice.engine.defrag.Defragmenter;
import dev.sluice.engine.detect.DetectEngine;
import dev.sluice.engine.detect.DetectWorker;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.engine.stream.StreamConfig;
import dev.sluice.engine.stream.TcpStreamEngine;
import dev.sluice.engine.verdict.Rejecter;
import dev.sluice.engine.verdict.VerdictPolicy;
import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.RuleLoader;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.vars.SluiceConfig;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A worker inline with a rejecter: which packets get answered, and our answers coming back. */
class WorkerRejectTest {
    static final int MARK = 0x5e1ce;
    static final String RULES = ""
            + "reject tcp any any -> any 8080 (msg:\"syn to 8080\"; flags:S; sid:1;)\n"
            + "rejectboth udp any any -> any 9090 (msg:\"evil udp\"; content:\"evil\"; sid:2;)\n"
            + "drop udp any any -> any 9091 (msg:\"plain drop\"; sid:3;)\n";

    static byte[] ipv4(int proto, byte[] l4) {
        byte[] p = new byte[20 + l4.length];
        p[0] = 0x45;
        p[2] = (byte) (p.length >>> 8);
        p[3] = (byte) p.length;
        p[8] = 64;
        p[9] = (byte) proto;
        p[12] = 10;
        p[15] = 1;
        p[16] = 10;
        p[19] = 2;
        System.arraycopy(l4, 0, p, 20, l4.length);
        return p;
    }

    static byte[] syn(int sport, int dport) {
        byte[] t = new byte[20];
        t[0] = (byte) (sport >>> 8);
        t[1] = (byte) sport;
        t[2] = (byte) (dport >>> 8);
        t[3] = (byte) dport;
        t[7] = 100;
        t[12] = 0x50;
        t[13] = 0x02;
        return ipv4(6, t);
    }

    static byte[] udp(int sport, int dport, String text) {
        byte[] u = new byte[8 + text.length()];
        u[0] = (byte) (sport >>> 8);
        u[1] = (byte) sport;
        u[2] = (byte) (dport >>> 8);
        u[3] = (byte) dport;
        u[5] = (byte) u.length;
        System.arraycopy(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, u, 8, text.length());
        return ipv4(17, u);
    }

    @Test
    void answersOnlyTheMatchingPacketAndLetsItsOwnAnswersThrough() throws Exception {
        ListSource src = new ListSource();
        src.add(syn(40_000, 8080), 0);            // 1: rejected, one reset to the client
        src.add(syn(40_000, 8080), 0);            // 2: the retransmitted SYN: its flow is dropped, no answer
        src.add(udp(40_001, 9090, "evil!"), 0);   // 3: rejectboth: an unreachable each way
        src.add(udp(40_002, 9091, "x"), 0);       // 4: a plain drop answers nothing
        src.add(udp(40_003, 9090, "fine"), 0);    // 5: clean
        List<byte[]> sent = new ArrayList<>();
        Rejecter rejecter = new Rejecter((b, off, len) -> {
            sent.add(Arrays.copyOfRange(b, off, off + len));
            return len;
        }, MARK);
        List<Verdict> verdicts = run(src, rejecter, sent);

        assertEquals(List.of(Verdict.DROP, Verdict.DROP, Verdict.DROP, Verdict.DROP, Verdict.ACCEPT,
                Verdict.ACCEPT, Verdict.ACCEPT, Verdict.ACCEPT), verdicts,
                "the three answers, queued back with our mark, are accepted");
        assertEquals(3, rejecter.sent);
        assertEquals(3, rejecter.returned);
        assertEquals(0, rejecter.failed);
        Packet rst = decode(sent.get(0));
        assertEquals(0x14, rst.tcpFlags);
        assertEquals(101, rst.tcpAck);
        assertEquals(3, decode(sent.get(1)).icmpType);
        assertEquals(3, decode(sent.get(2)).icmpType);
    }

    @Test
    void withoutARejecterRejectRulesOnlyDrop() throws Exception {
        ListSource src = new ListSource();
        src.add(syn(40_000, 8080), 0);
        src.add(syn(40_005, 8080), MARK);
        List<Verdict> verdicts = run(src, null, new ArrayList<>());
        assertEquals(List.of(Verdict.DROP, Verdict.DROP), verdicts, "a mark means nothing without a rejecter");
    }

    /** Runs the source; every answer sent is queued back (marked) right after it. */
    private static List<Verdict> run(ListSource src, Rejecter rejecter, List<byte[]> sent) throws Exception {
        LoadContext ctx = SluiceConfig.defaults().newLoadContext();
        LoadResult rules = new RuleLoader(ctx, KeywordTable.standard()).loadString(RULES, "reject.rules");
        assertEquals(0, rules.failures().size(), rules.failures().toString());
        List<Verdict> verdicts = new ArrayList<>();
        try (DetectEngine engine = DetectEngine.build(rules.rules(), ctx.flowbits.size(), "auto");
             DetectWorker detect = engine.newWorker()) {
            int[] fed = {0};
            PacketSource loop = new PacketSource() {
                @Override
                public boolean next(Frame f) {
                    // Our answers go back into the queue, as the kernel would hand them over.
                    while (fed[0] < sent.size()) {
                        src.add(sent.get(fed[0]++), MARK);
                    }
                    return src.next(f);
                }

                @Override
                public boolean inline() {
                    return true;
                }

                @Override
                public void close() {
                }
            };
            Worker w = new Worker(loop, (id, v, mark) -> verdicts.add(v), new Decoder(DecodeOptions.DEFAULT.withChecksums(false)),
                    new Defragmenter(DefragConfig.DEFAULTS, DecodeOptions.DEFAULT), new FlowTable(FlowConfig.DEFAULTS),
                    new TcpStreamEngine(StreamConfig.DEFAULTS), detect, e -> { }, VerdictPolicy.ips(),
                    new PrintStream(OutputStream.nullOutputStream()));
            w.setRejecter(rejecter);
            w.run();
            assertEquals(0, w.stats.errors);
        }
        return verdicts;
    }

    private static Packet decode(byte[] b) {
        Frame f = new Frame();
        System.arraycopy(b, 0, f.data, 0, b.length);
        f.length = b.length;
        f.linkType = Frame.LINK_RAW;
        Packet p = new Packet();
        p.reset(f, 1);
        new Decoder(DecodeOptions.DEFAULT).decode(p);
        return p;
    }
}
