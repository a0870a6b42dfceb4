package dev.sluice.capture.nfq;

import dev.sluice.capture.Frame;
import dev.sluice.capture.Verdict;
import dev.sluice.capture.netns.NetNs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Shared pieces of the kernel tests: skipping, threads inside a namespace, a queue worker, a TCP exchange. */
final class QueueFixture {
    static final int QUEUE = 7;

    private QueueFixture() {
    }

    /** Skips the calling test unless NFQUEUE can really be used (root, library present). */
    static void assumeKernelQueue() {
        assumeTrue(LibNfq.loadFailure() == null, "libnetfilter_queue.so.1 is not installed");
        assumeTrue(LibC.geteuid() == 0, "NFQUEUE tests need root");
    }

    /** Runs {@code body} on a new thread that has entered {@code ns}. */
    static <T> Future<T> inNs(NetNs ns, String threadName, Callable<T> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (NetNs.Entered ignored = ns.enter()) {
                result.complete(body.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return result;
    }

    static <T> T await(Future<T> f, long seconds) throws Exception {
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        } catch (TimeoutException e) {
            f.cancel(true);
            throw e;
        }
    }

    /** What the kernel says about {@link #QUEUE} in {@code ns}, read from outside the process. */
    static NfqKernelStats kernelStats(NetNs ns) throws IOException {
        return NfqKernelStats.find(ns.exec("cat", "/proc/net/netfilter/nfnetlink_queue"), QUEUE);
    }

    /**
     * A worker thread in a namespace: opens the queue, hands each frame to {@code check} and gives the
     * verdict {@code decide} picks, until stopped or {@code maxPackets} were seen.
     */
    static final class Worker {
        final CountDownLatch opened = new CountDownLatch(1);
        /** The worker reads nothing before this opens (tests that queue packets first hold it). */
        final CountDownLatch go = new CountDownLatch(1);
        final Future<Long> done;
        volatile NfqueueHandle handle;

        interface Check {
            void frame(Frame f);
        }

        /** Gives the frame its verdict on the handle. */
        interface Decide {
            void verdict(Frame f, NfqueueHandle h);
        }

        static final Decide ACCEPT_ALL = (f, h) -> h.verdict(f.id, Verdict.ACCEPT, 0);

        Worker(NetNs ns, NfqConfig cfg, long maxPackets, Check check, Decide decide) {
            this(ns, cfg, maxPackets, check, decide, true);
        }

        Worker(NetNs ns, NfqConfig cfg, long maxPackets, Check check, Decide decide, boolean start) {
            if (start) {
                go.countDown();
            }
            done = inNs(ns, "nfq-worker", () -> {
                long n = 0;
                try (NfqueueHandle h = Nfqueue.open(cfg)) {
                    handle = h;
                    opened.countDown();
                    if (!go.await(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("worker never told to start");
                    }
                    Frame f = new Frame();
                    while (n < maxPackets && h.next(f)) {
                        n++;
                        check.frame(f);
                        decide.verdict(f, h);
                    }
                    h.flush();
                } finally {
                    opened.countDown();
                }
                return n;
            });
        }

        NfqueueHandle awaitOpen() throws Exception {
            if (!opened.await(10, TimeUnit.SECONDS) || handle == null) {
                await(done, 1);
                throw new IllegalStateException("queue did not open");
            }
            return handle;
        }

        long stopAndJoin() throws Exception {
            NfqueueHandle h = handle;
            if (h != null) {
                h.stop();
            }
            return await(done, 10);
        }
    }

    /** Starts an echo server in {@code ns} on 127.0.0.1 and returns its port; it serves one client. */
    static int startEchoServer(NetNs ns) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        inNs(ns, "echo-server", () -> {
            try (ServerSocket ss = new ServerSocket()) {
                ss.bind(new InetSocketAddress("127.0.0.1", 0));
                ss.setSoTimeout(20_000);
                port.complete(ss.getLocalPort());
                try (Socket s = ss.accept()) {
                    s.setSoTimeout(20_000);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    byte[] buf = new byte[16 * 1024];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        out.write(buf, 0, n);
                    }
                    s.shutdownOutput();
                }
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
            return null;
        });
        return port.get(10, TimeUnit.SECONDS);
    }

    /** Connects from inside {@code ns}, sends {@code data}, and returns what the echo server sent back. */
    static byte[] exchange(NetNs ns, int port, byte[] data, int connectTimeoutMillis) throws Exception {
        return await(inNs(ns, "client", () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), connectTimeoutMillis);
                s.setSoTimeout(15_000);
                CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                    try {
                        return s.getInputStream().readAllBytes();
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                s.getOutputStream().write(data);
                s.shutdownOutput();
                return back.get(20, TimeUnit.SECONDS);
            }
        }), 30);
    }

    /** Problems with a frame that should hold an IPv4 packet between two loopback addresses, or null. */
    static String ipv4Problem(Frame f, int protocol) {
        if (f.linkType != Frame.LINK_RAW) {
            return "link type " + f.linkType;
        }
        if (f.length < 20) {
            return "short packet " + f.length;
        }
        byte[] d = f.data;
        int version = (d[0] & 0xff) >> 4;
        int ihl = (d[0] & 0x0f) * 4;
        int total = (d[2] & 0xff) << 8 | (d[3] & 0xff);
        if (version != 4 || ihl < 20) {
            return "version " + version + " ihl " + ihl;
        }
        // The kernel copies at most 65531 bytes (NFQA_PAYLOAD's 16-bit length); the rest shows in wireLength.
        boolean whole = f.length == f.wireLength;
        boolean cut = f.length == NfqWire.MAX_COPY_RANGE && f.wireLength > f.length;
        if (total != f.wireLength || !(whole || cut)) {
            return "total length " + total + " vs captured " + f.length + " wire " + f.wireLength;
        }
        if ((d[9] & 0xff) != protocol) {
            return "protocol " + (d[9] & 0xff);
        }
        if (d[12] != 127 || d[16] != 127) {
            return "addresses " + (d[12] & 0xff) + ".x -> " + (d[16] & 0xff) + ".x";
        }
        if (f.queue != QUEUE) {
            return "queue " + f.queue;
        }
        long now = System.currentTimeMillis() / 1000;
        if (Math.abs(f.tsSeconds - now) > 3600 || f.tsNanos < 0 || f.tsNanos >= 1_000_000_000) {
            return "timestamp " + f.tsSeconds + "." + f.tsNanos;
        }
        return null;
    }

    /** Destination port of a TCP/UDP packet in {@code f} (IPv4). */
    static int dstPort(Frame f) {
        int ihl = (f.data[0] & 0x0f) * 4;
        return (f.data[ihl + 2] & 0xff) << 8 | (f.data[ihl + 3] & 0xff);
    }
}
