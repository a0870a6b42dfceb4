package dev.sluice.capture.netns;

import com.sun.jna.Native;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A named network namespace ({@code ip netns}), made for tests and demos: created on
 * {@link #create(String)}, deleted on {@link #close()} or, failing that, when the JVM exits.
 *
 * <p>Commands run inside it with {@link #exec(String...)}; a Java thread moves into it with
 * {@link #enterOnThisThread(String)}, after which the sockets that thread creates (an NFQUEUE
 * netlink socket, a ServerSocket) belong to the namespace. Needs root (or CAP_SYS_ADMIN and
 * CAP_NET_ADMIN) and iproute2.
 */
public final class NetNs implements AutoCloseable {
    /** Time allowed for one {@code ip}/{@code iptables} command. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
    private static final String NETNS_DIR = "/var/run/netns/";
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile boolean hookAdded;

    private final String name;
    private volatile boolean closed;

    private NetNs(String name) {
        this.name = name;
    }

    /** Creates namespace {@code name} with its loopback up. */
    public static NetNs create(String name) throws IOException {
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("bad namespace name: " + name);
        }
        addShutdownHook();
        run(COMMAND_TIMEOUT, "ip", "netns", "add", name);
        LIVE.add(name);
        NetNs ns = new NetNs(name);
        try {
            ns.exec("ip", "link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** Creates a namespace named {@code prefix} plus a random suffix. */
    public static NetNs createUnique(String prefix) throws IOException {
        return create(prefix + Long.toHexString(RANDOM.nextLong() & 0xffffffffffL));
    }

    public String name() {
        return name;
    }

    /** Runs {@code cmd} inside the namespace and returns its standard output; fails on a non-zero exit. */
    public String exec(String... cmd) throws IOException {
        return run(COMMAND_TIMEOUT, withPrefix(cmd));
    }

    /** Starts {@code cmd} inside the namespace; the caller waits for or destroys it. */
    public Process start(String... cmd) throws IOException {
        return new ProcessBuilder(withPrefix(cmd)).redirectErrorStream(false).start();
    }

    /**
     * Links this namespace to {@code other} with a veth pair and addresses both ends.
     *
     * @param here      interface name on this side, e.g. {@code "veth-a"}
     * @param hereCidr  address on this side, e.g. {@code "10.99.0.1/24"}
     * @param there     interface name in {@code other}
     * @param thereCidr address in {@code other}
     */
    public void linkTo(NetNs other, String here, String hereCidr, String there, String thereCidr) throws IOException {
        run(COMMAND_TIMEOUT, "ip", "link", "add", here, "netns", name, "type", "veth", "peer", "name", there,
                "netns", other.name);
        exec("ip", "addr", "add", hereCidr, "dev", here);
        exec("ip", "link", "set", here, "up");
        other.exec("ip", "addr", "add", thereCidr, "dev", there);
        other.exec("ip", "link", "set", there, "up");
    }

    /** Moves the calling thread into this namespace; see {@link #enterOnThisThread(String)}. */
    public Entered enter() throws IOException {
        return enterOnThisThread(name);
    }

    /**
     * Moves the calling thread (only it) into namespace {@code name}: sockets it opens from now on
     * live there, and so do threads and processes it starts (they inherit it), including
     * {@link #run(Duration, String...)}. Sockets keep their namespace after the thread leaves.
     * Closing the result moves the thread back where it was.
     */
    public static Entered enterOnThisThread(String name) throws IOException {
        int back = NsLibC.open("/proc/thread-self/ns/net", NsLibC.O_RDONLY | NsLibC.O_CLOEXEC);
        if (back < 0) {
            throw new IOException("cannot open this thread's network namespace: " + errno());
        }
        try {
            switchTo(NETNS_DIR + name, "namespace " + name);
        } catch (IOException e) {
            NsLibC.close(back);
            throw e;
        }
        return new Entered(back, Thread.currentThread());
    }

    private static void switchTo(String path, String what) throws IOException {
        int fd = NsLibC.open(path, NsLibC.O_RDONLY | NsLibC.O_CLOEXEC);
        if (fd < 0) {
            throw new IOException("cannot open " + what + " (" + path + "): " + errno());
        }
        try {
            if (NsLibC.setns(fd, NsLibC.CLONE_NEWNET) < 0) {
                throw new IOException("setns into " + what + " failed: " + errno());
            }
        } finally {
            NsLibC.close(fd);
        }
    }

    /** Deletes the namespace (processes still inside keep it alive until they exit). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LIVE.remove(name);
        delete(name);
    }

    /** Runs a host command, waiting at most {@code timeout}; returns its standard output. */
    public static String run(Duration timeout, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> copy(p.getInputStream(), out), "netns-cmd-output");
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out after " + timeout.toSeconds() + "s: " + String.join(" ", cmd));
            }
            reader.join(timeout.toMillis());
            String text;
            synchronized (out) {
                text = out.toString(StandardCharsets.UTF_8);
            }
            if (p.exitValue() != 0) {
                throw new IOException("exit " + p.exitValue() + ": " + String.join(" ", cmd) + ": " + text.strip());
            }
            return text;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (out) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // the process went away; what was read is kept
        }
    }

    private String[] withPrefix(String... cmd) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
        all.addAll(Arrays.asList(cmd));
        return all.toArray(String[]::new);
    }

    private static void delete(String name) {
        try {
            run(COMMAND_TIMEOUT, "ip", "netns", "del", name);
        } catch (IOException e) {
            // Already gone, or ip is missing: nothing more to do.
        }
    }

    private static synchronized void addShutdownHook() {
        if (hookAdded) {
            return;
        }
        hookAdded = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (String n : LIVE.toArray(String[]::new)) {
                delete(n);
            }
        }, "netns-cleanup"));
    }

    private static String errno() {
        int e = Native.getLastError();
        return NsLibC.strerror(e) + " (errno " + e + ")";
    }

    /** A thread's stay in a namespace; {@link #close()} (on the same thread) returns it to where it was. */
    public static final class Entered implements AutoCloseable {
        private final int back;
        private final Thread thread;
        private boolean closed;

        private Entered(int back, Thread thread) {
            this.back = back;
            this.thread = thread;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("leave a namespace on the thread that entered it");
            }
            closed = true;
            try {
                if (NsLibC.setns(back, NsLibC.CLONE_NEWNET) < 0) {
                    throw new UncheckedIOException(new IOException("setns back failed: " + errno()));
                }
            } finally {
                NsLibC.close(back);
            }
        }
    }
}
