package dev.sluice.engine.pipeline;

import dev.sluice.capture.Frame;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowDispatchTest {
    private static final int WORKERS = 4;

    /** An Ethernet frame (optionally with a VLAN tag) carrying IPv4 {@code src -> dst}, TCP ports, fragment offset. */
    private static Frame ipv4(int src, int dst, int sport, int dport, int fragOffset, boolean vlan) {
        byte[] b = new byte[14 + (vlan ? 4 : 0) + 20 + 20];
        int o = 12;
        if (vlan) {
            b[o] = (byte) 0x81;
            b[o + 2] = 0;
            b[o + 3] = 7;
            o += 4;
        }
        b[o] = 0x08;
        o += 2;
        b[o] = 0x45;
        b[o + 6] = (byte) (fragOffset >>> 8);
        b[o + 7] = (byte) fragOffset;
        b[o + 9] = 6;
        put32(b, o + 12, src);
        put32(b, o + 16, dst);
        b[o + 20] = (byte) (sport >>> 8);
        b[o + 21] = (byte) sport;
        b[o + 22] = (byte) (dport >>> 8);
        b[o + 23] = (byte) dport;
        Frame f = new Frame(64);
        System.arraycopy(b, 0, f.data, 0, b.length);
        f.length = b.length;
        f.linkType = Frame.LINK_ETHERNET;
        return f;
    }

    private static Frame ipv6(byte[] src, byte[] dst) {
        Frame f = new Frame(128);
        f.linkType = Frame.LINK_RAW;
        f.data[0] = 0x60;
        f.data[6] = 44;    // a fragment header follows
        System.arraycopy(src, 0, f.data, 8, 16);
        System.arraycopy(dst, 0, f.data, 24, 16);
        f.length = 48;
        return f;
    }

    private static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    @Test
    void bothDirectionsAndAllFragmentsOfAPairReachOneWorker() {
        Random rnd = new Random(11);
        for (int i = 0; i < 2000; i++) {
            int a = rnd.nextInt();
            int b = rnd.nextInt();
            int sp = rnd.nextInt(65536);
            int dp = rnd.nextInt(65536);
            int w = FlowDispatch.workerOf(ipv4(a, b, sp, dp, 0, false), WORKERS);
            assertEquals(w, FlowDispatch.workerOf(ipv4(b, a, dp, sp, 0, false), WORKERS), "reply direction");
            assertEquals(w, FlowDispatch.workerOf(ipv4(a, b, 0, 0, 185, false), WORKERS), "later fragment, no ports");
            assertEquals(w, FlowDispatch.workerOf(ipv4(b, a, sp + 1, dp, 0, true), WORKERS), "tagged, another flow of the pair");
        }
    }

    @Test
    void ipv6PairsAreSymmetric() {
        Random rnd = new Random(5);
        for (int i = 0; i < 500; i++) {
            byte[] a = new byte[16];
            byte[] b = new byte[16];
            rnd.nextBytes(a);
            rnd.nextBytes(b);
            assertEquals(FlowDispatch.workerOf(ipv6(a, b), WORKERS), FlowDispatch.workerOf(ipv6(b, a), WORKERS));
        }
    }

    @Test
    void spreadsManyPairsOverAllWorkers() {
        Random rnd = new Random(3);
        int[] per = new int[WORKERS];
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            // Client addresses from one /8, servers from one /20, as in a typical capture.
            int client = (10 << 24) | rnd.nextInt(1 << 24);
            int server = (172 << 24) | (16 << 16) | rnd.nextInt(1 << 12);
            per[FlowDispatch.workerOf(ipv4(client, server, 1, 2, 0, false), WORKERS)]++;
        }
        for (int c : per) {
            assertTrue(Math.abs(c - n / WORKERS) < n / WORKERS / 10, "each worker gets about a quarter: " + java.util.Arrays.toString(per));
        }
    }

    @Test
    void framesWithoutIpGoToTheFirstWorker() {
        Frame arp = new Frame(64);
        arp.data[12] = 0x08;
        arp.data[13] = 0x06;
        arp.length = 42;
        assertEquals(0, FlowDispatch.workerOf(arp, WORKERS));
        Frame runt = new Frame(64);
        runt.length = 6;
        assertEquals(0, FlowDispatch.workerOf(runt, WORKERS));
    }
}
