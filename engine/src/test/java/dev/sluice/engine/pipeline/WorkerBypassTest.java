package dev.sluice.engine.pipeline;

import dev.sluice.capture.Verdict;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.defrag.DefragConfig;
import dev.sluice.engine.defrag.Defragmenter;
import dev.sluice.engine.detect.DetectEngine;
import dev.sluice.engine.detect.DetectWorker;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.engine.stream.StreamConfig;
import dev.sluice.engine.stream.TcpStreamEngine;
import dev.sluice.engine.verdict.BypassMark;
import dev.sluice.engine.verdict.VerdictPolicy;
import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.RuleLoader;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.vars.SluiceConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** stream.bypass in a worker: when a flow is bypassed, what its later packets get, and the capture bypass mark. */
class WorkerBypassTest {
    static final String RULES =
            "drop tcp any any -> any 8080 (msg:\"passwd\"; flow:established,to_server; content:\"etc/passwd\"; sid:1;)\n";
    static final int DEPTH = 1000;
    static final int C_ISN = 1000;
    static final int S_ISN = 5000;

    /** One verdict as the sink saw it. */
    record Given(Verdict verdict, int mark) { }

    /** An IPv4 TCP segment, client 10.0.0.1:40000 - server 10.0.0.2:8080 (checksums left 0). */
    static byte[] tcp(boolean toServer, int seq, int ack, int flags, byte[] payload) {
        byte[] p = new byte[40 + payload.length];
        p[0] = 0x45;
        p[2] = (byte) (p.length >>> 8);
        p[3] = (byte) p.length;
        p[8] = 64;
        p[9] = 6;
        p[12] = 10;
        p[15] = (byte) (toServer ? 1 : 2);
        p[16] = 10;
        p[19] = (byte) (toServer ? 2 : 1);
        int sport = toServer ? 40_000 : 8080;
        int dport = toServer ? 8080 : 40_000;
        p[20] = (byte) (sport >>> 8);
        p[21] = (byte) sport;
        p[22] = (byte) (dport >>> 8);
        p[23] = (byte) dport;
        putInt(p, 24, seq);
        putInt(p, 28, ack);
        p[32] = 0x50;
        p[33] = (byte) flags;
        p[34] = (byte) 0xff;
        p[35] = (byte) 0xff;
        System.arraycopy(payload, 0, p, 40, payload.length);
        return p;
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static byte[] clean(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'a');
        return b;
    }

    static byte[] attack(int n) {
        byte[] b = clean(n);
        byte[] a = "GET /etc/passwd".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(a, 0, b, 10, a.length);
        return b;
    }

    /**
     * Handshake, then client data: segments of {@code sizes} bytes ({@code attackAt}: the index of the
     * one carrying the attack, -1 for none), then a server ACK. Every frame is queued with {@code mark}.
     */
    static ListSource session(int[] sizes, int attackAt, int mark) {
        ListSource s = new ListSource();
        s.add(tcp(true, C_ISN, 0, 0x02, new byte[0]), mark);
        s.add(tcp(false, S_ISN, C_ISN + 1, 0x12, new byte[0]), mark);
        s.add(tcp(true, C_ISN + 1, S_ISN + 1, 0x10, new byte[0]), mark);
        int seq = C_ISN + 1;
        for (int i = 0; i < sizes.length; i++) {
            s.add(tcp(true, seq, S_ISN + 1, 0x18, i == attackAt ? attack(sizes[i]) : clean(sizes[i])), mark);
            seq += sizes[i];
        }
        s.add(tcp(false, S_ISN + 1, seq, 0x10, new byte[0]), mark);
        return s;
    }

    private Worker worker;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private List<Given> run(ListSource src, boolean bypass, BypassMark mark) throws Exception {
        LoadContext ctx = SluiceConfig.defaults().newLoadContext();
        LoadResult rules = new RuleLoader(ctx, KeywordTable.standard()).loadString(RULES, "bypass.rules");
        assertEquals(0, rules.failures().size(), rules.failures().toString());
        List<Given> given = new ArrayList<>();
        StreamConfig sc = StreamConfig.DEFAULTS.withInline(true).withDepth(DEPTH).withBypass(bypass);
        try (DetectEngine engine = DetectEngine.build(rules.rules(), ctx.flowbits.size(), "auto");
             DetectWorker detect = engine.newWorker()) {
            worker = new Worker(src, (id, v, m) -> given.add(new Given(v, m)), new Decoder(DecodeOptions.DEFAULT.withChecksums(false)),
                    new Defragmenter(DefragConfig.DEFAULTS, DecodeOptions.DEFAULT), new FlowTable(FlowConfig.DEFAULTS),
                    new TcpStreamEngine(sc), detect, e -> { }, VerdictPolicy.ips(), new PrintStream(err, true));
            worker.setBypassMark(mark);
            worker.run();
            assertEquals(0, worker.stats.errors);
        }
        return given;
    }

