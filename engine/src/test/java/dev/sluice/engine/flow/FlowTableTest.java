package dev.sluice.engine.flow;

import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.Packet;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.sluice.engine.flow.TestPackets.ACK;
import static dev.sluice.engine.flow.TestPackets.FIN;
import static dev.sluice.engine.flow.TestPackets.ICMP;
import static dev.sluice.engine.flow.TestPackets.PSH;
import static dev.sluice.engine.flow.TestPackets.RST;
import static dev.sluice.engine.flow.TestPackets.SYN;
import static dev.sluice.engine.flow.TestPackets.TCP;
import static dev.sluice.engine.flow.TestPackets.UDP;
import static dev.sluice.engine.flow.TestPackets.addr;
import static dev.sluice.engine.flow.TestPackets.packet;
import static dev.sluice.engine.flow.TestPackets.sec;
import static dev.sluice.engine.flow.TestPackets.tcp;
import static dev.sluice.engine.flow.TestPackets.udp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FlowTableTest {
    private static final String C = "10.0.0.1";
    private static final String S = "192.168.1.9";

    private final FlowTable table = new FlowTable(FlowConfig.DEFAULTS);

    @Test
    void bothDirectionsMapToOneFlow() {
        Flow a = table.lookup(udp(C, 5000, S, 53, sec(1)));
        assertTrue(a.toServer());
        Flow b = table.lookup(udp(S, 53, C, 5000, sec(2)));
        assertSame(a, b);
        assertFalse(b.toServer());
        assertEquals(1, table.active());
        assertEquals(1, table.created());
    }

    @Test
    void differentPortsOrProtocolsAreDifferentFlows() {
        Flow a = table.lookup(udp(C, 5000, S, 53, sec(1)));
        Flow b = table.lookup(udp(C, 5001, S, 53, sec(1)));
        Flow c = table.lookup(tcp(C, 5000, S, 53, SYN, sec(1)));
        assertNotSame3(a, b, c);
        assertEquals(3, table.active());
    }

    @Test
    void packetWithoutIpLayerHasNoFlow() {
        Packet p = new Packet();
        p.reset(new Frame(), 1);
        assertNull(table.lookup(p));
        assertEquals(0, table.created());
    }

    @Test
    void synSenderIsTheClientAndDirectionFollowsIt() {
        Flow f = table.lookup(tcp(C, 40000, S, 80, SYN, sec(1)));
        assertTrue(f.toServer());
        table.lookup(tcp(S, 80, C, 40000, SYN | ACK, sec(1.1)));
        assertFalse(f.toServer());
        table.lookup(tcp(C, 40000, S, 80, ACK, sec(1.2)));
        assertTrue(f.toServer());
        assertArrayEquals(addr(C), Arrays.copyOf(f.clientAddr(), 4));
        assertArrayEquals(addr(S), Arrays.copyOf(f.serverAddr(), 4));
        assertEquals(40000, f.clientPort());
        assertEquals(80, f.serverPort());
    }

    @Test
    void establishedOnlyAfterThreeWayHandshake() {
        Flow f = table.lookup(tcp(C, 40000, S, 80, SYN, sec(1)));
        assertFalse(f.established());
        assertEquals(Flow.TcpState.SYN_SENT, f.tcpState());
        table.lookup(tcp(S, 80, C, 40000, SYN | ACK, sec(1.1)));
        assertFalse(f.established());
        assertEquals(Flow.TcpState.SYN_RECV, f.tcpState());
        table.lookup(tcp(C, 40000, S, 80, ACK, sec(1.2)));
        assertTrue(f.established(), "the ACK completing the handshake already counts as established");
        table.lookup(packet(C, 40000, S, 80, TCP, PSH | ACK, 100, sec(1.3)));
        assertTrue(f.established());
        assertEquals(Flow.TcpState.ESTABLISHED, f.tcpState());
    }

    @Test
    void ackFromTheServerDoesNotCompleteTheHandshake() {
        Flow f = table.lookup(tcp(C, 40000, S, 80, SYN, sec(1)));
        table.lookup(tcp(S, 80, C, 40000, SYN | ACK, sec(1.1)));
        table.lookup(tcp(S, 80, C, 40000, ACK, sec(1.2)));
        assertFalse(f.established());
    }

    @Test
    void withoutMidstreamAFlowPickedUpLateIsTrackedButNeverEstablished() {
        Flow f = table.lookup(packet(C, 2443, S, 1212, TCP, PSH | ACK, 6, sec(1)));
        assertTrue(f.toServer());
        assertEquals(Flow.TcpState.NONE, f.tcpState());
        table.lookup(packet(S, 1212, C, 2443, TCP, ACK, 0, sec(1.1)));
        table.lookup(packet(C, 2443, S, 1212, TCP, PSH | ACK, 6, sec(1.2)));
        assertFalse(f.established());
        assertTrue(f.toServer());
        assertEquals(2443, f.clientPort());
    }

    @Test
    void synAckSeenFirstMakesItsReceiverTheClient() {
        Flow f = table.lookup(tcp(S, 80, C, 40000, SYN | ACK, sec(1)));
        assertFalse(f.toServer());
        assertEquals(40000, f.clientPort());
        assertArrayEquals(addr(C), Arrays.copyOf(f.clientAddr(), 4));
        table.lookup(tcp(C, 40000, S, 80, ACK, sec(1.1)));
        assertTrue(f.toServer());
        assertFalse(f.established(), "no midstream: never established without the SYN");
    }

    @Test
    void midstreamEstablishesAFlowPickedUpWithoutSyn() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULTS.withMidstream(true));
        Flow f = t.lookup(packet(C, 2443, S, 1212, TCP, PSH | ACK, 6, sec(1)));
        assertTrue(f.established());
        assertTrue(f.toServer());
        t.lookup(packet(S, 1212, C, 2443, TCP, ACK, 0, sec(1.1)));
        assertFalse(f.toServer());
        assertTrue(f.established());
    }

    @Test
    void midstreamSynAckFirstEstablishesOnTheClientsAck() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULTS.withMidstream(true));
        Flow f = t.lookup(tcp(S, 80, C, 40000, SYN | ACK, sec(1)));
        assertFalse(f.toServer());
        assertFalse(f.established());
        t.lookup(tcp(C, 40000, S, 80, ACK, sec(1.1)));
        assertTrue(f.toServer());
        assertTrue(f.established());
    }

    @Test
    void midstreamStillRunsTheHandshakeForASyn() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULTS.withMidstream(true));
        Flow f = t.lookup(tcp(C, 40000, S, 80, SYN, sec(1)));
        assertFalse(f.established());
    }

    @Test
    void udpIsEstablishedOnceAReplyWasSeen() {
        Flow f = table.lookup(udp(C, 5000, S, 53, sec(1)));
        assertFalse(f.established());
        table.lookup(udp(C, 5000, S, 53, sec(1.1)));
        assertFalse(f.established());
        table.lookup(udp(S, 53, C, 5000, sec(1.2)));
        assertTrue(f.established(), "the reply itself is established");
        table.lookup(udp(C, 5000, S, 53, sec(1.3)));
        assertTrue(f.established());
    }

    @Test
    void icmpFlowsAreKeyedByAddressesOnly() {
        Flow req = table.lookup(packet(C, 8, S, 0, ICMP, 0, 56, sec(1)));
        Flow rep = table.lookup(packet(S, 0, C, 0, ICMP, 0, 56, sec(1.1)));
        Flow unreach = table.lookup(packet(S, 3, C, 3, ICMP, 0, 28, sec(1.2)));
        assertSame(req, rep);
        assertSame(req, unreach);
        assertTrue(rep.established());
        assertEquals(0, req.clientPort());
    }

    @Test
    void countsPacketsBytesAndTcpPayloadPerDirection() {
        Flow f = table.lookup(tcp(C, 40000, S, 80, SYN, sec(1)));
        table.lookup(tcp(S, 80, C, 40000, SYN | ACK, sec(1.1)));
        table.lookup(tcp(C, 40000, S, 80, ACK, sec(1.2)));
        table.lookup(packet(C, 40000, S, 80, TCP, PSH | ACK, 100, sec(1.3)));
        assertEquals(3, f.packetsInDirection());
        table.lookup(packet(S, 80, C, 40000, TCP, PSH | ACK, 1000, sec(1.4)));
        assertEquals(2, f.packetsInDirection());
        table.lookup(packet(S, 80, C, 40000, TCP, PSH | ACK, 500, sec(1.5)));
        assertEquals(3, f.packetsToServer());
        assertEquals(3, f.packetsToClient());
        assertEquals(100, f.clientBytes());
        assertEquals(1500, f.serverBytes());
        assertEquals(3 * 54 + 100, f.bytesToServer());
        assertEquals(3 * 54 + 1500, f.bytesToClient());
        assertEquals(sec(1), f.firstSeenMicros());
        assertEquals(sec(1.5), f.lastSeenMicros());
    }

    @Test
    void rstClosesTheFlowAndANewSynStartsANewOne() {
        Flow f = table.lookup(tcp(C, 40000, S, 80, SYN, sec(1)));
        long id = f.id();
        table.lookup(tcp(S, 80, C, 40000, RST | ACK, sec(1.1)));
        assertEquals(Flow.TcpState.CLOSED, f.tcpState());
        List<Flow.EndReason> ended = new ArrayList<>();
        table.onFlowEnd(x -> ended.add(x.endReason()));
        Flow g = table.lookup(tcp(C, 40000, S, 80, SYN, sec(1.2)));
        assertNotEquals(id, g.id());
        assertEquals(Flow.TcpState.SYN_SENT, g.tcpState());
        assertEquals(List.of(Flow.EndReason.REUSED), ended);
        assertEquals(1, table.reused());
        assertEquals(1, table.active());
    }

    @Test
    void finFromBothSidesCloses() {
        Flow f = handshake(table, sec(1));
        table.lookup(tcp(C, 40000, S, 80, FIN | ACK, sec(2)));
        assertEquals(Flow.TcpState.CLOSING, f.tcpState());
        table.lookup(tcp(S, 80, C, 40000, FIN | ACK, sec(2.1)));
        assertEquals(Flow.TcpState.CLOSED, f.tcpState());
        Flow last = table.lookup(tcp(C, 40000, S, 80, ACK, sec(2.2)));
        assertSame(f, last, "the last ACK still belongs to the closed flow");
        assertTrue(last.established());
    }

    @Test
    void lateSynOnAFlowPickedUpWithoutHandshakeStartsANewFlow() {
        Flow f = table.lookup(packet(C, 40000, S, 80, TCP, PSH | ACK, 10, sec(1)));
        long id = f.id();
        Flow g = table.lookup(tcp(C, 40000, S, 80, SYN, sec(2)));
        assertNotEquals(id, g.id());
        table.lookup(tcp(S, 80, C, 40000, SYN | ACK, sec(2.1)));
        table.lookup(tcp(C, 40000, S, 80, ACK, sec(2.2)));
        assertTrue(g.established());
    }

    @Test
    void newFlowsExpireAfterTheNewTimeout() {
        table.lookup(udp(C, 5000, S, 53, sec(100)));
        assertEquals(0, table.expire(sec(129)));
        assertEquals(1, table.active());
        assertEquals(1, table.expire(sec(131)));
        assertEquals(0, table.active());
        assertEquals(1, table.expired());
    }

    @Test
    void establishedTcpFlowsOutliveNewOnes() {
        handshake(table, sec(100));
        table.lookup(udp(C, 5000, S, 53, sec(100)));
        assertEquals(1, table.expire(sec(200)), "only the unanswered UDP flow goes");
        assertEquals(1, table.active());
        assertEquals(0, table.expire(sec(399)));
        assertEquals(1, table.expire(sec(401)));
    }

    @Test
    void closedFlowsExpireAfterTheClosedTimeout() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULTS.withTimeouts(30, 300, 30, 0));
        Flow f = handshake(t, sec(100));
        t.lookup(tcp(C, 40000, S, 80, RST, sec(101)));
        assertEquals(Flow.TcpState.CLOSED, f.tcpState());
        assertEquals(0, t.expire(sec(101)));
        assertEquals(1, t.expire(sec(101.000001)));
    }

    @Test
    void lookupOfATimedOutFlowStartsAFreshOne() {
        Flow f = table.lookup(udp(C, 5000, S, 53, sec(1)));
        table.lookup(udp(S, 53, C, 5000, sec(2)));
        long id = f.id();
        Flow g = table.lookup(udp(S, 53, C, 5000, sec(40)));
        assertNotEquals(id, g.id());
        assertFalse(g.established());
        assertTrue(g.toServer(), "the first packet of the new flow defines its client");
        assertEquals(1, table.expired());
        assertEquals(1, table.active());
    }

    @Test
    void expireDoesBoundedWorkPerCall() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULTS.withExpireBatch(3));
        for (int i = 0; i < 10; i++) {
            t.lookup(udp(C, 1000 + i, S, 53, sec(1)));
        }
        assertEquals(3, t.expire(sec(100)));
        assertEquals(7, t.active());
        assertEquals(3, t.expire(sec(100)));
        assertEquals(3, t.expire(sec(100)));
        assertEquals(1, t.expire(sec(100)));
        assertEquals(0, t.active());
    }

    @Test
    void memcapEvictsTheFlowClosestToTimeoutAndCountsIt() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULTS.withMaxFlows(4));
        List<Flow.EndReason> ended = new ArrayList<>();
        List<Integer> endedPorts = new ArrayList<>();
        t.onFlowEnd(f -> {
            ended.add(f.endReason());
            endedPorts.add(f.clientPort());
        });
        for (int i = 0; i < 4; i++) {
            t.lookup(udp(C, 1000 + i, S, 53, sec(1 + i)));
        }
        t.lookup(udp(C, 1000, S, 53, sec(5)));  // refreshes the oldest
        t.lookup(udp(C, 2000, S, 53, sec(6)));
        t.lookup(udp(C, 2001, S, 53, sec(7)));
        assertEquals(4, t.active());
        assertEquals(2, t.evicted());
        assertEquals(6, t.created());
        assertEquals(List.of(Flow.EndReason.EVICTED, Flow.EndReason.EVICTED), ended);
        assertEquals(List.of(1001, 1002), endedPorts);
    }

    @Test
    void evictionTakesAClosedFlowBeforeAnOlderEstablishedOne() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULTS.withMaxFlows(2));
        Flow est = handshake(t, sec(1));
        Flow closed = t.lookup(tcp(C, 50000, S, 80, SYN, sec(2)));
        t.lookup(tcp(S, 80, C, 50000, RST | ACK, sec(2)));
        long estId = est.id();
        long closedId = closed.id();
        List<Long> endedIds = new ArrayList<>();
        t.onFlowEnd(f -> endedIds.add(f.id()));
        t.lookup(udp(C, 5000, S, 53, sec(3)));
        assertEquals(List.of(closedId), endedIds);
        assertEquals(estId, est.id(), "the established flow survived");
    }

    @Test
    void fullTableEvictsEmbryonicFlowsBeforeAnEstablishedOneNearerItsTimeout() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULTS.withMaxFlows(3));
        Flow est = handshake(t, sec(1));
        long estId = est.id();
        // at 289 s the established flow is 12 s from its timeout, a fresh SYN 30 s: the SYNs still go first
        t.lookup(tcp(C, 50001, S, 80, SYN, sec(289)));
        t.lookup(tcp(C, 50002, S, 80, SYN, sec(289)));
        for (int i = 0; i < 10; i++) {
            t.lookup(tcp(C, 50010 + i, S, 80, SYN, sec(289)));
        }
        assertEquals(estId, est.id(), "the established flow survived");
        assertEquals(10, t.evicted());
        assertEquals(10, t.evictedEmbryonic());
        assertEquals(3, t.active());
    }

    @Test
    void fullTableOfRecentlyActiveEstablishedFlowsRefusesANewFlowAndCountsIt() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULTS.withMaxFlows(1));
        handshake(t, sec(1));
        org.junit.jupiter.api.Assertions.assertNull(t.lookup(udp(C, 5000, S, 53, sec(2))));
        assertTrue(t.lastLookupFull());
        assertEquals(1, t.memcapHits());
        assertEquals(0, t.evicted());
        // idle past the grace, the established flow may go
        org.junit.jupiter.api.Assertions.assertNotNull(t.lookup(udp(C, 5000, S, 53, sec(8))));
        assertFalse(t.lastLookupFull());
        assertEquals(1, t.evicted());
        assertEquals(0, t.evictedEmbryonic());
    }

    @Test
    void fullTableEvictsAnIdleEstablishedFlowEvenWhenAnActiveOneIsNearerItsTimeout() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULTS.withMaxFlows(2));
        Flow idle = handshake(t, sec(1));                  // TCP established: 300 s timeout
        long idleId = idle.id();
        t.lookup(udp(C, 5000, S, 53, sec(100)));
        Flow active = t.lookup(udp(S, 53, C, 5000, sec(100)));  // UDP established: 30 s timeout
        long activeId = active.id();
        List<Long> endedIds = new ArrayList<>();
        t.onFlowEnd(f -> endedIds.add(f.id()));
        // at 101 s the UDP flow (idle 1 s) is due at 130 s, the TCP flow (idle 100 s) at 301 s
        assertNotNull(t.lookup(udp(C, 6000, S, 53, sec(101))), "the idle TCP flow makes room");
        assertFalse(t.lastLookupFull());
        assertEquals(List.of(idleId), endedIds);
        assertEquals(activeId, active.id(), "the recently active flow survived");
        assertEquals(0, t.memcapHits());
    }

    @Test
    void shutdownEndsEveryFlow() {
        List<Flow.EndReason> ended = new ArrayList<>();
        table.onFlowEnd(f -> ended.add(f.endReason()));
        handshake(table, sec(1));
        table.lookup(udp(C, 5000, S, 53, sec(1)));
        table.shutdown();
        assertEquals(0, table.active());
        assertEquals(List.of(Flow.EndReason.SHUTDOWN, Flow.EndReason.SHUTDOWN), ended);
    }

    @Test
    void ipv6KeysUseAllSixteenBytes() {
        String a = "2001:db8::1";
        String b = "2001:db8::2";
        String bOther = "2001:db8:0:0:1::2";
        Flow f = table.lookup(udp(a, 5000, b, 53, sec(1)));
        Flow g = table.lookup(udp(a, 5000, bOther, 53, sec(1)));
        assertNotSame3(f, g, null);
        Flow back = table.lookup(udp(b, 53, a, 5000, sec(2)));
        assertSame(f, back);
        assertFalse(back.toServer());
        assertEquals(6, f.ipVersion());
        assertArrayEquals(addr(a), f.clientAddr());
        assertArrayEquals(addr(b), f.serverAddr());
    }

    @Test
    void ipv4AndIpv6WithTheSameLeadingBytesAreDifferentFlows() {
        Flow v4 = table.lookup(udp("32.1.13.184", 5000, "32.1.13.184", 53, sec(1)));
        Flow v6 = table.lookup(udp("2001:db8::", 5000, "2001:db8::", 53, sec(1)));
        assertNotSame3(v4, v6, null);
    }

    @Test
    void vlansSeparateFlowsUnlessTrackingIsOff() {
        Packet p1 = udp(C, 5000, S, 53, sec(1));
        p1.vlanCount = 1;
        p1.vlanIds[0] = 10;
        Flow f = table.lookup(p1);
        Packet p2 = udp(S, 53, C, 5000, sec(1));
        p2.vlanCount = 1;
        p2.vlanIds[0] = 20;
        assertNotSame3(f, table.lookup(p2), null);

        FlowTable t = new FlowTable(FlowConfig.DEFAULTS.withVlanInKey(false));
        assertSame(t.lookup(p1), t.lookup(p2));
    }

    @Test
    void flowIdIsStablePerFlowAndDistinctAcrossFlows() {
        Set<Long> ids = new HashSet<>();
        FlowTable t = new FlowTable(FlowConfig.DEFAULTS.withMaxFlows(20_000));
        Packet p = new Packet();
        for (int i = 0; i < 10_000; i++) {
            Flow f = t.lookup(TestPackets.fill(p, C, 1024 + i, S, 80, UDP, 0, 0, sec(1)));
            long id = f.id();
            assertTrue(id > 0 && id < (1L << 51), "id " + id);
            assertTrue(ids.add(id), "duplicate id " + id);
            assertEquals(id, t.lookup(TestPackets.fill(p, S, 80, C, 1024 + i, UDP, 0, 0, sec(2))).id());
        }
        // ids look random, not sequential
        Long[] sorted = ids.toArray(new Long[0]);
        assertTrue(Math.abs(sorted[0] - sorted[1]) > 1000 || Math.abs(sorted[1] - sorted[2]) > 1000);
    }

    @Test
    void idScrambleIsABijectionOnASample() {
        Set<Long> seen = new HashSet<>();
        for (long x = 0; x < 100_000; x++) {
            assertTrue(seen.add(FlowTable.scramble(x)));
        }
        assertTrue(seen.add(FlowTable.scramble((1L << 51) - 1)));
    }

    @Test
    void keyIsCopiedOutOfTheReusedFrame() {
        Packet p = new Packet();
        Flow f = table.lookup(TestPackets.fill(p, C, 5000, S, 53, UDP, 0, 0, sec(1)));
        TestPackets.fill(p, "172.16.5.5", 1, "172.16.6.6", 2, UDP, 0, 0, sec(1));
        assertArrayEquals(addr(C), Arrays.copyOf(f.clientAddr(), 4));
        assertSame(f, table.lookup(TestPackets.fill(p, S, 53, C, 5000, UDP, 0, 0, sec(2))));
    }

    @Test
    void flowbitsGrowAndAreClearedWhenAFlowIsRecycled() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULTS.withMaxFlows(1));
        Flow f = t.lookup(udp(C, 5000, S, 53, sec(1)));
        f.setBit(3);
        f.setBit(200);
        assertTrue(f.isBitSet(3));
        assertTrue(f.isBitSet(200));
        assertFalse(f.isBitSet(4));
        assertFalse(f.isBitSet(5000));
        f.clearBit(3);
        f.clearBit(5000);
        assertFalse(f.isBitSet(3));
        f.appState = "x";
        f.markDropped();
        Flow g = t.lookup(udp(C, 5001, S, 53, sec(2)));
        assertSame(f, g, "the only flow object was recycled");
        assertFalse(g.isBitSet(200));
        assertNull(g.appState);
        assertFalse(g.dropped());
        assertEquals(1, t.evicted());
    }

    @Test
    void manyFlowsInOneTableStayFindable() {
        FlowTable t = new FlowTable(FlowConfig.DEFAULTS.withMaxFlows(5000));
        Packet p = new Packet();
        Flow[] flows = new Flow[5000];
        long[] ids = new long[5000];
        for (int i = 0; i < 5000; i++) {
            String src = "10.1." + (i / 250) + "." + (i % 250 + 1);
            flows[i] = t.lookup(TestPackets.fill(p, src, 30000 + i % 7, S, 443, TCP, SYN, 0, sec(1)));
            ids[i] = flows[i].id();
        }
        for (int i = 0; i < 5000; i++) {
            String src = "10.1." + (i / 250) + "." + (i % 250 + 1);
            Flow f = t.lookup(TestPackets.fill(p, S, 443, src, 30000 + i % 7, TCP, SYN | ACK, 0, sec(2)));
            assertEquals(ids[i], f.id());
            assertFalse(f.toServer());
        }
        assertEquals(5000, t.active());
        assertEquals(0, t.evicted());
    }

    @Test
    void lookupAllocatesNothingOnceWarm() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean smx = (com.sun.management.ThreadMXBean) mx;
        assumeTrue(smx.isThreadAllocatedMemorySupported() && smx.isThreadAllocatedMemoryEnabled());
        FlowTable t = new FlowTable(FlowConfig.DEFAULTS.withMaxFlows(64));
        Packet[] ps = new Packet[128];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = udp("10.9.0." + (i % 100 + 1), 1000 + i, S, 53, sec(1));
        }
        for (int round = 0; round < 200; round++) {     // warm: every flow object exists, JIT ran
            for (Packet p : ps) {
                t.lookup(p);
            }
        }
        long tid = Thread.currentThread().getId();
        long before = smx.getThreadAllocatedBytes(tid);
        for (int round = 0; round < 100; round++) {
            for (Packet p : ps) {
                t.lookup(p);     // 128 keys into 64 slots: every lookup evicts and recycles
            }
        }
        long after = smx.getThreadAllocatedBytes(tid);
        assertTrue(t.evicted() > 10_000);
        assertTrue(after - before < 1024, "allocated " + (after - before) + " bytes in 12800 lookups");
    }

    private static Flow handshake(FlowTable t, long ts) {
        Flow f = t.lookup(tcp(C, 40000, S, 80, SYN, ts));
        t.lookup(tcp(S, 80, C, 40000, SYN | ACK, ts + 1000));
        t.lookup(tcp(C, 40000, S, 80, ACK, ts + 2000));
        assertTrue(f.established());
        return f;
    }

    private static void assertNotSame3(Flow a, Flow b, Flow c) {
        assertNotNull(a);
        assertNotNull(b);
        Set<Long> ids = new HashSet<>();
        ids.add(a.id());
        ids.add(b.id());
        if (c != null) {
            ids.add(c.id());
        }
        assertEquals(c == null ? 2 : 3, ids.size());
    }
}
