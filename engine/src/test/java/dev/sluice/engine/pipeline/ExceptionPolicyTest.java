package dev.sluice.engine.pipeline;

import dev.sluice.capture.Verdict;
import dev.sluice.engine.applayer.AppParser;
import dev.sluice.engine.applayer.AppProto;
import dev.sluice.engine.applayer.http.HttpProbe;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.stream.StreamConfig;
import dev.sluice.engine.verdict.ExceptionPolicies;
import dev.sluice.engine.verdict.ExceptionPolicy;
import dev.sluice.engine.verdict.ExceptionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import static dev.sluice.engine.pipeline.FloodHarness.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each stage's exception policy, applied by an inline worker where the stage meets its limit. */
class ExceptionPolicyTest {
    static final int SERVER = ip(192, 168, 1, 10);
    static final String RULES = FloodTest.RULES
            + "alert tcp any any -> any 80 (msg:\"crash the output\"; content:\"crash-me\"; sid:4;)\n";
    static final Flood NO_FLOOD = (n, d) -> {
        throw new IllegalStateException("no flood");
    };

    static Mix packets() {
        return new Mix(NO_FLOOD, 0, 1000, false);
    }

    static ExceptionPolicies only(ExceptionStage s, ExceptionPolicy p) {
        return ExceptionPolicies.DEFAULT.with(s, p);
    }

    /** Four UDP flows with replies (established, just active), then a fifth flow into the full table. */
    static Mix fullFlowTable() {
        Mix m = packets();
        for (int i = 0; i < 4; i++) {
            int c = ip(10, 0, 0, 1 + i);
            m.at(0, "established", udp(c, SERVER, 3000 + i, 5353, i, ascii("query")));
            m.at(0, "established", udp(SERVER, c, 5353, 3000 + i, i, ascii("answer")));
        }
        m.at(0, "new", udp(ip(10, 0, 0, 9), SERVER, 3009, 5353, 9, ascii("hello")));
        m.at(0, "new-attack", udp(ip(10, 0, 0, 10), SERVER, 3010, 5353, 10, ascii("evil-payload")));
        return m;
    }

    @Test
    void flowTableFullOfActiveFlowsFailsOpenByDefaultAndStillDetectsWithoutAFlow() throws Exception {
        Run r = run(RULES, Setup.defaults().flow(FlowConfig.DEFAULTS.withMaxFlows(4)), fullFlowTable(), 20, null, null);
        assertEquals(Collections.nCopies(8, Verdict.ACCEPT), r.verdictsOf("established"));
        assertEquals(List.of(Verdict.ACCEPT), r.verdictsOf("new"), "ignore: the packet goes on without a flow");
        assertEquals(List.of(Verdict.DROP), r.verdictsOf("new-attack"), "and is still inspected");
        assertEquals(2, r.counter("flow.memcap"));
        assertEquals(4, r.worker().flows().active());
    }

    @Test
    void flowMemcapPolicyDropPacketDropsWhatFindsNoFlow() throws Exception {
        Run r = run(RULES, Setup.defaults().flow(FlowConfig.DEFAULTS.withMaxFlows(4))
                .exceptions(only(ExceptionStage.FLOW_MEMCAP, ExceptionPolicy.DROP_FLOW)), fullFlowTable(), 20, null, null);
        assertEquals(Collections.nCopies(8, Verdict.ACCEPT), r.verdictsOf("established"));
        assertEquals(List.of(Verdict.DROP), r.verdictsOf("new"));
        // drop-flow where there is no flow is drop-packet, and counted so
        assertEquals(2, r.counter("exception_policy.flow.memcap.drop_packet"));
        assertEquals(2, r.events().dropReasons.get("flow memcap"));
    }

