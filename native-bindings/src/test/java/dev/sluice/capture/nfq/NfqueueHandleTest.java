package dev.sluice.capture.nfq;

import dev.sluice.capture.Verdict;
import dev.sluice.capture.netns.NetNs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sluice.capture.nfq.QueueFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/** Real NFQUEUE queues, each test in network namespaces of its own (root only). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NfqueueHandleTest {
    private static final String QN = Integer.toString(QUEUE);

    @BeforeEach
    void needsKernelQueue() {
        assumeKernelQueue();
    }

    @Test
    void unavailableReasonIsNullForRootWithTheLibrary() throws Exception {
        try (NetNs ns = NetNs.createUnique("sluice-t-")) {
            assertNull(Nfqueue.unavailableReason());
            // Also from inside a namespace of our own, where the probe binds its queue.
            assertNull(await(inNs(ns, "probe", Nfqueue::unavailableReason), 10));
        }
    }

    @Test
    void acceptedTcpExchangeArrivesIntactAndEveryPacketIsSeen() throws Exception {
        try (NetNs ns = NetNs.createUnique("sluice-t-")) {
            ns.exec("iptables", "-A", "INPUT", "-p", "tcp", "-j", "NFQUEUE", "--queue-num", QN);
            List<String> problems = new CopyOnWriteArrayList<>();
            Worker w = new Worker(ns, NfqConfig.of(QUEUE), Long.MAX_VALUE, f -> {
                String p = ipv4Problem(f, 6);
                if (p != null) {
                    problems.add(p);
                }
            }, Worker.ACCEPT_ALL);
            NfqueueHandle h = w.awaitOpen();
            int port = startEchoServer(ns);
            byte[] data = new byte[300_000];
            new Random(42).nextBytes(data);

            byte[] back = exchange(ns, port, data, 5000);

            assertArrayEquals(data, back);
            NfqKernelStats k = kernelStats(ns);
            long seen = w.stopAndJoin();
            assertEquals(List.of(), problems);
            assertTrue(seen >= 6, "handshake, data and close should all pass the queue, saw " + seen);
            assertEquals(k.idSequence(), seen, "every queued packet reached next()");
            assertEquals(0, k.queueTotal(), "no packet left waiting");
            assertEquals(0, k.queueDropped() + k.userDropped());
            assertEquals(seen, h.verdicts());
            assertEquals(0, h.verdictErrors());
            assertEquals(0, h.malformed());
        }
    }

    @Test
    void droppedPortCannotConnectWhileAnotherPortWorks() throws Exception {
        try (NetNs ns = NetNs.createUnique("sluice-t-")) {
            ns.exec("iptables", "-A", "INPUT", "-p", "tcp", "-j", "NFQUEUE", "--queue-num", QN);
            int blocked = startEchoServer(ns);
            int open = startEchoServer(ns);
            AtomicInteger drops = new AtomicInteger();
            Worker w = new Worker(ns, NfqConfig.of(QUEUE), Long.MAX_VALUE, f -> { }, (f, h) -> {
                if (dstPort(f) == blocked) {
                    drops.incrementAndGet();
                    h.verdict(f.id, Verdict.DROP, 0);
                } else {
                    h.verdict(f.id, Verdict.ACCEPT, 0);
                }
            });
            w.awaitOpen();

            Exception e = assertThrows(Exception.class, () -> exchange(ns, blocked, new byte[10], 1500));
            assertInstanceOf(SocketTimeoutException.class, e, "connect to the dropped port should time out");
            byte[] data = "still open".getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(data, exchange(ns, open, data, 5000));

            NfqKernelStats k = kernelStats(ns);
            w.stopAndJoin();
            assertTrue(drops.get() >= 1, "the SYN to the blocked port was dropped");
            assertEquals(0, k.queueTotal(), "no packet left waiting");
        }
    }

    @Test
    void thousandSmallPacketsAreAcceptedInBatchesAndNoneIsLeftWaiting() throws Exception {
        final int count = 1000;
        final int udpPort = 5555;
        try (NetNs ns = NetNs.createUnique("sluice-t-")) {
            ns.exec("iptables", "-A", "INPUT", "-p", "udp", "--dport", Integer.toString(udpPort),
                    "-j", "NFQUEUE", "--queue-num", QN);
            Process receiver = startUdpReceiver(ns, udpPort, count);
            try {
                BufferedReader out = linesOf(receiver);
                assertEquals("ready", out.readLine());
                Worker w = new Worker(ns, NfqConfig.of(QUEUE), Long.MAX_VALUE, f -> { }, Worker.ACCEPT_ALL, false);
                NfqueueHandle h = w.awaitOpen();
                // Queue every packet before the worker can drain them, so its reads find them waiting.
                sendUdp(ns, udpPort, 0, count, 16);
                assertEquals(count, kernelStats(ns).queueTotal(), "all queued before the worker reads");
                w.go.countDown();

                assertEquals(Integer.toString(count), out.readLine(), "datagrams that reached the receiver");
                assertTrue(receiver.waitFor(10, TimeUnit.SECONDS));
                NfqKernelStats k = kernelStats(ns);
                long seen = w.stopAndJoin();

                assertEquals(count, seen);
                assertEquals(count, k.idSequence());
                assertEquals(0, k.queueTotal(), "no packet left waiting");
                assertEquals(0, k.queueDropped() + k.userDropped());
                assertEquals(count, h.verdicts());
                assertTrue(h.batches() >= 10, "batch messages: " + h.batches());
                assertTrue(h.sends() <= 40, "sends: " + h.sends());
                assertEquals(0, h.verdictErrors());
            } finally {
                receiver.destroyForcibly();
            }
        }
    }

    @Test
    void packetsFailedOpenOnAFullSocketBufferAreCountedAsMissed() throws Exception {
        final int burst = 300;
        final int udpPort = 5556;
        try (NetNs ns = NetNs.createUnique("sluice-t-")) {
            ns.exec("iptables", "-A", "INPUT", "-p", "udp", "--dport", Integer.toString(udpPort),
                    "-j", "NFQUEUE", "--queue-num", QN);
            Process receiver = startUdpReceiver(ns, udpPort, burst + 1);
            try {
                BufferedReader out = linesOf(receiver);
                assertEquals("ready", out.readLine());
                // A socket buffer that holds a few packets of 1 KB: the rest of the burst fails open.
                NfqConfig cfg = NfqConfig.of(QUEUE).withReceiveBuffer(16 * 1024);
                Worker w = new Worker(ns, cfg, Long.MAX_VALUE, f -> { }, Worker.ACCEPT_ALL, false);
                NfqueueHandle h = w.awaitOpen();
                sendUdp(ns, udpPort, 0, burst, 1000);
                // Loopback delivery may lag behind the send calls: wait (bounded) until all are numbered.
                long numbered = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (kernelStats(ns).idSequence() < burst && System.nanoTime() < numbered) {
                    Thread.sleep(10);
                }
                NfqKernelStats held = kernelStats(ns);
                assertEquals(burst, held.idSequence(), "every packet of the burst was numbered");
                assertTrue(held.queueTotal() < burst / 2, "most of the burst did not fit: " + held.queueTotal());
                w.go.countDown();
                // Once the held packets have their verdicts, one more shows the gap in the ids.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (h.verdicts() < held.queueTotal() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                sendUdp(ns, udpPort, burst, 1, 1000);

                assertEquals(Integer.toString(burst + 1), out.readLine(), "fail-open let every datagram through");
                assertTrue(receiver.waitFor(10, TimeUnit.SECONDS));
                NfqKernelStats k = kernelStats(ns);
                long seen = w.stopAndJoin();

                assertEquals(burst + 1, k.idSequence());
                assertEquals(held.queueTotal() + 1, seen, "the held packets and the last one reached next()");
                assertEquals(burst + 1 - seen, h.missed(), "every numbered packet is either seen or missed");
                assertEquals(0, k.queueDropped() + k.userDropped(), "the kernel counts fail-open passes nowhere");
            } finally {
                receiver.destroyForcibly();
            }
        }
    }

    /**
     * Starts a receiver on 127.0.0.1:{@code port} inside {@code ns}: it prints "ready", then, once
     * {@code expected} distinct datagrams came or none for 5 s, how many distinct ones (by their first
     * four bytes, the number {@link #sendUdp} writes) it got. It forces a big buffer (root) so that
     * batches reinjected at once all fit.
     */
    private static Process startUdpReceiver(NetNs ns, int port, int expected) throws Exception {
        return ns.start("python3", "-c", String.join("\n",
                "import socket",
                "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
                "s.setsockopt(socket.SOL_SOCKET, 33, 16 << 20)",
                "s.bind(('127.0.0.1', " + port + "))",
                "print('ready', flush=True)",
                "s.settimeout(5)",
                "seen = set()",
                "try:",
                "    while len(seen) < " + expected + ":",
                "        seen.add(s.recv(65535)[:4])",
                "except socket.timeout:",
                "    pass",
                "print(len(seen), flush=True)"));
    }

    private static BufferedReader linesOf(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** Sends {@code count} UDP datagrams of {@code size} bytes, numbered from {@code first}, inside {@code ns}. */
    private static void sendUdp(NetNs ns, int port, int first, int count, int size) throws Exception {
        await(inNs(ns, "sender", () -> {
            // A socket's send buffer is charged while its packets wait in the queue: spread them.
            DatagramChannel[] socks = new DatagramChannel[Math.min(count, 10)];
            for (int i = 0; i < socks.length; i++) {
                socks[i] = DatagramChannel.open();
                socks[i].connect(new InetSocketAddress("127.0.0.1", port));
            }
            ByteBuffer b = ByteBuffer.allocate(size);
            for (int i = 0; i < count; i++) {
                b.clear();
                b.putInt(0, first + i);
                socks[i % socks.length].write(b);
            }
            for (DatagramChannel c : socks) {
                c.close();
            }
            return null;
        }), 20);
    }

    @Test
    void queueBypassLetsTrafficPassWhenNobodyIsBound() throws Exception {
        try (NetNs ns = NetNs.createUnique("sluice-t-")) {
            ns.exec("iptables", "-A", "INPUT", "-p", "tcp", "-j", "NFQUEUE", "--queue-num", QN, "--queue-bypass");
            int port = startEchoServer(ns);
            byte[] data = "bypassed".getBytes(StandardCharsets.US_ASCII);

            assertArrayEquals(data, exchange(ns, port, data, 5000));

            NfqKernelStats k = kernelStats(ns);
            assertTrue(k == null || k.idSequence() == 0, "nothing was queued: " + k);
        }
    }

    @Test
    void stopFromAnotherThreadUnblocksNext() throws Exception {
        try (NetNs ns = NetNs.createUnique("sluice-t-")) {
            Worker w = new Worker(ns, NfqConfig.of(QUEUE), Long.MAX_VALUE, f -> { }, Worker.ACCEPT_ALL);
            w.awaitOpen();
            Thread.sleep(200);
            assertFalse(w.done.isDone(), "next() waits while nothing is queued");

            long t0 = System.nanoTime();
            long seen = w.stopAndJoin();

            assertEquals(0, seen);
            assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "next() returned within 2 s of stop()");
        }
    }

    @Test
    void repeatWithMarkIsTakenByTheKernelAndPassesTheMarkRule() throws Exception {
        try (NetNs ns = NetNs.createUnique("sluice-t-")) {
            ns.exec("iptables", "-A", "INPUT", "-m", "mark", "--mark", "0x1", "-j", "ACCEPT");
            ns.exec("iptables", "-A", "INPUT", "-p", "tcp", "-j", "NFQUEUE", "--queue-num", QN);
            // Half the packets name the mark, the other half leave it to the configured default.
            Worker w = new Worker(ns, NfqConfig.of(QUEUE).withDefaultMark(1), Long.MAX_VALUE, f -> { },
                    (f, h) -> h.verdict(f.id, Verdict.REPEAT, (f.id & 1) == 0 ? 1 : 0));
            NfqueueHandle h = w.awaitOpen();
            int port = startEchoServer(ns);
            byte[] data = new byte[50_000];
            new Random(7).nextBytes(data);

            assertArrayEquals(data, exchange(ns, port, data, 5000));

            NfqKernelStats k = kernelStats(ns);
            long seen = w.stopAndJoin();
            assertTrue(seen >= 6);
            assertEquals(k.idSequence(), seen, "each packet was queued once: the mark took it past the queue");
            assertEquals(0, k.queueTotal());
            assertEquals(0, h.verdictErrors());
        }
    }
}