    private static List<Verdict> verdicts(List<Given> g) {
        return g.stream().map(Given::verdict).toList();
    }

    @Test
    void packetsAfterTheDepthOfABypassedFlowAreAcceptedUninspected() throws Exception {
        // 600 + 600 bytes reach the depth (1000) on the 5th frame; the 6th carries the attack.
        List<Given> g = run(session(new int[] {600, 600, 300}, 2, 0), true, BypassMark.NONE);
        assertEquals(List.of(Verdict.ACCEPT, Verdict.ACCEPT, Verdict.ACCEPT, Verdict.ACCEPT, Verdict.ACCEPT,
                Verdict.ACCEPT, Verdict.ACCEPT), verdicts(g), "the attack past the depth is not seen: bypass is a trade-off");
        assertEquals(1, worker.stats.flowsBypassed);
        assertEquals(2, worker.stats.bypassed, "the attack and the server's ACK, both directions");
        assertEquals(0, worker.stats.alerts);
        assertTrue(g.stream().allMatch(x -> x.mark() == 0), "no mark without nfq.bypass-mark: " + g);
    }

    @Test
    void withoutBypassAnAttackPastTheDepthIsStillDroppedByItsOwnPacket() throws Exception {
        List<Given> g = run(session(new int[] {600, 600, 300}, 2, 0), false, BypassMark.NONE);
        assertEquals(Verdict.DROP, g.get(5).verdict(), "past the depth each packet's payload is still matched: " + g);
        assertEquals(0, worker.stats.flowsBypassed);
        assertEquals(0, worker.stats.bypassed);
    }

    @Test
    void anAttackBeforeTheDepthIsDroppedAndItsFlowNeverBypassed() throws Exception {
        List<Given> g = run(session(new int[] {600, 600, 300}, 0, 0), true, BypassMark.NONE);
        assertEquals(List.of(Verdict.ACCEPT, Verdict.ACCEPT, Verdict.ACCEPT, Verdict.DROP, Verdict.DROP, Verdict.DROP,
                Verdict.DROP), verdicts(g));
        assertEquals(0, worker.stats.flowsBypassed);
        assertEquals(1, worker.stats.alerts);
    }

    @Test
    void aFlowShorterThanTheDepthIsNeverBypassed() throws Exception {
        run(session(new int[] {400, 500}, -1, 0), true, BypassMark.NONE);
        assertEquals(0, worker.stats.flowsBypassed);
    }

    @Test
    void bypassedPacketsAreRepeatedWithTheMarkBitsSetAndTheirOtherBitsKept() throws Exception {
        // Queued with 0x105: the administrator's bits 0x105 stay, the bypass bits 0x20 under 0xf0 are set.
        List<Given> g = run(session(new int[] {600, 600, 300}, -1, 0x105), true, new BypassMark(0x20, 0xf0));
        assertEquals(List.of(new Given(Verdict.ACCEPT, 0), new Given(Verdict.ACCEPT, 0), new Given(Verdict.ACCEPT, 0),
                new Given(Verdict.ACCEPT, 0), new Given(Verdict.REPEAT, 0x125), new Given(Verdict.REPEAT, 0x125),
                new Given(Verdict.REPEAT, 0x125)), g, "the packet that reached the depth is the first one marked");
        assertEquals(3, worker.stats.bypassMarked);
        assertEquals(0, worker.stats.bypassMarkReturned);
    }

    @Test
    void aPacketComingBackWithTheMarkIsAcceptedAsItIsAndTheMissingRulesAreSaidOnce() throws Exception {
        ListSource src = session(new int[] {600, 600}, -1, 0);
        // The marked repeats of frames 5 and 6 come back: no rule let them by.
        src.add(tcp(true, C_ISN + 601, S_ISN + 1, 0x18, clean(600)), 0x25);
        src.add(tcp(false, S_ISN + 1, C_ISN + 1201, 0x10, new byte[0]), 0x25);
        List<Given> g = run(src, true, new BypassMark(0x20, 0xf0));
        assertEquals(new Given(Verdict.ACCEPT, 0), g.get(6));
        assertEquals(new Given(Verdict.ACCEPT, 0), g.get(7));
        assertEquals(2, worker.stats.bypassMarkReturned);
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, said.lines().filter(l -> l.contains("came back to the queue")).count(), said);
    }
}