    /** Flow A takes the only TCP session; flow B's SYN meets the session cap. */
    static Mix sessionCap() {
        Mix m = packets();
        Conn a = new Conn(ip(10, 0, 0, 1), 4000, SERVER, 80);
        Conn b = new Conn(ip(10, 0, 0, 2), 4001, SERVER, 80);
        m.at(0, "a", a.syn()).at(0, "a", a.synAck()).at(0, "a", a.ack());
        m.at(0, "b-syn", b.syn());
        m.at(0, "b-after", b.synAck()).at(0, "b-after", b.ack());
        // ignore inspects it without a session (and drops it); pass-flow never inspects it
        m.at(0, "b-attack", b.request(ascii("GET /?q=union select HTTP/1.1\r\n\r\n")));
        m.at(0, "a", a.request(ascii("GET / HTTP/1.1\r\n\r\n")));
        return m;
    }

    @ParameterizedTest
    @EnumSource(value = ExceptionPolicy.class, names = {"IGNORE", "DROP_FLOW", "PASS_FLOW"})
    void sessionCapAppliesStreamMemcapPolicy(ExceptionPolicy p) throws Exception {
        Setup s = Setup.defaults().stream(StreamConfig.DEFAULTS.withInline(true).withMaxSessions(1))
                .exceptions(only(ExceptionStage.STREAM_MEMCAP, p));
        Run r = run(RULES, s, sessionCap(), 20, null, null);
        assertEquals(Collections.nCopies(4, Verdict.ACCEPT), r.verdictsOf("a"), "the flow with a session passes");
        Verdict expected = p == ExceptionPolicy.DROP_FLOW ? Verdict.DROP : Verdict.ACCEPT;
        assertEquals(List.of(expected), r.verdictsOf("b-syn"));
        assertEquals(Collections.nCopies(2, expected), r.verdictsOf("b-after"));
        assertEquals(List.of(p == ExceptionPolicy.PASS_FLOW ? Verdict.ACCEPT : Verdict.DROP), r.verdictsOf("b-attack"),
                "pass-flow accepts the attack uninspected; ignore inspects and drops it; drop-flow drops the flow");
        assertEquals(p == ExceptionPolicy.IGNORE ? 1 : 0, r.events().alerts(1));
        assertEquals(1, r.worker().streams().sessionCapHits());
        assertEquals(1, r.worker().exceptionCount(ExceptionStage.STREAM_MEMCAP, p));
        if (p == ExceptionPolicy.PASS_FLOW) {
            assertEquals(1, r.counter("exception_policy.tcp.ssn_memcap.pass_flow"));
        }
    }

    /** An HTTP parser that fails on "BOOM", as a parser bug would. */
    static final class FailingParser implements AppParser {
        @Override
        public void onStream(boolean toServer, byte[] buf, int off, int len, TxSink out) {
            if (new String(buf, off, len, StandardCharsets.ISO_8859_1).contains("BOOM")) {
                throw new IllegalStateException("parser bug");
            }
        }

        @Override
        public void onGap(boolean toServer, long bytes) {
        }

        @Override
        public void onDatagram(boolean toServer, byte[] buf, int off, int len, TxSink out) {
        }

        @Override
        public int events() {
            return 0;
        }
    }

    static Mix parserError() {
        Mix m = packets();
        Conn c = new Conn(ip(10, 0, 0, 1), 4000, SERVER, 80);
        m.at(0, "before", c.syn()).at(0, "before", c.synAck()).at(0, "before", c.ack());
        m.at(0, "boom", c.request(ascii("GET /BOOM HTTP/1.1\r\n\r\n")));
        m.at(0, "attack-later", c.request(ascii("GET /?q=union select HTTP/1.1\r\n\r\n")));
        return m;
    }

    @ParameterizedTest
    @EnumSource(value = ExceptionPolicy.class, names = {"IGNORE", "DROP_FLOW"})
    void appLayerParserErrorAppliesAppLayerErrorPolicy(ExceptionPolicy p) throws Exception {
        Run r = run(RULES, Setup.defaults().exceptions(only(ExceptionStage.APP_LAYER_ERROR, p)), parserError(), 20, null,
                w -> w.appLayer().register(AppProto.HTTP1, new HttpProbe(), FailingParser::new, 80, -1));
        assertEquals(Collections.nCopies(3, Verdict.ACCEPT), r.verdictsOf("before"));
        assertEquals(1, r.counter("app_layer.error.http.parser"));
        assertEquals(1, r.worker().exceptionCount(ExceptionStage.APP_LAYER_ERROR, p));
        // either way the attack later in the flow is dropped: by the flow drop, or by detection,
        // which goes on without the application layer
        assertEquals(List.of(Verdict.DROP), r.verdictsOf("attack-later"));
        if (p == ExceptionPolicy.IGNORE) {
            assertEquals(List.of(Verdict.ACCEPT), r.verdictsOf("boom"));
            assertEquals(1, r.events().alerts(1));
        } else {
            assertEquals(List.of(Verdict.DROP), r.verdictsOf("boom"));
            assertEquals(0, r.events().alerts(1), "the dropped flow is not inspected any more");
            assertEquals(1, r.counter("exception_policy.app_layer.error.drop_flow"));
        }
    }

