package dev.sluice.engine.output;

import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.SluiceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.sluice.engine.output.Events.tcpAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * eve.json lines to Redis ({@code filetype: redis}) against a real redis-server that this test
 * starts on loopback: lists and channels get every line eve.json gets, a Redis restart mid-run loses
 * only what was in flight or sent while it was down (counted, one stderr line), an unreachable
 * Redis never holds up the writer, and bad settings are one-line errors.
 */
class RedisOutputTest {
    private static final Path REDIS = Path.of("/usr/bin/redis-server");
    private static RedisServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() throws Exception {
        if (!Files.isExecutable(REDIS)) {
            return;
        }
        server = new RedisServer(freePort());
        server.start();
    }

    @AfterAll
    static void stopRedis() {
        if (server != null) {
            server.stop();
        }
    }

    private static void needRedis() {
        if (!Files.isExecutable(REDIS) && System.getenv("CI") != null) {
            fail(REDIS + " is not installed; CI must install redis-server");
        }
        assumeTrue(server != null, REDIS + " is not installed");
    }

    private static SluiceConfig config(String redisYaml) throws ConfigException {
        return SluiceConfig.parse("outputs:\n  - eve-log:\n      enabled: yes\n      filetype: redis\n      redis:\n"
                + redisYaml.indent(8), "test.yaml", Path.of("."));
    }

    @Test
    void rpushListGetsEveryEveLineInOrder() throws Exception {
        needRedis();
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        RedisSink sink = RedisSink.fromConfig(config("server: 127.0.0.1\nport: " + server.port
                + "\nmode: rpush\nkey: eve-rpush\npipelining:\n  enabled: yes\n  batch-size: 7\n"), err);
        assertNotNull(sink);
        OutputWriter w = new OutputWriter(dir);
        w.setRedis(sink);
        int n = 250;
        for (int i = 1; i <= n; i++) {
            assertTrue(w.offer(tcpAlert().pcapCnt(i).build()));
        }
        assertTrue(w.offerStats(StatsSnapshot.of(5, new dev.sluice.engine.pipeline.Stats(), -1, -1, false)));
        w.close();
        List<String> eve = Files.readAllLines(dir.resolve("eve.json"));
        assertEquals(n + 1, eve.size());
        try (RedisClient c = new RedisClient(server.port)) {
            assertEquals(eve, c.lrange("eve-rpush"));
        }
        assertEquals(n + 1, sink.delivered());
        assertEquals(0, sink.lost());
        assertEquals(0, sink.outages());
    }

    @Test
    void listModeIsLpushAsInSuricata() throws Exception {
        needRedis();
        RedisSink sink = RedisSink.fromConfig(config("port: " + server.port + "\nmode: list\nkey: eve-list\n"), System.err);
        assertEquals(RedisSink.Mode.LPUSH, sink.mode());
        OutputWriter w = new OutputWriter(dir);
        w.setRedis(sink);
        for (int i = 1; i <= 5; i++) {
            w.offer(tcpAlert().pcapCnt(i).build());
        }
        w.close();
        List<String> eve = new ArrayList<>(Files.readAllLines(dir.resolve("eve.json")));
        Collections.reverse(eve);    // LPUSH puts the newest at the head
        try (RedisClient c = new RedisClient(server.port)) {
            assertEquals(eve, c.lrange("eve-list"));
        }
    }

