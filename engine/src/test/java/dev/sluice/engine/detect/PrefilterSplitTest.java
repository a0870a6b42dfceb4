package dev.sluice.engine.detect;

import dev.sluice.capture.Frame;
import dev.sluice.capture.PacketSource;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.defrag.DefragConfig;
import dev.sluice.engine.defrag.Defragmenter;
import dev.sluice.engine.flow.Flow;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.engine.pipeline.ListSource;
import dev.sluice.engine.pipeline.Worker;
import dev.sluice.engine.source.PcapSource;
import dev.sluice.engine.source.TestCorpus;
import dev.sluice.engine.stream.StreamConfig;
import dev.sluice.engine.stream.TcpStreamEngine;
import dev.sluice.engine.verdict.VerdictPolicy;
import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.RuleLoader;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.vars.SluiceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The prefilter split by packet class and by bound: a rule left out of a class's matcher, or whose
 * pattern is searched only in a buffer's first bytes, still alerts wherever it can match; the split
 * engine alerts exactly as the unsplit one ({@link DetectEngine#buildUnsplit}) on real and random traffic.
 */
class PrefilterSplitTest {
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

    private static LoadResult loadRules(LoadContext ctx, String... rules) {
        LoadResult r = new RuleLoader(ctx, KeywordTable.standard()).loadString(String.join("\n", rules), "t.rules");
        assertTrue(r.failures().isEmpty(), r.failures().toString());
        return r;
    }

    /** The split engine with the default HOME_NET (192.168/16, 10/8, 172.16/12). */
    private void load(String... rules) throws Exception {
        LoadContext ctx = SluiceConfig.defaults().newLoadContext();
        LoadResult r = loadRules(ctx, rules);
        engine = DetectEngine.build(r.rules(), ctx.flowbits.size(), "auto", ActionOrder.DEFAULT, ctx.homeNet());
        worker = engine.newWorker();
    }

    private List<Long> inspect(Frame f, boolean withFlow) {
        Packet p = new Packet();
        p.reset(f, f.id);
        decoder.decode(p);
        Flow flow = withFlow ? flows.lookup(p) : null;
        worker.inspect(p, flow);
        List<Long> sids = new ArrayList<>();
        for (int i = 0; i < worker.matchedCount(); i++) {
            sids.add(worker.matched(i).sid);
        }
        return sids;
    }

    private List<Long> inspect(Frame f) {
        return inspect(f, true);
    }

    private static Frame tcp(String src, int sport, String dst, int dport, String payload) {
        return DetectWorkerTest.frame(6, src, sport, dst, dport, payload);
    }

    /** Whether rule {@code sid} is in the TCP group's prefilter of class {@code k}. */
    private boolean inClass(long sid, int k) {
        Prefilter pf = engine.group(DetectEngine.groupOf(6)).byClass[k];
        for (int[][] byPattern : new int[][][] {pf.anywhereRules, pf.prefixRules}) {
            for (int[] rs : byPattern) {
                for (int idx : rs) {
                    if (engine.rules()[idx].sid == sid) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    // ---- bound patterns ----

    @Test
    void depthBoundPatternAlertsAtPacketStartOnly() throws Exception {
        load("alert tcp any any -> any any (msg:\"bound\"; content:\"ABCD\"; depth:4; sid:1;)");
        assertEquals(List.of(1L), inspect(tcp("10.0.0.1", 1234, "10.0.0.2", 80, "ABCDxxxxxxxxxx")));
        assertEquals(List.of(), inspect(tcp("10.0.0.1", 1234, "10.0.0.2", 80, "xxxxxxxxxxABCD")));
        Prefilter pf = engine.group(DetectEngine.groupOf(6)).byClass[RuleGroup.classOf(true, true, true)];
        assertTrue(pf.prefix != null && pf.anywhere == null, "the bound pattern is in the prefix matcher only");
        assertEquals(4, pf.prefixLength);
    }

    @Test
    void boundPatternAtPacketStartMatchesInsideStreamWindow() throws Exception {
        String rules = "alert tcp any any -> any any (msg:\"bound\"; content:\"ABCD\"; depth:4; sid:1;)";
        // Inline, the second segment lies inside the window, which starts with the first segment's bytes (lookback).
        Conversation c = new Conversation("10.0.0.1", "10.0.0.2", 1000, 5000);
        c.handshake();
        c.data(true, "xxxxxxxxxxxxxxxxxxxx");
        c.data(true, "ABCDyyyyyyyy");
        c.data(true, "zzzzABCD");
        List<String> split = replay(rules, c.source(true), true, true);
        assertEquals(List.of("6:1"), split, "the rule is evaluated on the packet from its own start");
        assertEquals(split, replay(rules, c.source(true), true, false));
    }

    @Test
    void boundPatternAtStreamStartMatchesOnTheWindow() throws Exception {
        String rules = "alert tcp any any -> any any (msg:\"bound\"; flow:to_server; content:\"GET \"; startswith; sid:1;)";
        Conversation c = new Conversation("10.0.0.1", "10.0.0.2", 1000, 5000);
        c.handshake();
        c.data(true, "GE");
        c.data(true, "T /index.html");
        c.data(false, "HTTP/1.1 200 OK\r\n");
        for (boolean inline : new boolean[] {true, false}) {
            List<String> split = replay(rules, c.source(inline), inline, true);
            assertEquals(1, split.size(), "inline " + inline + ": " + split);
            assertEquals(split, replay(rules, c.source(inline), inline, false), "inline " + inline);
        }
    }

    @Test
    void segmentWhoseBytesDifferFromTheStreamIsScannedOnItsOwn() throws Exception {
        // Inline, a retransmission whose first bytes lost to the stream's first copy (first wins)
        // lies inside the window, but the window holds the stream's bytes, not the packet's.
        Conversation c = new Conversation("10.0.0.1", "10.0.0.2", 1000, 5000);
        c.handshake();
        c.data(true, "xxxx");
        c.cseq -= 4;
        c.data(true, "ABCDyyyy");
        for (String rule : new String[] {
            "alert tcp any any -> any any (msg:\"bound\"; content:\"ABCD\"; depth:4; sid:1;)",
            "alert tcp any any -> any any (msg:\"anywhere\"; content:\"ABCD\"; sid:1;)"}) {
            List<String> unsplit = replay(rule, c.source(true), true, false);
            assertEquals(unsplit, replay(rule, c.source(true), true, true), rule);
            assertEquals(List.of("6:1"), unsplit, "the rule matches the packet's own bytes: " + rule);
        }
    }

    @Test
    void scanHyperscanFailsIsCountedAsDetectMpmFallback() throws Exception {
        Assumptions.assumeTrue(dev.sluice.signatures.mpm.Hyperscan.available(), "no Hyperscan");
        // The literal pair Hyperscan 5.4 fails block scans of 4 to 32 zero bytes for (HyperscanUnknownErrorTest).
        String rules = "alert tcp any any -> any any (msg:\"zeros\"; content:\"|00 00 00|\"; sid:1;)\n"
                + "alert tcp any any -> any any (msg:\"long\"; content:\"tvuqqaamaaaaeaaaa//8aalgaaaaaaaaaq"
                + "a".repeat(43) + "\"; nocase; sid:2;)";
        Conversation c = new Conversation("10.0.0.1", "10.0.0.2", 1000, 5000);
        c.handshake();
        c.data(true, "\0\0\0\0\0\0\0\0");
        LoadContext ctx = SluiceConfig.defaults().newLoadContext();
        LoadResult r = loadRules(ctx, rules);
        java.util.Map<String, Long> counters = new java.util.TreeMap<>();
        try (DetectEngine e = DetectEngine.build(r.rules(), ctx.flowbits.size(), "hyperscan", ActionOrder.DEFAULT,
                ctx.homeNet())) {
            assertEquals(List.of("4:1"), replay(e, c.source(true), true, counters));
        }
        assertTrue(counters.getOrDefault("detect.mpm_fallback", 0L) > 0, counters.toString());
    }

    // ---- packet classes ----

    @Test
    void externalToHomeRuleAlertsOnExternalToHomeOnly() throws Exception {
        load("alert tcp $EXTERNAL_NET any -> $HOME_NET any (msg:\"in\"; content:\"evil\"; sid:1;)");
        assertEquals(List.of(1L), inspect(tcp("8.8.8.8", 1234, "10.0.0.2", 80, "an evil thing")));
        assertEquals(List.of(), inspect(tcp("10.0.0.1", 1235, "10.0.0.2", 80, "an evil thing")));
        assertEquals(List.of(), inspect(tcp("10.0.0.1", 1236, "8.8.8.8", 80, "an evil thing")));
        // class = 4 * to_client + 2 * src home + dst home; only external -> home, either direction
        for (int k = 0; k < RuleGroup.CLASSES; k++) {
            assertEquals((k & 3) == 1, inClass(1, k), "class " + k);
        }
    }

    @Test
    void bidirectionalRuleAlertsInBothOrientations() throws Exception {
        load("alert tcp $EXTERNAL_NET any <> $HOME_NET any (msg:\"both\"; content:\"evil\"; sid:1;)");
        assertEquals(List.of(1L), inspect(tcp("8.8.8.8", 1234, "10.0.0.2", 80, "an evil thing")));
        assertEquals(List.of(1L), inspect(tcp("10.0.0.2", 1235, "8.8.8.8", 80, "an evil thing")));
        assertEquals(List.of(1L), inspect(tcp("8.8.8.8", 80, "10.0.0.2", 1234, "evil answer")), "to_client of the first flow");
        assertEquals(List.of(), inspect(tcp("10.0.0.1", 1236, "10.0.0.2", 80, "an evil thing")));
    }

    @Test
    void toClientRuleIsInNoToServerClassAndAlertsOnToClientPackets() throws Exception {
        load("alert tcp any any -> any any (msg:\"answer\"; flow:to_client; content:\"evil\"; sid:1;)",
                "alert tcp any any -> any any (msg:\"ask\"; flow:established,to_server; content:\"evil\"; sid:2;)");
        for (int k = 0; k < RuleGroup.CLASSES; k++) {
            assertEquals(k >= 4, inClass(1, k), "to_client rule, class " + k);
            assertEquals(k < 4, inClass(2, k), "to_server rule, class " + k);
        }
        assertEquals(List.of(2L), inspect(tcp("10.0.0.1", 1234, "8.8.8.8", 80, "evil ask")));
        assertEquals(List.of(1L), inspect(tcp("8.8.8.8", 80, "10.0.0.1", 1234, "evil answer")));
        assertEquals(List.of(2L), inspect(tcp("10.0.0.1", 1234, "8.8.8.8", 80, "evil ask")));
    }

    @Test
    void packetWithoutFlowMeetsEveryRule() throws Exception {
        load("alert tcp $EXTERNAL_NET any -> $HOME_NET any (msg:\"in\"; content:\"evil\"; sid:1;)",
                "alert tcp any any -> any any (msg:\"bound\"; content:\"evil\"; depth:4; sid:2;)",
                "alert tcp any any -> any any (msg:\"stateless\"; flow:stateless; content:\"evil\"; sid:3;)",
                "alert tcp any any -> any any (msg:\"dir\"; flow:to_server; content:\"evil\"; sid:4;)");
        // a flowless packet takes the to-server class of its addresses: every rule that can match it is there
        Prefilter pf = engine.group(DetectEngine.groupOf(6)).byClass[RuleGroup.classOf(true, false, true)];
        assertEquals(4, pf.ruleCount);
        assertEquals(List.of(1L, 2L, 3L), inspect(tcp("8.8.8.8", 1234, "10.0.0.2", 80, "evil thing"), false),
                "flow:to_server needs a flow; every other rule is found");
    }

    @Test
    void withoutHomeNetClassesSplitByDirectionOnly() throws Exception {
        LoadContext ctx = SluiceConfig.defaults().newLoadContext();
        LoadResult r = loadRules(ctx, "alert tcp $EXTERNAL_NET any -> $HOME_NET any (msg:\"in\"; content:\"evil\"; sid:1;)");
        engine = DetectEngine.build(r.rules(), ctx.flowbits.size(), "auto", ActionOrder.DEFAULT, null);
        worker = engine.newWorker();
        for (int k = 0; k < RuleGroup.CLASSES; k++) {
            assertTrue(inClass(1, k), "class " + k);
        }
        assertEquals(List.of(1L), inspect(tcp("8.8.8.8", 1234, "10.0.0.2", 80, "an evil thing")));
    }

    // ---- split and unsplit alert alike ----

    @Test
    void splitEngineAlertsAsUnsplitOnEtOpenAndRealCaptures() throws Exception {
        Path shared = TestCorpus.shared();
        Assumptions.assumeTrue(shared != null && Files.isDirectory(shared.resolve("corpus/et-open")), "no ET Open");
        Path et = shared.resolve("corpus/et-open");
        LoadContext ctx = SluiceConfig.defaults().newLoadContext();
        RuleLoader loader = new RuleLoader(ctx, KeywordTable.standard());
        List<Rule> rules = new ArrayList<>();
        try (Stream<Path> s = Files.list(et)) {
            for (Path f : s.filter(f -> f.toString().endsWith(".rules")).sorted().toList()) {
                rules.addAll(loader.loadFile(f).rules());
            }
        }
        // rules of our own that the captures meet: bound, directional and HOME_NET ones
        rules.addAll(loadRules(ctx,
                "alert tcp any any -> any any (msg:\"get\"; flow:to_server; content:\"GET \"; depth:4; sid:9300001;)",
                "alert tcp any any -> any any (msg:\"http resp\"; flow:to_client; content:\"HTTP/1.\"; startswith; sid:9300002;)",
                "alert tcp $HOME_NET any -> $EXTERNAL_NET any (msg:\"out\"; content:\"Host|3a|\"; sid:9300003;)",
                "alert tcp $EXTERNAL_NET any -> $HOME_NET any (msg:\"in\"; content:\"Server|3a|\"; sid:9300004;)",
                "alert udp any any <> $HOME_NET 53 (msg:\"dns\"; content:\"|00 01 00 00|\"; offset:4; depth:4; sid:9300005;)",
                "alert tcp any any -> any any (msg:\"mid\"; content:\"HTTP\"; offset:5; depth:20; sid:9300006;)").rules());
        assertTrue(rules.size() > 10_000, "ET Open loaded: " + rules.size());
        List<Path> captures;
        try (Stream<Path> s = Files.list(shared.resolve("corpus/pcaps"))) {
            captures = s.filter(f -> f.toString().endsWith(".pcap") || f.toString().endsWith(".pcapng")).sorted().toList();
        }
        Assumptions.assumeFalse(captures.isEmpty(), "no captures");
        int alerts = 0;
        java.util.Set<Long> fired = new java.util.TreeSet<>();
        try (DetectEngine split = DetectEngine.build(rules, ctx.flowbits.size(), "auto", ActionOrder.DEFAULT, ctx.homeNet());
             DetectEngine unsplit = DetectEngine.buildUnsplit(rules, ctx.flowbits.size(), "auto", ActionOrder.DEFAULT)) {
            assertTrue(split.prefilters().size() > unsplit.prefilters().size(), "the split engine has classes");
            for (Path cap : captures) {
                for (boolean inline : new boolean[] {false, true}) {
                    List<String> b = replay(unsplit, PcapSource.open(cap), inline);
                    List<String> a = replay(split, PcapSource.open(cap), inline);
                    assertEquals(b, a, cap.getFileName() + (inline ? " inline" : " ids"));
                    alerts += a.size();
                    a.forEach(x -> fired.add(Long.parseLong(x.substring(x.indexOf(':') + 1))));
                }
            }
        }
        System.out.println("prefilter split: " + captures.size() + " captures, " + alerts + " alerts, sids " + fired);
        assertTrue(alerts > 50, "alerts fired: " + alerts);
        for (long own : new long[] {9300001, 9300002, 9300003, 9300004, 9300005}) {
            assertTrue(fired.contains(own), "sid " + own + " fired: " + fired);
        }
    }

    @Test
    void splitEngineAlertsAsUnsplitOnRandomRulesAndConversations() throws Exception {
        Random rnd = new Random(0x5_9e_f1L);
        long deadline = System.nanoTime() + 15_000_000_000L;
        int cases = 0;
        int alerts = 0;
        int boundAlerts = 0;
        for (; cases < 2000 && System.nanoTime() < deadline; cases++) {
            List<String> rules = randomRules(rnd);
            Conversation c = randomConversation(rnd);
            boolean inline = rnd.nextBoolean();
            String rs = String.join("\n", rules);
            List<String> a = replay(rs, c.source(inline), inline, true);
            List<String> b = replay(rs, c.source(inline), inline, false);
            assertEquals(b, a, "case " + cases + " inline " + inline + "\nrules:\n" + rs + "\nconversation:\n" + c);
            alerts += a.size();
            for (String x : a) {
                int sid = Integer.parseInt(x.substring(x.indexOf(':') + 1));
                String rule = rules.get(sid - 1);
                if (rule.contains("depth") || rule.contains("startswith")) {
                    boundAlerts++;
                }
            }
        }
        System.out.println("prefilter split random: " + cases + " cases, " + alerts + " alerts, " + boundAlerts + " of bound rules");
        assertTrue(cases >= 300, "cases run: " + cases);
        assertTrue(alerts > cases / 8, "alerts: " + alerts);
        assertTrue(boundAlerts > cases / 40, "alerts of bound rules: " + boundAlerts);
    }

    private static final String[] PATTERNS = {"ABCD", "EFG", "HIJKL", "MN", "OPQRS"};
    private static final String[] ADDRS = {"any", "$HOME_NET", "$EXTERNAL_NET", "!$HOME_NET", "10.0.0.1", "8.8.8.8",
        "[10.0.0.0/8,1.2.3.4]"};
    private static final String[] HOSTS = {"10.0.0.1", "192.168.1.7", "8.8.8.8", "1.2.3.4"};

    private static List<String> randomRules(Random rnd) {
        int n = 1 + rnd.nextInt(6);
        List<String> rules = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            StringBuilder o = new StringBuilder();
            switch (rnd.nextInt(5)) {
                case 0 -> o.append("flow:to_server; ");
                case 1 -> o.append("flow:to_client; ");
                case 2 -> o.append("flow:established,from_client; ");
                case 3 -> o.append("flow:established; ");
                default -> { }
            }
            o.append(content(rnd, false));
            if (rnd.nextInt(3) == 0) {
                o.append(content(rnd, true));
            }
            String proto = rnd.nextInt(8) == 0 ? "ip" : "tcp";
            rules.add("alert " + proto + " " + ADDRS[rnd.nextInt(ADDRS.length)] + " any "
                    + (rnd.nextInt(4) == 0 ? "<>" : "->") + " " + ADDRS[rnd.nextInt(ADDRS.length)] + " any (msg:\"r\"; "
                    + o + "sid:" + i + ";)");
        }
        return rules;
    }

    private static String content(Random rnd, boolean second) {
        String pat = PATTERNS[rnd.nextInt(PATTERNS.length)];
        String c = "content:\"" + pat + "\"; ";
        int len = pat.length();
        switch (rnd.nextInt(second ? 7 : 5)) {
            case 0 -> c += "depth:" + (len + rnd.nextInt(10)) + "; ";
            case 1 -> c += "offset:" + rnd.nextInt(8) + "; depth:" + (len + rnd.nextInt(10)) + "; ";
            case 2 -> c += "startswith; ";
            case 3 -> c += "offset:" + rnd.nextInt(6) + "; ";
            case 5 -> c += "distance:" + rnd.nextInt(4) + "; ";
            case 6 -> c += "distance:0; within:" + (len + rnd.nextInt(10)) + "; ";
            default -> { }
        }
        if (second && rnd.nextInt(3) == 0) {
            c += "fast_pattern; ";
        }
        return c;
    }

    private static Conversation randomConversation(Random rnd) {
        String client = HOSTS[rnd.nextInt(HOSTS.length)];
        String server;
        do {
            server = HOSTS[rnd.nextInt(HOSTS.length)];
        } while (server.equals(client));
        Conversation c = new Conversation(client, server, rnd.nextInt(1 << 30), rnd.nextInt(1 << 30));
        if (rnd.nextInt(4) != 0) {
            c.handshake();
        }
        int segments = 1 + rnd.nextInt(6);
        for (int s = 0; s < segments; s++) {
            int len = 1 + rnd.nextInt(30);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < len; i++) {
                b.append((char) ('a' + rnd.nextInt(3)));
            }
            int plants = rnd.nextInt(3);
            for (int k = 0; k < plants; k++) {
                String pat = PATTERNS[rnd.nextInt(PATTERNS.length)];
                int at = rnd.nextBoolean() ? 0 : rnd.nextInt(b.length() + 1);
                b.insert(at, pat);
            }
            // a pattern may straddle segments: the next segment takes the tail
            boolean toServer = rnd.nextInt(3) != 0;
            if (rnd.nextInt(3) == 0) {
                // a retransmission: its first bytes overlap earlier data, mostly with other bytes
                int back = rnd.nextInt(12);
                if (toServer) {
                    c.cseq -= back;
                } else {
                    c.sseq -= back;
                }
            }
            c.data(toServer, b.toString());
        }
        return c;
    }

    // ---- replay through a worker ----

    /** Alerts ("frame:sid") of these rules on the frames, with the split or the unsplit engine. */
    private static List<String> replay(String rules, PacketSource src, boolean inline, boolean split) throws Exception {
        LoadContext ctx = SluiceConfig.defaults().newLoadContext();
        LoadResult r = loadRules(ctx, rules);
        try (DetectEngine e = split
                ? DetectEngine.build(r.rules(), ctx.flowbits.size(), "auto", ActionOrder.DEFAULT, ctx.homeNet())
                : DetectEngine.buildUnsplit(r.rules(), ctx.flowbits.size(), "auto", ActionOrder.DEFAULT)) {
            return replay(e, src, inline);
        }
    }

    private static List<String> replay(DetectEngine e, PacketSource src, boolean inline) throws Exception {
        return replay(e, src, inline, null);
    }

    /** As above; the worker's counters go into {@code counters} when it is not null. */
    private static List<String> replay(DetectEngine e, PacketSource src, boolean inline,
                                       java.util.Map<String, Long> counters) throws Exception {
        List<String> alerts = new ArrayList<>();
        int[] frames = {0};
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PacketSource s = src; DetectWorker detect = e.newWorker()) {
            StreamConfig sc = StreamConfig.DEFAULTS.withMidstream(true).withInline(inline);
            Worker w = new Worker(s, (id, v, m) -> frames[0]++, new Decoder(DecodeOptions.DEFAULT.withChecksums(false)),
                    new Defragmenter(DefragConfig.DEFAULTS, DecodeOptions.DEFAULT), new FlowTable(FlowConfig.DEFAULTS.withMidstream(true)),
                    new TcpStreamEngine(sc), detect, ev -> {
                        if (ev.alert() != null) {
                            alerts.add((frames[0] + 1) + ":" + ev.alert().sid());
                        }
                    }, inline ? VerdictPolicy.ips() : VerdictPolicy.ids(), new PrintStream(err, true));
            w.run();
            if (counters != null) {
                w.counters(counters);
            }
            assertEquals(0, w.stats.errors, (e.prefilters().size() > 4 ? "split" : "unsplit") + ": " + err.toString(StandardCharsets.UTF_8));
        }
        return alerts;
    }

    /** One TCP conversation as raw IPv4 frames: handshake, then data each way, each acknowledging the other side. */
    static final class Conversation {
        final String client;
        final String server;
        int cseq;
        int sseq;
        final List<byte[]> packets = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        Conversation(String client, String server, int cisn, int sisn) {
            this.client = client;
            this.server = server;
            this.cseq = cisn;
            this.sseq = sisn;
        }

        void handshake() {
            add(true, 0x02, "");
            cseq++;
            add(false, 0x12, "");
            sseq++;
            add(true, 0x10, "");
        }

        void data(boolean toServer, String payload) {
            add(toServer, 0x18, payload);
            if (toServer) {
                cseq += payload.length();
            } else {
                sseq += payload.length();
            }
            // the peer's ACK makes the data inspectable in IDS mode
            add(!toServer, 0x10, "");
        }

        private void add(boolean toServer, int flags, String payload) {
            byte[] pl = payload.getBytes(StandardCharsets.ISO_8859_1);
            byte[] p = new byte[40 + pl.length];
            p[0] = 0x45;
            p[2] = (byte) (p.length >>> 8);
            p[3] = (byte) p.length;
            p[8] = 64;
            p[9] = 6;
            put(p, 12, toServer ? client : server);
            put(p, 16, toServer ? server : client);
            int sport = toServer ? 40_000 : 8080;
            int dport = toServer ? 8080 : 40_000;
            p[20] = (byte) (sport >>> 8);
            p[21] = (byte) sport;
            p[22] = (byte) (dport >>> 8);
            p[23] = (byte) dport;
            putInt(p, 24, toServer ? cseq : sseq);
            putInt(p, 28, (flags & 0x10) != 0 ? (toServer ? sseq : cseq) : 0);
            p[32] = 0x50;
            p[33] = (byte) flags;
            p[34] = (byte) 0xff;
            p[35] = (byte) 0xff;
            System.arraycopy(pl, 0, p, 40, pl.length);
            packets.add(p);
            text.append(packets.size()).append(toServer ? " > " : " < ").append(Integer.toHexString(flags)).append(' ')
                    .append(payload).append('\n');
        }

        private static void put(byte[] d, int off, String ip) {
            String[] q = ip.split("\\.");
            for (int i = 0; i < 4; i++) {
                d[off + i] = (byte) Integer.parseInt(q[i]);
            }
        }

        private static void putInt(byte[] b, int off, int v) {
            b[off] = (byte) (v >>> 24);
            b[off + 1] = (byte) (v >>> 16);
            b[off + 2] = (byte) (v >>> 8);
            b[off + 3] = (byte) v;
        }

        PacketSource source(boolean inline) {
            return ListSource.of(packets, inline);
        }

        @Override
        public String toString() {
            return client + " -> " + server + "\n" + text;
        }
    }
}
