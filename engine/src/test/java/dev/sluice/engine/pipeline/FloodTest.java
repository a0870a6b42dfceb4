package dev.sluice.engine.pipeline;

import dev.sluice.capture.Verdict;
import dev.sluice.engine.defrag.DefragConfig;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.stream.StreamConfig;
import dev.sluice.engine.verdict.ExceptionPolicies;
import dev.sluice.engine.verdict.ExceptionPolicy;
import dev.sluice.engine.verdict.ExceptionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Collections;
import java.util.List;

import static dev.sluice.engine.pipeline.FloodHarness.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Floods within the memcaps, through a whole inline worker: the tables stay within their caps at
 * every checkpoint (the engine's own accounting), the limit is counted, every frame gets exactly one
 * verdict, and a clean connection running beside the flood is still tracked and inspected: it
 * passes, while its twin carrying an attack is dropped. Each test prints its size and time (never
 * asserted).
 */
class FloodTest {
    static final int SERVER = ip(192, 168, 1, 10);
    static final int CLEAN_CLIENT = ip(172, 16, 0, 1);
    static final int ATTACK_CLIENT = ip(172, 16, 0, 2);

    static final String RULES = String.join("\n",
            "drop tcp any any -> any 80 (msg:\"attack in an http flow\"; flow:established,to_server;"
                    + " content:\"union select\"; sid:1;)",
            "drop udp any any -> any 5353 (msg:\"attack in a datagram\"; content:\"evil-payload\"; sid:2;)",
            "alert udp any any -> any 7777 (msg:\"catastrophic pcre\"; content:\"aaaa\"; pcre:\"/(a+)+$/\"; sid:3;)",
            "");

    static final byte[] CLEAN_REQUEST = ascii("GET /q?id=1 order by name HTTP/1.1\r\nHost: a\r\n\r\n");
    static final byte[] ATTACK_REQUEST = ascii("GET /q?id=1 union select pass HTTP/1.1\r\nHost: a\r\n\r\n");
    static final byte[] RESPONSE = ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

    /**
     * A clean connection and its attacking twin, their packets inserted into {@code mix} at the
     * flood positions given: handshake, request, response, close. Labels: clean, attack-before,
     * attack-request, attack-after.
     */
    static void connections(Mix mix, int handshakeAt, int requestAt, int closeAt) {
        Conn c = new Conn(CLEAN_CLIENT, 40000, SERVER, 80);
        Conn a = new Conn(ATTACK_CLIENT, 40001, SERVER, 80);
        mix.at(handshakeAt, "clean", c.syn()).at(handshakeAt, "attack-before", a.syn());
        mix.at(handshakeAt + 100, "clean", c.synAck()).at(handshakeAt + 100, "attack-before", a.synAck());
        mix.at(handshakeAt + 200, "clean", c.ack()).at(handshakeAt + 200, "attack-before", a.ack());
        mix.at(requestAt, "clean", c.request(CLEAN_REQUEST)).at(requestAt, "attack-request", a.request(ATTACK_REQUEST));
        mix.at(requestAt + 100, "clean", c.response(RESPONSE)).at(requestAt + 100, "attack-after", a.response(RESPONSE));
        mix.at(requestAt + 200, "clean", c.clientAck()).at(requestAt + 200, "attack-after", a.clientAck());
        mix.at(closeAt, "clean", c.clientFin()).at(closeAt, "attack-after", a.clientFin());
        mix.at(closeAt + 100, "clean", c.serverFin()).at(closeAt + 100, "attack-after", a.serverFin());
        mix.at(closeAt + 200, "clean", c.clientAck()).at(closeAt + 200, "attack-after", a.clientAck());
    }

    /** The clean connection passed whole; the attack was dropped from its request on, and alerted once. */
    static void assertCleanPassesAttackDropped(Run r) {
        List<Verdict> clean = r.verdictsOf("clean");
        assertEquals(9, clean.size());
        assertEquals(Collections.nCopies(9, Verdict.ACCEPT), clean, "the clean connection passes");
        assertEquals(Collections.nCopies(3, Verdict.ACCEPT), r.verdictsOf("attack-before"));
        assertEquals(List.of(Verdict.DROP), r.verdictsOf("attack-request"), "the attack is dropped");
        assertEquals(Collections.nCopies(5, Verdict.DROP), r.verdictsOf("attack-after"), "and its flow with it");
        assertEquals(1, r.events().alerts(1), "one alert for the attack");
    }

    @Test
    void synFloodOfAMillionSourcesStaysUnderFlowCapAndCleanFlowPasses() throws Exception {
        int syns = 1_000_000;
        int cap = 65_536;
        Flood flood = (n, d) -> writeTcp(d, ip(10, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff), SERVER,
                1024 + n % 60_000, 80, n * 7L, 0, SYN, NONE, NONE, 0);
        Mix mix = new Mix(flood, syns, 100_000, false);
        // The clean flows start in the middle of the flood; between handshake and request come
        // 100,000 SYNs, more than the whole table: an established flow must outlive them.
        connections(mix, 400_000, 500_000, 600_000);
        WorkerRef ref = new WorkerRef();
        int[] checks = new int[1];
        mix.checkEvery(10_000, () -> {
            Worker w = ref.w;
            assertTrue(w.flows().active() <= cap, "flows " + w.flows().active());
            assertTrue(w.streams().sessionsActive() <= cap, "sessions " + w.streams().sessionsActive());
            assertTrue(w.streams().memoryUsed() <= StreamConfig.DEFAULTS.memcap());
            checks[0]++;
        });
        Run r = run(RULES, Setup.defaults().flow(FlowConfig.DEFAULTS.withMaxFlows(cap)), mix, syns + 100, ref, null);

        assertCleanPassesAttackDropped(r);
        assertEquals(6, r.verdicts().dropped, "only the attack flow's packets are dropped");
        assertTrue(checks[0] >= 100, "checkpoints " + checks[0]);
        Worker w = r.worker();
        assertTrue(w.flows().evicted() >= syns - cap, "evicted " + w.flows().evicted());
        assertEquals(w.flows().evicted(), w.flows().evictedEmbryonic(), "only embryonic flows were evicted");
        assertEquals(0, r.counter("flow.memcap"), "every SYN got a flow: an embryonic one always makes room");
        assertEquals(syns + 2, w.flows().created());
        System.out.printf("SYN flood: %,d SYNs, flow cap %,d: %.1f s, %,d evicted (all embryonic), flow.memcap %d%n",
                syns, cap, r.nanos() / 1e9, w.flows().evicted(), r.counter("flow.memcap"));
    }

    /**
     * ignore evicts the oldest datagram to make room: the table turns over and a datagram arriving
     * whole amid the flood reassembles (fail open). drop-packet refuses what arrives at the limit and
     * keeps the datagrams it holds, so none can be evaded by eviction: while the flood fills the
     * table, every new fragmented datagram, the clean one too, is dropped (fail closed).
     */
    @ParameterizedTest
    @EnumSource(value = ExceptionPolicy.class, names = {"IGNORE", "DROP_PACKET"})
    void fragmentFloodThatNeverCompletesStaysUnderDefragCapsAndFollowsItsPolicy(ExceptionPolicy policy) throws Exception {
        int frags = 200_000;
        int trackers = 4096;
        long memcap = 512 << 10;
        // first fragments only (more-fragments set, offset 0), each of its own datagram: none completes
        Flood flood = (n, d) -> {
            put16(d, 20, 4000);
            put16(d, 22, 5353);
            put16(d, 24, 1008);
            put16(d, 26, 0);
            java.util.Arrays.fill(d, 28, 84, (byte) 'f');
            ipv4Header(d, ip(10, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff), SERVER, UDP, n & 0xffff, 0x2000, 64);
            return 84;
        };
        Mix mix = new Mix(flood, frags, 100_000, false);
        byte[] cleanPayload = ascii("clean datagram ".repeat(20));
        byte[] attackPayload = ascii(("x".repeat(150) + "evil-payload").repeat(2));
        List<byte[]> clean = fragments(udp(CLEAN_CLIENT, SERVER, 4000, 5353, 777, cleanPayload), 104);
        List<byte[]> attack = fragments(udp(ATTACK_CLIENT, SERVER, 4000, 5353, 778, attackPayload), 104);
        assertEquals(3, clean.size());
        assertEquals(4, attack.size());
        for (int i = 0; i < clean.size(); i++) {
            mix.at(100_000 + 50 * i, "clean", clean.get(i));
        }
        for (int i = 0; i < attack.size(); i++) {
            mix.at(100_000 + 50 * i, i == attack.size() - 1 ? "attack-last" : "attack", attack.get(i));
        }
        WorkerRef ref = new WorkerRef();
        long[] maxHeld = new long[1];
        mix.checkEvery(5_000, () -> {
            Worker w = ref.w;
            assertTrue(w.defrag().trackersActive() <= trackers, "trackers " + w.defrag().trackersActive());
            assertTrue(w.defrag().bytesHeld() <= memcap, "defrag bytes " + w.defrag().bytesHeld());
            maxHeld[0] = Math.max(maxHeld[0], w.defrag().bytesHeld());
        });
        Run r = run(RULES, Setup.defaults().defrag(DefragConfig.DEFAULTS.withMaxTrackers(trackers).withMemcapBytes(memcap))
                        .exceptions(ExceptionPolicies.DEFAULT.with(ExceptionStage.DEFRAG_MEMCAP, policy)),
                mix, frags + 10, ref, null);

        Worker w = r.worker();
        long limited = w.defrag().trackerCapHits() + w.defrag().memcapHits();
        assertTrue(limited >= frags - trackers, "limit hits " + limited);
        long applied = w.exceptionCount(ExceptionStage.DEFRAG_MEMCAP, policy);
        assertTrue(applied >= frags - trackers, "policy applied " + applied);
        if (policy == ExceptionPolicy.IGNORE) {
            assertEquals(Collections.nCopies(3, Verdict.ACCEPT), r.verdictsOf("clean"), "the clean datagram passes");
            assertEquals(Collections.nCopies(3, Verdict.ACCEPT), r.verdictsOf("attack"));
            assertEquals(List.of(Verdict.DROP), r.verdictsOf("attack-last"), "the attack datagram is dropped whole");
            assertEquals(1, r.verdicts().dropped);
            assertEquals(2, w.defrag().reassembled(), "both datagrams were rebuilt");
        } else {
            assertEquals(Collections.nCopies(3, Verdict.DROP), r.verdictsOf("clean"), "fail closed: refused at the limit");
            assertEquals(Collections.nCopies(3, Verdict.DROP), r.verdictsOf("attack"));
            assertEquals(List.of(Verdict.DROP), r.verdictsOf("attack-last"));
            assertEquals(applied, r.verdicts().dropped, "every drop is a refusal at the limit");
            assertEquals(0, w.defrag().evicted(), "no datagram held was evicted");
            assertEquals(0, w.defrag().reassembled());
        }
        System.out.printf("fragment flood (%s): %,d first fragments, %d trackers / %d KiB: %.1f s, tracker cap hits %,d,"
                        + " memcap hits %,d, policy applied %,d, most held %,d bytes%n", policy.word, frags, trackers,
                memcap >> 10, r.nanos() / 1e9, w.defrag().trackerCapHits(), w.defrag().memcapHits(), applied, maxHeld[0]);
    }

    @ParameterizedTest
    @EnumSource(value = ExceptionPolicy.class, names = {"IGNORE", "DROP_FLOW"})
    void outOfOrderSegmentFloodStaysUnderReassemblyMemcapAndFollowsItsPolicy(ExceptionPolicy policy) throws Exception {
        int segments = 100_000;
        long memcap = 2 << 20;
        Conn f = new Conn(ip(10, 9, 9, 9), 5000, SERVER, 80);
        byte[] data = ascii("segment!");
        // the first byte never comes: every segment waits beyond the gap, 8 bytes every 32
        long[] seq0 = new long[1];
        Flood flood = (n, d) -> writeTcp(d, f.client, f.server, f.cport, f.sport, seq0[0] + 1 + 32L * n, f.sseq,
                PSH | ACK, NONE, data, data.length);
        Mix mix = new Mix(flood, segments, 100_000, true);
        mix.at(0, "flood-handshake", f.syn()).at(0, "flood-handshake", f.synAck()).at(0, "flood-handshake", f.ack())
                .at(0, "flood-handshake", f.serverAck());
        seq0[0] = f.cseq;
        connections(mix, 10, 50_000, 90_000);
        WorkerRef ref = new WorkerRef();
        long[] maxUsed = new long[1];
        mix.checkEvery(1_000, () -> {
            long used = ref.w.streams().memoryUsed();
            assertTrue(used <= memcap, "stream memory " + used);
            maxUsed[0] = Math.max(maxUsed[0], used);
        });
        Setup setup = Setup.defaults().stream(StreamConfig.DEFAULTS.withInline(true).withMemcap(memcap).withDepth(0))
                .exceptions(ExceptionPolicies.DEFAULT.with(ExceptionStage.STREAM_REASSEMBLY_MEMCAP, policy));
        Run r = run(RULES, setup, mix, segments + 100, ref, null);

        assertCleanPassesAttackDropped(r);
        assertEquals(Collections.nCopies(4, Verdict.ACCEPT), r.verdictsOf("flood-handshake"));
        Worker w = r.worker();
        assertEquals(0, w.streams().eventCount(dev.sluice.engine.stream.StreamFlags.OUT_OF_WINDOW),
                "the flood is within the receiver's window");
        assertTrue(w.streams().memcapHits() > 0, "the memcap was met");
        long hits = w.exceptionCount(ExceptionStage.STREAM_REASSEMBLY_MEMCAP, policy);
        List<Verdict> floodVerdicts = r.verdicts().of(mix.floodIds);
        long floodDropped = floodVerdicts.stream().filter(v -> v == Verdict.DROP).count();
        if (policy == ExceptionPolicy.IGNORE) {
            assertEquals(0, floodDropped, "fail open: the flood flow goes on");
            assertTrue(hits > segments / 2, "every segment past the memcap is counted: " + hits);
        } else {
            assertEquals(1, hits, "the policy dropped the flow at its first segment past the memcap");
            assertEquals(1, r.counter("exception_policy.tcp.reassembly.drop_flow"));
            int first = floodVerdicts.indexOf(Verdict.DROP);
            assertTrue(first > 0, "the flood flow ran until the memcap");
            assertEquals(floodVerdicts.size() - first, floodDropped, "every later segment of the flood flow is dropped");
            assertTrue(w.streams().memoryUsed() < memcap / 4, "the dropped flow's memory went back: " + w.streams().memoryUsed());
        }
        System.out.printf("out-of-order flood (%s): %,d segments, reassembly memcap %d KiB: %.1f s, memcap hits %,d,"
                        + " policy applied %,d, most held %,d bytes%n", policy.word, segments, memcap >> 10,
                r.nanos() / 1e9, w.streams().memcapHits(), hits, maxUsed[0]);
    }

    @Test
    void catastrophicPcreGivesEveryPacketItsVerdictCountsTheLimitAndCleanFlowPasses() throws Exception {
        int packets = 1_000;
        byte[] evil = ascii("a".repeat(1000) + "b");
        Flood flood = (n, d) -> {
            byte[] p = udp(ip(10, 7, 7, 7), SERVER, 6000 + n % 100, 7777, n & 0xffff, evil);
            System.arraycopy(p, 0, d, 0, p.length);
            return p.length;
        };
        Mix mix = new Mix(flood, packets, 10_000, true);
        mix.at(500, "benign-pcre", udp(ip(10, 7, 7, 8), SERVER, 6000, 7777, 1, ascii("xaaaa")));
        connections(mix, 10, 400, 800);
        Run r = run(RULES, Setup.defaults(), mix, packets + 100, null, null);

        assertCleanPassesAttackDropped(r);
        assertEquals(Collections.nCopies(packets, Verdict.ACCEPT), r.verdicts().of(mix.floodIds));
        assertEquals(List.of(Verdict.ACCEPT), r.verdictsOf("benign-pcre"));
        assertEquals(1, r.events().alerts(3), "the pcre matches where it can finish");
        long limit = r.counter("detect.pcre_limit");
        assertTrue(limit >= packets, "every catastrophic search hit the limit: " + limit);
        System.out.printf("catastrophic pcre: %,d packets of 1001 bytes: %.1f s, detect.pcre_limit %,d%n",
                packets, r.nanos() / 1e9, limit);
    }
}
