package dev.sluice.engine.output;

import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.SluiceConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends eve.json lines to a Redis server, as Suricata's {@code filetype: redis} does: each line is
 * pushed onto a list ({@code LPUSH}/{@code RPUSH}) or published on a channel ({@code PUBLISH}) under
 * one key. Speaks RESP over a non-blocking {@link SocketChannel}; no client library.
 *
 * <p>Owned by the output writer's thread: {@link #line}, {@link #flush} and {@link #close} are
 * called from it only, and none of them waits longer than a short bound. The connection is opened
 * lazily, with the first line; when it fails, lines are counted in {@link #lost()} (not queued)
 * until a reconnect succeeds, tried again after a backoff that doubles up to
 * {@value #MAX_BACKOFF_MILLIS} ms. A line counts as delivered once Redis answered its command; a line
 * Redis refused, or whose answer never came because the connection died, counts as lost. One stderr
 * line per outage.
 */
public final class RedisSink implements AutoCloseable {
    public static final String CONFIG_PREFIX = "outputs.eve-log";
    static final long MIN_BACKOFF_MILLIS = 250;
    static final long MAX_BACKOFF_MILLIS = 10_000;
    /** A connect that has not completed after this long has failed. */
    static final long CONNECT_TIMEOUT_MILLIS = 2_000;
    /** Longest {@link #flush} waits for the socket (connect, writable); the rest waits for the next call. */
    static final long FLUSH_WAIT_MILLIS = 100;
    /** Longest {@link #close} waits for the last answers. */
    static final long CLOSE_WAIT_MILLIS = 2_000;
    /** Commands not yet written beyond this many bytes make further lines count as lost (Redis too slow). */
    static final int MAX_PENDING_BYTES = 8 << 20;

    /** How lines are stored, with Suricata's names for each. */
    public enum Mode {
        LPUSH("LPUSH"), RPUSH("RPUSH"), PUBLISH("PUBLISH");

        final String command;

        Mode(String command) {
            this.command = command;
        }

        /** {@code list} and {@code lpush} push on the head, {@code rpush} on the tail, {@code channel}/{@code publish} publish. */
        static Mode parse(String word) {
            return switch (word.trim().toLowerCase(Locale.ROOT)) {
                case "list", "lpush" -> LPUSH;
                case "rpush" -> RPUSH;
                case "channel", "publish" -> PUBLISH;
                default -> null;
            };
        }
    }

    private final String host;
    private final int port;
    private final Mode mode;
    private final String key;
    /** Commands buffered before they are written; 1 without pipelining. */
    private final int batchSize;
    private final PrintStream err;
    /** RESP array header, command and key, the same for every line. */
    private final byte[] prefix;

    // ---- writer thread only
    private SocketChannel ch;
    private Selector selector;
    private long connectDeadline;
    private boolean connected;
    private long nextAttempt = Long.MIN_VALUE;
    private long backoff = MIN_BACKOFF_MILLIS;
    private boolean down;
    private ByteBuffer out = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    private int batched;
    /** Lines handed to the current connection whose answer has not arrived. */
    private long inFlight;
    /** Answer parsing: at the start of an answer line, and whether the current answer is an error. */
    private boolean atLineStart = true;
    private boolean inError;
    private final StringBuilder errorText = new StringBuilder();
    private boolean errorReported;

    // ---- read by any thread
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong outages = new AtomicLong();

    /**
     * @param batchSize commands written together (Suricata's {@code pipelining.batch-size}); 1 sends each
     *                  line at once
     * @param err       where the one line per outage goes
     */
    public RedisSink(String host, int port, Mode mode, String key, int batchSize, PrintStream err) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1: " + batchSize);
        }
        this.host = host;
        this.port = port;
        this.mode = mode;
        this.key = key;
        this.batchSize = batchSize;
        this.err = err;
        byte[] cmd = mode.command.getBytes(StandardCharsets.US_ASCII);
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        ByteBuffer p = ByteBuffer.allocate(64 + k.length);
        p.put(ascii("*3\r\n$" + cmd.length + "\r\n")).put(cmd).put(ascii("\r\n$" + k.length + "\r\n")).put(k).put(ascii("\r\n"));
        this.prefix = java.util.Arrays.copyOf(p.array(), p.position());
    }

    /**
     * The sink {@code outputs.eve-log} asks for, or null when it sends eve.json to no Redis. Redis is
     * used when {@code filetype} is {@code redis}, or when there is no {@code filetype} and a
     * {@code redis} mapping is present. Keys under {@code redis}, with their defaults:
     * {@code server: 127.0.0.1}, {@code port: 6379}, {@code mode: list} (also {@code lpush},
     * {@code rpush}, {@code channel}, {@code publish}), {@code key: suricata},
     * {@code pipelining: {enabled: no, batch-size: 10}}.
     *
     * @throws ConfigException with a one-line "file: key: reason" message
     */
    public static RedisSink fromConfig(SluiceConfig cfg, PrintStream err) throws ConfigException {
        String base = CONFIG_PREFIX;
        String r = base + ".redis";
        try {
            if (!cfg.getBool(base + ".enabled", true)) {
                return null;
            }
            String filetype = cfg.getString(base + ".filetype", null);
            boolean redisSection = cfg.node(r) != null && cfg.node(r).isObject();
            if (filetype == null ? !redisSection : !"redis".equalsIgnoreCase(filetype.trim())) {
                return null;
            }
            String host = cfg.getString(r + ".server", "127.0.0.1").trim();
            if (host.isEmpty()) {
                throw new IllegalArgumentException(r + ".server: empty");
            }
            long port = cfg.getLong(r + ".port", 6379);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(r + ".port: " + port + " is not a port (1-65535)");
            }
            String modeWord = cfg.getString(r + ".mode", "list");
            Mode mode = Mode.parse(modeWord);
            if (mode == null) {
                throw new IllegalArgumentException(r + ".mode: '" + modeWord
                        + "' is not one of list, lpush, rpush, channel, publish");
            }
            String key = cfg.getString(r + ".key", "suricata");
            if (key.isEmpty()) {
                throw new IllegalArgumentException(r + ".key: empty");
            }
            int batch = 1;
            if (cfg.getBool(r + ".pipelining.enabled", false)) {
                long b = cfg.getLong(r + ".pipelining.batch-size", 10);
                if (b < 1 || b > 100_000) {
                    throw new IllegalArgumentException(r + ".pipelining.batch-size: " + b + " is not in 1-100000");
                }
                batch = (int) b;
            }
            return new RedisSink(host, (int) port, mode, key, batch, err);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(cfg.fileName() + ": " + e.getMessage());
        }
    }

    public Mode mode() {
        return mode;
    }

    public String key() {
        return key;
    }

    /** host:port, for messages. */
    public String server() {
        return host + ":" + port;
    }

    /** Lines Redis answered without an error. */
    public long delivered() {
        return delivered.get();
    }

    /** Lines not stored: Redis was unreachable or too slow, refused the command, or the connection died before it answered. */
    public long lost() {
        return lost.get();
    }

    /** Outages: a first connect that failed, or a working connection lost; each printed one stderr line. */
    public long outages() {
        return outages.get();
    }

    /** True when commands are waiting to be written or answered; the writer then calls {@link #flush} again soon. */
    boolean busy() {
        return ch != null && (batched > 0 || out.position() > 0 || inFlight > 0);
    }

    /** Queues one eve.json line (without its newline); writes the batch when it is full. */
    public void line(String eveLine) {
        long now = nowMillis();
        if (ch == null && !connect(now)) {
            lost.incrementAndGet();
            return;
        }
        byte[] b = eveLine.getBytes(StandardCharsets.UTF_8);
        int need = prefix.length + 16 + b.length + 2;
        if (out.position() + need > MAX_PENDING_BYTES) {
            lost.incrementAndGet();    // Redis is not keeping up; never let the buffer grow without bound
            pump(now);
            return;
        }
        ensureRoom(need);
        out.put(prefix).put(ascii("$" + b.length + "\r\n")).put(b).put((byte) '\r').put((byte) '\n');
        inFlight++;
        if (++batched >= batchSize) {
            batched = 0;
            pump(now);
        }
    }

    /** Writes what is buffered and reads answers, waiting at most {@value #FLUSH_WAIT_MILLIS} ms for the socket. */
    public void flush() {
        batched = 0;
        if (ch != null) {
            drain(FLUSH_WAIT_MILLIS, false);
        }
    }

    /** Writes what is buffered, waits (bounded) for the answers, and closes the connection. */
    @Override
    public void close() {
        batched = 0;
        if (ch != null) {
            drain(CLOSE_WAIT_MILLIS, true);
        }
        if (ch != null) {
            lost.addAndGet(inFlight);    // answers that did not come in time
            inFlight = 0;
            closeChannel();
        }
    }

    // ---------------------------------------------------------------- connection

    /** Starts a connect when the backoff allows; true when a channel exists afterwards. */
    private boolean connect(long now) {
        if (now < nextAttempt) {
            return false;
        }
        try {
            SocketChannel c = SocketChannel.open();
            try {
                c.configureBlocking(false);
                c.socket().setTcpNoDelay(true);
                connected = c.connect(new InetSocketAddress(host, port));
                selector = Selector.open();
                c.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT);
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
            ch = c;
            connectDeadline = now + CONNECT_TIMEOUT_MILLIS;
            atLineStart = true;
            inError = false;
            if (connected) {
                up();
            }
            return true;
        } catch (IOException | RuntimeException e) {
            failed(e, now);
            return false;
        }
    }

    private void up() {
        down = false;
        backoff = MIN_BACKOFF_MILLIS;
    }

    /** The connection is gone: what it carried unanswered is lost; try again after the backoff. */
    private void failed(Exception e, long now) {
        lost.addAndGet(inFlight);
        inFlight = 0;
        closeChannel();
        nextAttempt = now + backoff;
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        if (!down) {
            down = true;
            outages.incrementAndGet();
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            err.println("sluice: redis " + server() + " unavailable (" + why
                    + "); eve lines meant for it are counted as lost until it is back");
        }
    }

    private void closeChannel() {
        out.clear();
        batched = 0;
        connected = false;
        try {
            if (selector != null) {
                selector.close();
            }
        } catch (IOException ignored) {
            // nothing to do about it
        }
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException ignored) {
            // nothing to do about it
        }
        ch = null;
        selector = null;
    }

    // ---------------------------------------------------------------- I/O

    /** One non-blocking round: finish the connect, write, read answers. */
    private void pump(long now) {
        try {
            if (!connected) {
                if (!ch.finishConnect()) {
                    if (now >= connectDeadline) {
                        throw new IOException("connect timed out");
                    }
                    return;
                }
                connected = true;
                ch.keyFor(selector).interestOps(SelectionKey.OP_READ);
                up();
            }
            if (out.position() > 0) {
                out.flip();
                ch.write(out);
                out.compact();
            }
            read();
        } catch (IOException | RuntimeException e) {
            failed(e, now);
        }
    }

    /**
     * Pumps until everything is written (and, with {@code answers}, answered), the connection
     * fails, or {@code maxMillis} pass.
     */
    private void drain(long maxMillis, boolean answers) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        while (ch != null) {
            pump(nowMillis());
            if (ch == null || (out.position() == 0 && (!answers || inFlight == 0))) {
                return;
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            try {
                SelectionKey k = ch.keyFor(selector);
                int ops = connected ? SelectionKey.OP_READ | (out.position() > 0 ? SelectionKey.OP_WRITE : 0)
                        : SelectionKey.OP_CONNECT;
                k.interestOps(ops);
                selector.select(Math.min(left, 20));
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                failed(e, nowMillis());
                return;
            }
        }
    }

    /** Reads what answers arrived; each answer line settles the oldest line in flight. */
    private void read() throws IOException {
        while (true) {
            in.clear();
            int n = ch.read(in);
            if (n < 0) {
                throw new IOException("connection closed by the server");
            }
            if (n == 0) {
                return;
            }
            for (int i = 0; i < n; i++) {
                byte c = in.get(i);
                if (atLineStart) {
                    atLineStart = false;
                    inError = c == '-';
                    errorText.setLength(0);
                } else if (c == '\n') {
                    answered();
                    atLineStart = true;
                } else if (inError && c != '\r' && errorText.length() < 200) {
                    errorText.append((char) c);
                }
            }
        }
    }

    /** LPUSH, RPUSH and PUBLISH all answer with one line: an integer, or an error. */
    private void answered() {
        if (inFlight > 0) {
            inFlight--;
        }
        if (inError) {
            lost.incrementAndGet();
            if (!errorReported) {
                errorReported = true;    // a wrong key type refuses every line: say it once
                err.println("sluice: redis " + server() + " refused an eve line: " + errorText);
            }
        } else {
            delivered.incrementAndGet();
        }
    }

    private void ensureRoom(int need) {
        if (out.remaining() < need) {
            ByteBuffer b = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + need));
            out.flip();
            b.put(out);
            out = b;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static long nowMillis() {
        return (System.nanoTime() - EPOCH) / 1_000_000;
    }

    /** Origin of {@link #nowMillis}, so its values only grow from 0 (nanoTime itself may be negative). */
    private static final long EPOCH = System.nanoTime();
}
