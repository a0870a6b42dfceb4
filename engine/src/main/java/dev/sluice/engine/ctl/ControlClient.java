package dev.sluice.engine.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Sends one request to a running engine's control socket and returns its answer. */
public final class ControlClient {
    /** Where {@code sluice run} listens unless told otherwise. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/sluice/sluice.sock");
    /** A reload of a large rule set takes seconds; nothing takes longer than this. */
    static final long ANSWER_TIMEOUT_MILLIS = 120_000;
    private static final int MAX_ANSWER = 16 * 1024 * 1024;

    private ControlClient() {
    }

    /** Thrown when no engine listens at the socket (as opposed to one that answered NOK). */
    public static final class NoEngineException extends IOException {
        NoEngineException(String message) {
            super(message);
        }
    }

    /**
     * Sends {@code command} with {@code arguments} (may be null) and returns the whole answer
     * ({@code return} and {@code message}).
     *
     * @throws NoEngineException when nothing listens at {@code socket}
     */
    public static JsonNode request(Path socket, String command, Map<String, ?> arguments) throws IOException {
        ObjectNode req = ControlServer.JSON.createObjectNode();
        req.put("command", command);
        if (arguments != null && !arguments.isEmpty()) {
            req.set("arguments", ControlServer.JSON.valueToTree(arguments));
        }
        if (!Files.exists(socket)) {
            throw new NoEngineException("no running engine at " + socket + " (no such socket)");
        }
        SocketChannel c;
        try {
            c = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new IOException("cannot open a unix socket: " + e.getMessage(), e);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-ctl-timeout");
            t.setDaemon(true);
            return t;
        });
        try (c) {
            try {
                c.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new NoEngineException("no running engine at " + socket + " (" + e.getMessage() + ")");
            }
            ScheduledFuture<?> cut = timer.schedule(() -> {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // unblocks the read below
                }
            }, ANSWER_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            ByteBuffer out = ByteBuffer.wrap((ControlServer.JSON.writeValueAsString(req) + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                c.write(out);
            }
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(8192);
            while (in.size() < MAX_ANSWER) {
                b.clear();
                int n;
                try {
                    n = c.read(b);
                } catch (IOException e) {
                    throw new IOException("the engine did not answer within " + ANSWER_TIMEOUT_MILLIS / 1000 + " s", e);
                }
                if (n < 0) {
                    break;
                }
                in.write(b.array(), 0, n);
                if (n > 0 && b.get(n - 1) == '\n') {
                    break;
                }
            }
            cut.cancel(false);
            if (in.size() == 0) {
                throw new IOException("the engine closed the control connection without an answer");
            }
            return ControlServer.JSON.readTree(in.toString(StandardCharsets.UTF_8));
        } finally {
            timer.shutdownNow();
        }
    }

    /**
     * Asks the engine to reload its rules; returns its one-line account ("24644 rules active ...
     * in 2.1 s"). An engine that keeps its old rules answers NOK: thrown as an IOException with
     * its reason.
     */
    public static String reload(Path socket) throws IOException {
        JsonNode a = request(socket, "reload", null);
        String msg = a.path("message").isTextual() ? a.path("message").asText() : String.valueOf(a.path("message"));
        if (!"OK".equals(a.path("return").asText())) {
            throw new IOException("reload refused, the engine keeps its current rules: " + msg);
        }
        return msg;
    }

    /** True when an engine answers at {@code socket} (a leftover file of a dead one does not). */
    static boolean answers(Path socket) {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
