package dev.sluice.capture.netns;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetNsTest {
    @BeforeEach
    void needsRootAndIproute() {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
                "iproute2 is not installed");
    }

    private static String threadNs() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
    }

    @Test
    void closeDeletesTheNamespace() throws Exception {
        NetNs ns = NetNs.createUnique("sluice-t-");
        try {
            assertTrue(NetNs.run(Duration.ofSeconds(10), "ip", "netns", "list").contains(ns.name()));
            assertTrue(ns.exec("ip", "-o", "link", "show", "lo").contains("UP"), "loopback is up");
        } finally {
            ns.close();
        }
        assertFalse(NetNs.run(Duration.ofSeconds(10), "ip", "netns", "list").contains(ns.name()));
        assertFalse(Files.exists(Path.of("/var/run/netns", ns.name())));
    }

    @Test
    void enterMovesOnlyThisThreadAndCloseMovesItBack() throws Exception {
        try (NetNs ns = NetNs.createUnique("sluice-t-")) {
            String host = threadNs();
            String inside = ns.exec("readlink", "/proc/self/ns/net").strip();
            assertNotEquals(host, inside);
            // A thread already running stays where it is (threads started from inside would start inside).
            CompletableFuture<String> other = new CompletableFuture<>();
            java.util.concurrent.CountDownLatch look = new java.util.concurrent.CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    look.await();
                    other.complete(threadNs());
                } catch (Exception e) {
                    other.completeExceptionally(e);
                }
            });
            t.start();
            try (NetNs.Entered ignored = ns.enter()) {
                assertEquals(inside, threadNs());
                look.countDown();
                t.join();
            }
            assertEquals(host, threadNs());
            assertEquals(host, other.get(), "another thread stays where it was");
        }
    }

    @Test
    void socketsOpenedInsideLiveInTheNamespace() throws Exception {
        try (NetNs ns = NetNs.createUnique("sluice-t-")) {
            ServerSocket ss = new ServerSocket();
            try (ServerSocket closeLater = ss) {
                try (NetNs.Entered ignored = ns.enter()) {
                    // Bound while inside; the socket stays in the namespace after the thread leaves.
                    ss.bind(new InetSocketAddress("127.0.0.1", 0));
                }
                int port = ss.getLocalPort();
                // Processes inherit the thread's namespace, so the host view is taken after leaving.
                String inside = ns.exec("ss", "-Hltn");
                String host = NetNs.run(Duration.ofSeconds(10), "ss", "-Hltn");
                assertTrue(inside.contains(":" + port + " "), inside);
                assertFalse(host.contains(":" + port + " "), host);
            }
        }
    }

    @Test
    void execFailureSaysTheExitCode() throws Exception {
        try (NetNs ns = NetNs.createUnique("sluice-t-")) {
            IOException e = assertThrows(IOException.class, () -> ns.exec("sh", "-c", "echo nope; exit 3"));
            assertTrue(e.getMessage().startsWith("exit 3"), e.getMessage());
            assertTrue(e.getMessage().contains("nope"), e.getMessage());
        }
    }

    @Test
    void enterUnknownNamespaceFails() {
        IOException e = assertThrows(IOException.class, () -> NetNs.enterOnThisThread("sluice-t-absent-0"));
        assertTrue(e.getMessage().contains("sluice-t-absent-0"), e.getMessage());
    }

    @Test
    void refusesNamesThatAreNotPlain() {
        assertThrows(IllegalArgumentException.class, () -> NetNs.create("../etc"));
    }

    @Test
    void linkToJoinsTwoNamespacesWithAVethPair() throws Exception {
        try (NetNs a = NetNs.createUnique("sluice-t-"); NetNs b = NetNs.createUnique("sluice-t-")) {
            a.linkTo(b, "sl-a", "10.231.7.1/30", "sl-b", "10.231.7.2/30");
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread server = new Thread(() -> {
                try (NetNs.Entered ignored = b.enter(); ServerSocket ss = new ServerSocket()) {
                    ss.bind(new InetSocketAddress("10.231.7.2", 0));
                    ss.setSoTimeout(10_000);
                    port.complete(ss.getLocalPort());
                    try (Socket s = ss.accept()) {
                        s.getOutputStream().write(42);
                    }
                } catch (Exception e) {
                    port.completeExceptionally(e);
                }
            });
            server.start();
            int p = port.get(10, TimeUnit.SECONDS);
            try (NetNs.Entered ignored = a.enter(); Socket s = new Socket()) {
                s.connect(new InetSocketAddress("10.231.7.2", p), 5000);
                s.setSoTimeout(5000);
                assertEquals(42, s.getInputStream().read());
            }
            server.join(10_000);
        }
    }
}