    @Test
    void channelModePublishesEachLineToSubscribers() throws Exception {
        needRedis();
        try (RedisClient sub = new RedisClient(server.port)) {
            sub.subscribe("eve-channel");
            RedisSink sink = RedisSink.fromConfig(config("port: " + server.port + "\nmode: channel\nkey: eve-channel\n"),
                    System.err);
            assertEquals(RedisSink.Mode.PUBLISH, sink.mode());
            OutputWriter w = new OutputWriter(dir);
            w.setRedis(sink);
            int n = 40;
            for (int i = 1; i <= n; i++) {
                w.offer(tcpAlert().pcapCnt(i).build());
            }
            w.close();
            List<String> eve = Files.readAllLines(dir.resolve("eve.json"));
            List<String> got = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<Object> msg = sub.readArray();
                assertEquals("message", msg.get(0));
                assertEquals("eve-channel", msg.get(1));
                got.add((String) msg.get(2));
            }
            assertEquals(eve, got);
            assertEquals(n, sink.delivered());
        }
    }

    @Test
    void redisRestartedMidRunResumesAndCountsWhatWasLost() throws Exception {
        needRedis();
        RedisServer own = new RedisServer(freePort());
        own.start();
        try {
            ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
            PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
            RedisSink sink = RedisSink.fromConfig(config("port: " + own.port + "\nmode: rpush\nkey: eve\n"), err);
            OutputWriter w = new OutputWriter(dir);
            w.setRedis(sink);
            long offered = 0;
            for (int i = 0; i < 20; i++) {
                w.offer(tcpAlert().pcapCnt(++offered).build());
            }
            waitFor(() -> sink.delivered() == 20, "the first 20 lines delivered");
            try (RedisClient c = new RedisClient(own.port)) {
                assertEquals(20, c.llen("eve"));
            }

            own.stop();    // its data goes with it (no persistence)
            for (int i = 0; i < 30; i++) {
                w.offer(tcpAlert().pcapCnt(++offered).build());
                Thread.sleep(10);
            }
            waitFor(() -> sink.lost() > 0, "losses counted while Redis is down");
            own.start();

            // Keep logging until lines reach the new server again (reconnect after the backoff).
            long storedAfter = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            try (RedisClient c = new RedisClient(own.port)) {
                while (storedAfter == 0 && System.nanoTime() < deadline) {
                    w.offer(tcpAlert().pcapCnt(++offered).build());
                    Thread.sleep(20);
                    storedAfter = c.llen("eve");
                }
            }
            assertTrue(storedAfter > 0, "output resumed after the restart");
            long lastFirst = offered + 1;
            for (int i = 0; i < 10; i++) {
                w.offer(tcpAlert().pcapCnt(++offered).build());
            }
            w.close();

            List<String> stored;
            try (RedisClient c = new RedisClient(own.port)) {
                stored = c.lrange("eve");
            }
            assertEquals(offered, w.written());
            assertTrue(sink.lost() > 0);
            // every line is either in a server or counted as lost, none twice
            assertEquals(offered, 20 + stored.size() + sink.lost(),
                    "delivered " + sink.delivered() + ", lost " + sink.lost() + ", stored " + stored.size());
            assertEquals(20 + stored.size(), sink.delivered());
            // the lines logged once it was back all arrived, in order, at the end of the list
            List<String> eve = Files.readAllLines(dir.resolve("eve.json"));
            assertEquals(eve.subList((int) lastFirst - 1, (int) offered), stored.subList(stored.size() - 10, stored.size()));
            assertEquals(1, sink.outages());
            String errText = errBytes.toString(StandardCharsets.UTF_8);
            assertEquals(1, errText.lines().count(), errText);
            assertTrue(errText.contains("redis 127.0.0.1:" + own.port + " unavailable"), errText);
        } finally {
            own.stop();
        }
    }

    @Test
    void pcapSendsItsEveLinesToRedisConfiguredInSluiceYaml() throws Exception {
        needRedis();
        Path capture = Path.of("/work/shared/corpus/pcaps/http_google.pcap");
        assumeTrue(Files.isRegularFile(capture), "capture corpus missing");
        Path yaml = Files.writeString(dir.resolve("sluice.yaml"), "stats:\n  enabled: yes\noutputs:\n  - eve-log:\n"
                + "      filetype: redis\n      redis:\n        server: 127.0.0.1\n        port: " + server.port
                + "\n        mode: rpush\n        key: pcap-eve\n        pipelining:\n          enabled: yes\n          batch-size: 4\n");
        Path rules = Files.writeString(dir.resolve("t.rules"), "alert tcp any any -> any any (msg:\"any tcp\"; sid:1;)\n");
        Path out = dir.resolve("out");
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = dev.sluice.engine.cli.SluiceCli.execute("pcap", "-r", capture.toString(), "-S", rules.toString(),
                    "-l", out.toString(), "-c", yaml.toString(), "-k", "none");
        } finally {
            System.setErr(oldErr);
        }
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        List<String> eve = Files.readAllLines(out.resolve("eve.json"));
        assertTrue(eve.size() >= 2, "alerts and the stats record: " + eve);
        assertTrue(eve.get(eve.size() - 1).contains("\"event_type\":\"stats\""), eve.get(eve.size() - 1));
        try (RedisClient c = new RedisClient(server.port)) {
            assertEquals(eve, c.lrange("pcap-eve"));
        }
    }

    @Test
    void badRedisSettingsStopPcapWithOneLine() throws Exception {
        Path yaml = Files.writeString(dir.resolve("sluice.yaml"), "outputs:\n  - eve-log:\n      filetype: redis\n"
                + "      redis:\n        mode: stream\n");
        Path rules = Files.writeString(dir.resolve("t.rules"), "alert tcp any any -> any any (msg:\"any tcp\"; sid:1;)\n");
        Path capture = Path.of("/work/shared/corpus/pcaps/http_google.pcap");
        assumeTrue(Files.isRegularFile(capture), "capture corpus missing");
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = dev.sluice.engine.cli.SluiceCli.execute("pcap", "-r", capture.toString(), "-S", rules.toString(),
                    "-l", dir.resolve("out").toString(), "-c", yaml.toString());
        } finally {
            System.setErr(oldErr);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, text);
        assertEquals(List.of("sluice: " + yaml + ": outputs.eve-log.redis.mode: 'stream' is not one of list, lpush, rpush, channel, publish"),
                text.lines().toList());
    }

    @Test
    void unreachableRedisNeverHoldsUpTheWriterAndCountsEveryLine() throws Exception {
        int port = freePort();    // nothing listens there
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        RedisSink sink = RedisSink.fromConfig(config("port: " + port + "\n"), err);
        OutputWriter w = new OutputWriter(dir);
        w.setRedis(sink);
        long t0 = System.nanoTime();
        int n = 2_000;
        for (int i = 1; i <= n; i++) {
            assertTrue(w.offer(tcpAlert().pcapCnt(i).build()));
        }
        w.close();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 5_000, "took " + ms + " ms");
        assertEquals(n, w.written());
        assertEquals(n, Files.readAllLines(dir.resolve("eve.json")).size());
        assertEquals(n, sink.lost());
        assertEquals(0, sink.delivered());
        String errText = errBytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, errText.lines().count(), errText);
    }

    @Test
    void redisIsUsedOnlyWhenEveLogAsksForIt() throws Exception {
        assertNull(RedisSink.fromConfig(SluiceConfig.empty(), System.err));
        assertNull(RedisSink.fromConfig(SluiceConfig.parse(
                "outputs:\n  - eve-log:\n      filetype: regular\n      redis:\n        port: 1234\n", "a.yaml", Path.of(".")), System.err));
        assertNull(RedisSink.fromConfig(SluiceConfig.parse(
                "outputs:\n  - eve-log:\n      enabled: no\n      filetype: redis\n", "a.yaml", Path.of(".")), System.err));
        RedisSink bare = RedisSink.fromConfig(SluiceConfig.parse(
                "outputs:\n  - eve-log:\n      filetype: redis\n", "a.yaml", Path.of(".")), System.err);
        assertEquals("127.0.0.1:6379", bare.server());
        assertEquals("suricata", bare.key());
        assertEquals(RedisSink.Mode.LPUSH, bare.mode());
        RedisSink section = RedisSink.fromConfig(SluiceConfig.parse(
                "outputs:\n  - eve-log:\n      redis:\n        server: ::1\n        mode: publish\n        key: k\n",
                "a.yaml", Path.of(".")), System.err);
        assertEquals(RedisSink.Mode.PUBLISH, section.mode());
        assertEquals("::1:6379", section.server());
    }

    @Test
    void badRedisSettingsAreOneLineErrorsNamingFileAndKey() {
        String[][] cases = {
                {"mode: stack\n", "outputs.eve-log.redis.mode: 'stack' is not one of"},
                {"port: 70000\n", "outputs.eve-log.redis.port: 70000 is not a port"},
                {"port: http\n", "outputs.eve-log.redis.port: 'http' is not an integer"},
                {"pipelining:\n  enabled: maybe\n", "outputs.eve-log.redis.pipelining.enabled: 'maybe' is not yes/no"},
                {"pipelining:\n  enabled: yes\n  batch-size: 0\n", "outputs.eve-log.redis.pipelining.batch-size: 0 is not in"},
        };
        for (String[] c : cases) {
            ConfigException e = assertThrows(ConfigException.class, () -> RedisSink.fromConfig(config(c[0]), System.err), c[0]);
            assertTrue(e.getMessage().startsWith("test.yaml: " + c[1]), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** A redis-server on loopback without persistence, owned by the test. */
    static final class RedisServer {
        final int port;
        private Process process;

        RedisServer(int port) {
            this.port = port;
        }

        void start() throws Exception {
            process = new ProcessBuilder(REDIS.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try (RedisClient c = new RedisClient(port)) {
                    if ("PONG".equals(c.command("PING"))) {
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    stop();
                    throw new IOException("redis-server did not come up on port " + port);
                }
                Thread.sleep(20);
            }
        }

        void stop() {
            Process p = process;
            if (p == null) {
                return;
            }
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Just enough of a blocking RESP client to check what reached the server. */
    static final class RedisClient implements AutoCloseable {
        private final Socket socket = new Socket();
        private final InputStream in;
        private final OutputStream out;

        RedisClient(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(5000);
            in = new java.io.BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        Object command(String... args) throws IOException {
            StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                byte[] b = a.getBytes(StandardCharsets.UTF_8);
                sb.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
            }
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read();
        }

        @SuppressWarnings("unchecked")
        List<String> lrange(String key) throws IOException {
            return (List<String>) (List<?>) command("LRANGE", key, "0", "-1");
        }

        long llen(String key) throws IOException {
            return (Long) command("LLEN", key);
        }

        void subscribe(String channel) throws IOException {
            Object confirm = command("SUBSCRIBE", channel);
            assertEquals(List.of("subscribe", channel, 1L), confirm);
        }

        @SuppressWarnings("unchecked")
        List<Object> readArray() throws IOException {
            try {
                return (List<Object>) read();
            } catch (SocketTimeoutException e) {
                throw new IOException("no message within the socket timeout", e);
            }
        }

        private Object read() throws IOException {
            int type = in.read();
            String line = readLine();
            switch (type) {
                case '+':
                    return line;
                case '-':
                    throw new IOException("redis error: " + line);
                case ':':
                    return Long.parseLong(line);
                case '$': {
                    int len = Integer.parseInt(line);
                    if (len < 0) {
                        return null;
                    }
                    byte[] b = in.readNBytes(len + 2);
                    return new String(b, 0, len, StandardCharsets.UTF_8);
                }
                case '*': {
                    int n = Integer.parseInt(line);
                    List<Object> l = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        l.add(read());
                    }
                    return l;
                }
                default:
                    throw new IOException("unexpected reply type " + type);
            }
        }

        private String readLine() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