    static Mix processingError() {
        Mix m = packets();
        Conn c = new Conn(ip(10, 0, 0, 1), 4000, SERVER, 80);
        m.at(0, "before", c.syn()).at(0, "before", c.synAck()).at(0, "before", c.ack());
        m.at(0, "crash", c.request(ascii("GET /crash-me HTTP/1.1\r\n\r\n")));
        m.at(0, "after", c.response(ascii("HTTP/1.1 200 OK\r\n\r\n")));
        return m;
    }

    @ParameterizedTest
    @EnumSource(value = ExceptionPolicy.class, names = {"IGNORE", "DROP_PACKET", "DROP_FLOW"})
    void processingErrorAppliesEngineErrorPolicy(ExceptionPolicy p) throws Exception {
        Run r = run(RULES, Setup.defaults().exceptions(only(ExceptionStage.PROCESSING_ERROR, p)), processingError(), 20,
                null, w -> { });
        // the alert output throws for sid 4 (see Events.failOnSid), in the middle of the packet
        assertEquals(Collections.nCopies(3, Verdict.ACCEPT), r.verdictsOf("before"));
        assertEquals(List.of(p == ExceptionPolicy.IGNORE ? Verdict.ACCEPT : Verdict.DROP), r.verdictsOf("crash"));
        assertEquals(List.of(p == ExceptionPolicy.DROP_FLOW ? Verdict.DROP : Verdict.ACCEPT), r.verdictsOf("after"));
        assertEquals(1, r.counter("engine.error"));
        assertEquals(1, r.worker().exceptionCount(ExceptionStage.PROCESSING_ERROR, p));
    }

    /** A flow whose out-of-order data passes a tiny reassembly memcap, then sends an attack. */
    static Mix reassemblyOverflow() {
        Mix m = packets();
        Conn c = new Conn(ip(10, 0, 0, 1), 4000, SERVER, 80);
        m.at(0, "before", c.syn()).at(0, "before", c.synAck()).at(0, "before", c.ack()).at(0, "before", c.serverAck());
        byte[] chunk = ascii("x".repeat(1000));
        for (int i = 0; i < 40; i++) {
            m.at(0, "ooo", c.ahead(1 + 2000L * i, chunk));
        }
        m.at(0, "attack", c.request(ascii("GET /?q=union select HTTP/1.1\r\n\r\n")));
        return m;
    }

    @Test
    void bypassPolicyAcceptsTheRestOfTheFlowUninspected() throws Exception {
        Setup s = Setup.defaults().stream(StreamConfig.DEFAULTS.withInline(true).withMemcap(32 << 10))
                .exceptions(only(ExceptionStage.STREAM_REASSEMBLY_MEMCAP, ExceptionPolicy.BYPASS));
        Run r = run(RULES, s, reassemblyOverflow(), 60, null, null);
        assertEquals(Collections.nCopies(40, Verdict.ACCEPT), r.verdictsOf("ooo"));
        assertEquals(List.of(Verdict.ACCEPT), r.verdictsOf("attack"), "bypass is fail-open: nothing inspects the flow");
        assertEquals(0, r.events().alerts(1));
        assertEquals(1, r.counter("exception_policy.tcp.reassembly.bypass"));
        assertTrue(r.worker().stats.bypassed > 0, "later packets counted as bypassed");
        assertEquals(0, r.worker().streams().memoryUsed(), "the bypassed flow's stream memory went back");
    }

