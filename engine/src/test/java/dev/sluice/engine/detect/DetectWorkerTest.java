package dev.sluice.engine.detect;

import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.flow.Flow;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.RuleLoader;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.vars.SluiceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rule grouping, prefiltering and evaluation order on real decoded packets, with both matchers. */
class DetectWorkerTest {
    private final Decoder decoder = new Decoder(DecodeOptions.DEFAULT.withChecksums(false));
    private final FlowTable flows = new FlowTable(FlowConfig.DEFAULTS.withMidstream(true));
    private DetectEngine engine;
    private DetectWorker worker;

    @AfterEach
    void close() {
        if (worker != null) {
            worker.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private void load(String algo, String... rules) throws Exception {
        LoadContext ctx = SluiceConfig.defaults().newLoadContext();
        LoadResult r = new RuleLoader(ctx, KeywordTable.standard()).loadString(String.join("\n", rules), "t.rules");
        assertTrue(r.failures().isEmpty(), r.failures().toString());
        engine = DetectEngine.build(r.rules(), ctx.flowbits.size(), algo);
        worker = engine.newWorker();
    }

    /** An Ethernet/IPv4 frame carrying TCP (flags ACK|PSH) or UDP with the given payload. */
    static Frame frame(int proto, String src, int sport, String dst, int dport, String payload) {
        byte[] pl = payload.getBytes(StandardCharsets.ISO_8859_1);
        int l4 = proto == 6 ? 20 : 8;
        int ipLen = 20 + l4 + pl.length;
        Frame f = new Frame();
        byte[] d = f.data;
        d[12] = 0x08;
        d[14] = 0x45;
        d[16] = (byte) (ipLen >> 8);
        d[17] = (byte) ipLen;
        d[22] = 64;
        d[23] = (byte) proto;
        put(d, 26, src);
        put(d, 30, dst);
        int t = 34;
        d[t] = (byte) (sport >> 8);
        d[t + 1] = (byte) sport;
        d[t + 2] = (byte) (dport >> 8);
        d[t + 3] = (byte) dport;
        if (proto == 6) {
            d[t + 12] = 0x50;
            d[t + 13] = 0x18;
            d[t + 14] = (byte) 0xff;
        } else {
            d[t + 4] = (byte) ((8 + pl.length) >> 8);
            d[t + 5] = (byte) (8 + pl.length);
        }
        System.arraycopy(pl, 0, d, t + l4, pl.length);
        f.length = 14 + ipLen;
        f.wireLength = f.length;
        f.linkType = Frame.LINK_ETHERNET;
        f.id = 1;
        return f;
    }

    private static void put(byte[] d, int off, String ip) {
        String[] p = ip.split("\\.");
        for (int i = 0; i < 4; i++) {
            d[off + i] = (byte) Integer.parseInt(p[i]);
        }
    }

    private List<Long> inspect(Frame f) {
        Packet p = new Packet();
        p.reset(f, f.id);
        decoder.decode(p);
        Flow flow = flows.lookup(p);
        worker.inspect(p, flow);
        List<Long> sids = new ArrayList<>();
        for (int i = 0; i < worker.matchedCount(); i++) {
            sids.add(worker.matched(i).sid);
        }
        return sids;
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void prefilteredRulesFireOnlyWhenTheirPatternIsPresent(String algo) throws Exception {
        load(algo,
                "alert tcp any any -> any 80 (msg:\"a\"; content:\"evil\"; sid:1;)",
                "alert tcp any any -> any 80 (msg:\"b\"; content:\"GOOD\"; nocase; sid:2;)",
                "alert udp any any -> any any (msg:\"c\"; content:\"evil\"; sid:3;)",
                "alert tcp any any -> any any (msg:\"d\"; dsize:>3; sid:4;)");
        assertEquals(List.of(1L, 4L), inspect(frame(6, "10.0.0.1", 1234, "10.0.0.2", 80, "an evil thing")));
        assertEquals(List.of(2L, 4L), inspect(frame(6, "10.0.0.1", 1234, "10.0.0.2", 80, "so good")));
        assertEquals(List.of(4L), inspect(frame(6, "10.0.0.1", 1234, "10.0.0.2", 81, "evil on another port")));
        assertEquals(List.of(3L), inspect(frame(17, "10.0.0.1", 1234, "10.0.0.2", 53, "evil")));
        assertEquals(algo, engine.mpmAlgorithm());
    }

    @Test
    void passRuleStopsEvaluationAndDropRuleIsReported() throws Exception {
        load("auto",
                "alert tcp any any -> any any (msg:\"alert\"; content:\"x\"; sid:1;)",
                "pass tcp 10.0.0.9 any -> any any (msg:\"trusted\"; content:\"x\"; sid:2;)",
                "drop tcp any any -> any any (msg:\"drop\"; content:\"xx\"; sid:3;)");
        assertEquals(List.of(3L, 1L), inspect(frame(6, "10.0.0.1", 1234, "10.0.0.2", 80, "xx")),
                "drop rules are evaluated before alert rules");
        assertEquals(3, worker.blockingRule().sid);
        assertEquals(List.of(), inspect(frame(6, "10.0.0.9", 1234, "10.0.0.2", 80, "xx")));
        assertTrue(worker.passed());
        assertNull(worker.blockingRule());
    }

    @Test
    void flowbitSettersRunBeforeReadersOnTheSamePacket() throws Exception {
        load("auto",
                "alert tcp any any -> any any (msg:\"reader\"; flowbits:isset,seen; content:\"b\"; sid:1;)",
                "alert tcp any any -> any any (msg:\"setter\"; content:\"a\"; flowbits:set,seen; flowbits:noalert; sid:2;)");
        Rule[] ordered = engine.rules();
        assertEquals(2, ordered[0].sid);
        assertEquals(List.of(1L), inspect(frame(6, "10.0.0.1", 1234, "10.0.0.2", 80, "ab")));
    }

    @Test
    void bidirectionalHeaderMatchesBothWays() throws Exception {
        load("auto", "alert tcp 10.0.0.1 any <> 10.0.0.2 80 (msg:\"both\"; content:\"hi\"; sid:1;)");
        assertEquals(List.of(1L), inspect(frame(6, "10.0.0.1", 1234, "10.0.0.2", 80, "hi")));
        assertEquals(List.of(1L), inspect(frame(6, "10.0.0.2", 80, "10.0.0.1", 1234, "hi")));
        assertEquals(List.of(), inspect(frame(6, "10.0.0.3", 80, "10.0.0.1", 1234, "hi")));
    }

    @Test
    void inactiveRulesAreLeftOut() throws Exception {
        load("auto",
                "alert smtp any any -> any any (msg:\"smtp\"; content:\"/x\"; sid:1;)",
                "alert tcp any any -> any any (msg:\"tcp\"; content:\"/x\"; sid:2;)");
        assertEquals(1, engine.rules().length);
        assertEquals(List.of(2L), inspect(frame(6, "10.0.0.1", 1234, "10.0.0.2", 80, "GET /x")));
    }

    @Test
    void ipOnlyRulesRunOncePerFlowDirection() throws Exception {
        load("auto",
                "alert ip 10.0.0.1 any -> any any (msg:\"ip only\"; sid:1;)",
                "alert tcp any any -> any any (msg:\"port rule\"; dsize:>0; sid:2;)",
                "alert ip any any <> 10.0.0.1 any (msg:\"ip only both ways\"; sid:3;)");
        assertTrue(DetectEngine.isIpOnly(engine.rules()[0]));
        assertEquals(List.of(1L, 2L, 3L), inspect(frame(6, "10.0.0.1", 1234, "10.0.0.2", 80, "a")));
        assertEquals(List.of(2L), inspect(frame(6, "10.0.0.1", 1234, "10.0.0.2", 80, "b")),
                "IP-only rules do not run again in the same direction of the flow");
        assertEquals(List.of(2L, 3L), inspect(frame(6, "10.0.0.2", 80, "10.0.0.1", 1234, "c")),
                "the reply direction gets its own IP-only inspection");
        assertEquals(List.of(1L, 2L, 3L), inspect(frame(6, "10.0.0.1", 1235, "10.0.0.2", 80, "d")),
                "a new flow gets its own IP-only inspection");
    }

    @Test
    void rulesWithPortsOrConditionsAreNotIpOnly() throws Exception {
        load("auto",
                "alert tcp any any -> any 80 (msg:\"port\"; sid:1;)",
                "alert ip any any -> any any (msg:\"ttl\"; ttl:5; sid:2;)",
                "alert ip any any -> any any (msg:\"bit\"; flowbits:isset,x; sid:3;)",
                "alert ip any any -> any any (msg:\"sets a bit\"; flowbits:set,y; sid:4;)");
        for (Rule r : engine.rules()) {
            assertEquals(r.sid == 4, DetectEngine.isIpOnly(r), "sid " + r.sid);
        }
    }
}
