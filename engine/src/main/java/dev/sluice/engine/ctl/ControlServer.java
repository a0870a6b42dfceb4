package dev.sluice.engine.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Serves the control socket: one request line per connection, one answer line. The socket file
 * is made 0660 and, when a group is given, owned by it, so the service's group may control the
 * engine and nobody else may. Handlers run on a connection thread; at most {@link #MAX_CLIENTS} at once.
 */
public final class ControlServer implements AutoCloseable {
    /** One command: its answer's message (any value Jackson writes), or an exception for NOK. */
    @FunctionalInterface
    public interface Handler {
        Object handle(JsonNode arguments) throws Exception;
    }

    /** A request larger than this is refused. */
    static final int MAX_REQUEST = 64 * 1024;
    /** A client must send its request within this time. */
    static final long READ_TIMEOUT_MILLIS = 5_000;
    static final int MAX_CLIENTS = 4;

    static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final ServerSocketChannel server;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final Semaphore clients = new Semaphore(MAX_CLIENTS);
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-ctl-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final PrintStream err;
    private final Thread acceptor;
    private volatile boolean closed;

    private ControlServer(Path path, ServerSocketChannel server, PrintStream err) {
        this.path = path;
        this.server = server;
        this.err = err;
        this.acceptor = new Thread(this::acceptLoop, "sluice-ctl");
        this.acceptor.setDaemon(true);
        handlers.put("command-list", a -> handlers.keySet().stream().sorted().toList());
    }

    /**
     * Binds {@code path} (creating its folder), sets it 0660 and group {@code group} (null: the
     * process's own) and starts serving. A socket file left by a dead engine is replaced; one that
     * a live engine answers on is an error.
     */
    public static ControlServer start(Path path, String group, PrintStream err) throws IOException {
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        if (Files.exists(abs)) {
            if (ControlClient.answers(abs)) {
                throw new IOException(abs + ": another engine is listening on this control socket");
            }
            Files.delete(abs);
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(abs));
            Files.setPosixFilePermissions(abs, PosixFilePermissions.fromString("rw-rw----"));
            if (group != null && !group.isBlank()) {
                GroupPrincipal g = abs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
                Files.getFileAttributeView(abs, PosixFileAttributeView.class).setGroup(g);
            }
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(abs);
            throw new IOException(abs + ": cannot serve the control socket: " + e.getMessage(), e);
        }
        ControlServer s = new ControlServer(abs, ch, err);
        s.acceptor.start();
        return s;
    }

    /** Adds (or replaces) the command {@code name}. */
    public ControlServer on(String name, Handler h) {
        handlers.put(name, h);
        return this;
    }

    public Path path() {
        return path;
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    err.println("sluice: control socket stopped: " + e.getMessage());
                }
                return;
            }
            if (!clients.tryAcquire()) {
                answer(c, nok("busy: " + MAX_CLIENTS + " requests already in progress"));
                closeQuietly(c);
                continue;
            }
            Thread t = new Thread(() -> {
                try {
                    serve(c);
                } finally {
                    clients.release();
                    closeQuietly(c);
                }
            }, "sluice-ctl-client");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(SocketChannel c) {
        // A client that does not finish its request in time is cut off (closing unblocks the read).
        ScheduledFuture<?> cut = watchdog.schedule(() -> closeQuietly(c), READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        String line;
        try {
            line = readLine(c);
        } catch (IOException e) {
            return;
        } finally {
            cut.cancel(false);
        }
        if (line == null) {
            answer(c, nok("request too long or not ended by a newline"));
            return;
        }
        answer(c, dispatch(line));
    }

    /** Runs the request {@code line} and returns the answer object. */
    ObjectNode dispatch(String line) {
        JsonNode req;
        try {
            req = JSON.readTree(line);
        } catch (IOException e) {
            return nok("request is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        JsonNode cmd = req == null ? null : req.get("command");
        if (cmd == null || !cmd.isTextual()) {
            return nok("request has no \"command\"");
        }
        Handler h = handlers.get(cmd.asText());
        if (h == null) {
            return nok("unknown command '" + cmd.asText() + "' (command-list lists them)");
        }
        JsonNode args = req.get("arguments");
        try {
            Object msg = h.handle(args == null ? JSON.createObjectNode() : args);
            ObjectNode ok = JSON.createObjectNode();
            ok.put("return", "OK");
            ok.set("message", JSON.valueToTree(msg));
            return ok;
        } catch (Exception | OutOfMemoryError e) {
            String m = e.getMessage();
            return nok(m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace('\n', ' '));
        }
    }

    static ObjectNode nok(String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("return", "NOK");
        n.put("message", message);
        return n;
    }

    private static String readLine(SocketChannel c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(4096);
        while (out.size() <= MAX_REQUEST) {
            b.clear();
            int n = c.read(b);
            if (n < 0) {
                // EOF ends the request too (a client that shut down its output)
                return out.size() == 0 ? null : out.toString(StandardCharsets.UTF_8);
            }
            for (int i = 0; i < n; i++) {
                byte x = b.get(i);
                if (x == '\n') {
                    return out.toString(StandardCharsets.UTF_8);
                }
                out.write(x);
            }
        }
        return null;
    }

    private static void answer(SocketChannel c, ObjectNode answer) {
        try {
            ByteBuffer b = ByteBuffer.wrap((JSON.writeValueAsString(answer) + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                c.write(b);
            }
        } catch (IOException ignored) {
            // the client went away; nothing to tell it
        }
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a channel that is already failing
        }
    }

    /** Stops serving and removes the socket file. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing more to do with it
        }
        watchdog.shutdownNow();
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover file is replaced by the next start
        }
    }
}