    @Test
    void idsModeOnlyCountsDropPolicies() throws Exception {
        Setup s = Setup.defaults().stream(StreamConfig.DEFAULTS.withMemcap(32 << 10))
                .exceptions(only(ExceptionStage.STREAM_REASSEMBLY_MEMCAP, ExceptionPolicy.DROP_FLOW)).ids();
        Run r = run(RULES, s, reassemblyOverflow(), 60, null, null);
        assertEquals(0, r.verdicts().dropped, "IDS mode drops nothing");
        assertEquals(ExceptionPolicy.IGNORE, r.worker().exceptionPolicies().of(ExceptionStage.STREAM_REASSEMBLY_MEMCAP),
                "a drop policy is ignore when not inline");
        assertTrue(r.worker().exceptionCount(ExceptionStage.STREAM_REASSEMBLY_MEMCAP, ExceptionPolicy.IGNORE) > 0);
        assertTrue(r.counters().keySet().stream().noneMatch(k -> k.startsWith("exception_policy.tcp.reassembly.drop_")),
                "nothing counted as dropped: " + r.counters());
    }

    /** Datagram A's first fragment, then eight first fragments of others (the 8th meets the tracker cap), one of those completed, then A's tail. */
    static Mix defragTrackerCap() {
        Mix m = packets();
        // "evil-pay" in the first fragment, "load" in the second: only the whole datagram matches sid 2
        List<byte[]> a = fragments(udp(ip(10, 0, 0, 1), SERVER, 4000, 5353, 1, ascii("evil-payload")), 16);
        assertEquals(2, a.size());
        m.at(0, "a1", a.get(0));
        List<byte[]> firstFiller = null;
        for (int i = 0; i < 8; i++) {
            List<byte[]> f = fragments(udp(ip(10, 0, 1, 1 + i), SERVER, 4000, 5353, 100 + i, ascii("filler-data!")), 16);
            firstFiller = firstFiller == null ? f : firstFiller;
            m.at(0, i < 7 ? "filler" : "filler-8th", f.get(0));
        }
        m.at(0, "filler-complete", firstFiller.get(1));
        m.at(0, "a2", a.get(1));
        return m;
    }

    @ParameterizedTest
    @EnumSource(value = ExceptionPolicy.class, names = {"DROP_PACKET", "DROP_FLOW"})
    void dropDefragPolicyRefusesTheArrivingFragmentSoAnEarlierDatagramStillCompletes(ExceptionPolicy p) throws Exception {
        Setup s = Setup.defaults().defrag(dev.sluice.engine.defrag.DefragConfig.DEFAULTS.withMaxTrackers(8))
                .exceptions(only(ExceptionStage.DEFRAG_MEMCAP, p));
        Run r = run(RULES, s, defragTrackerCap(), 20, null, null);
        assertEquals(List.of(Verdict.ACCEPT), r.verdictsOf("a1"));
        assertEquals(Collections.nCopies(7, Verdict.ACCEPT), r.verdictsOf("filler"));
        assertEquals(List.of(Verdict.DROP), r.verdictsOf("filler-8th"), "refused at the tracker cap");
        assertEquals(List.of(Verdict.ACCEPT), r.verdictsOf("filler-complete"));
        assertEquals(List.of(Verdict.DROP), r.verdictsOf("a2"), "the attack datagram completed and was inspected whole");
        assertEquals(1, r.events().alerts(2));
        assertEquals(0, r.worker().defrag().evicted(), "no datagram was evicted");
        assertEquals(1, r.counter("exception_policy.defrag.memcap.drop_packet"));
    }

    @Test
    void ignoreDefragPolicyEvictsTheOldestDatagramFailingOpen() throws Exception {
        Setup s = Setup.defaults().defrag(dev.sluice.engine.defrag.DefragConfig.DEFAULTS.withMaxTrackers(8));
        Run r = run(RULES, s, defragTrackerCap(), 20, null, null);
        assertEquals(List.of(Verdict.ACCEPT), r.verdictsOf("filler-8th"), "room made by eviction");
        assertEquals(List.of(Verdict.ACCEPT), r.verdictsOf("a2"), "fail open: the evicted datagram's tail goes uninspected whole");
        assertEquals(1, r.worker().defrag().evicted());
    }

    @Test
    void datagramCompletedByAFragmentThatMetTheMemcapIsStillInspected() throws Exception {
        Mix m = packets();
        // tracker 256 + fragment 64 + 16 data + 20 header = 356 bytes each; A's tail (68) only fits
        // once the older datagram is evicted, and it completes A on the same fragment
        m.at(0, "older", fragments(udp(ip(10, 0, 1, 1), SERVER, 4000, 5353, 100, ascii("filler-data!")), 16).get(0));
        List<byte[]> a = fragments(udp(ip(10, 0, 0, 1), SERVER, 4000, 5353, 1, ascii("evil-payload")), 16);
        m.at(0, "a1", a.get(0)).at(0, "a2", a.get(1));
        Setup s = Setup.defaults().defrag(dev.sluice.engine.defrag.DefragConfig.DEFAULTS.withMemcapBytes(750))
                .exceptions(only(ExceptionStage.DEFRAG_MEMCAP, ExceptionPolicy.PASS_PACKET));
        Run r = run(RULES, s, m, 20, null, null);
        assertEquals(1, r.worker().defrag().evicted(), "the older datagram was evicted for A's tail");
        assertEquals(1, r.worker().defrag().reassembled());
        assertEquals(List.of(Verdict.DROP), r.verdictsOf("a2"), "the completed datagram was inspected and dropped");
        assertEquals(1, r.events().alerts(2));
    }

    /** An HTTP request whose headers the parser holds (never ended), then out-of-order data past a small reassembly memcap. */
    static Mix parserStateThenMemcap() {
        Mix m = packets();
        Conn c = new Conn(ip(10, 0, 0, 1), 4000, SERVER, 80);
        m.at(0, "before", c.syn()).at(0, "before", c.synAck()).at(0, "before", c.ack()).at(0, "before", c.serverAck());
        m.at(0, "before", c.request(ascii("GET /index.html HTTP/1.1\r\nHost: example\r\nX-Long: " + "h".repeat(2000))));
        byte[] chunk = ascii("x".repeat(1000));
        for (int i = 0; i < 40; i++) {
            m.at(0, "ooo", c.ahead(1 + 2000L * i, chunk));
        }
        m.at(0, "later", c.request(ascii("\r\n\r\nGET /?q=union select HTTP/1.1\r\n\r\n")));
        return m;
    }

    @ParameterizedTest
    @EnumSource(value = ExceptionPolicy.class, names = {"BYPASS", "PASS_FLOW", "DROP_FLOW"})
    void flowPolicyGivesBackTheFlowsAppLayerAndStreamMatchMemory(ExceptionPolicy p) throws Exception {
        Setup s = Setup.defaults().stream(StreamConfig.DEFAULTS.withInline(true).withMemcap(32 << 10))
                .exceptions(only(ExceptionStage.STREAM_REASSEMBLY_MEMCAP, p));
        Run r = run(RULES, s, parserStateThenMemcap(), 60, null, null);
        assertEquals(Collections.nCopies(5, Verdict.ACCEPT), r.verdictsOf("before"));
        assertEquals(1, r.worker().appLayer().detectedCount(dev.sluice.engine.applayer.AppProto.HTTP1));
        assertEquals(1, r.worker().exceptionCount(ExceptionStage.STREAM_REASSEMBLY_MEMCAP, p));
        assertEquals(1, r.worker().flows().active(), "the flow is still in the table");
        assertEquals(1, r.worker().appLayer().pooledCount(), "its parser state went back to the pool");
        assertEquals(1, r.worker().spareStreamMatchCount(), "its stream match memory went back to the pool");
        assertEquals(0, r.worker().streams().memoryUsed());
        assertEquals(List.of(p == ExceptionPolicy.DROP_FLOW ? Verdict.DROP : Verdict.ACCEPT), r.verdictsOf("later"),
                "a later packet never touches the released state");
        assertEquals(0, r.counter("engine.error"));
    }
}
