package dev.sluice.engine.demo;

import dev.sluice.capture.netns.NetNs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The demo's client: one request per connection from inside the client namespace. */
final class DemoClient {
    /** Longest status line read; a web server's is far shorter. */
    private static final int MAX_LINE = 256;

    private final NetNs ns;
    private final String serverIp;
    private final int port;
    private final int timeoutMillis;

    DemoClient(NetNs ns, String serverIp, int port, Duration timeout) {
        this.ns = ns;
        this.serverIp = serverIp;
        this.port = port;
        this.timeoutMillis = (int) timeout.toMillis();
    }

    /** What came of one request. */
    record Outcome(Kind kind, int status, String detail) {
        enum Kind { PASSED, BLOCKED, FAILED }
    }

    /**
     * Connects, sends {@code raw} and reads the status line. A request that is sent but gets no
     * answer within the timeout was blocked; one that could not be sent at all failed.
     */
    Outcome send(String raw) {
        try (NetNs.Entered in = ns.enter(); Socket s = new Socket()) {
            try {
                s.connect(new InetSocketAddress(serverIp, port), timeoutMillis);
            } catch (IOException e) {
                return new Outcome(Outcome.Kind.FAILED, 0, "no connection: " + e.getMessage());
            }
            s.setSoTimeout(timeoutMillis);
            s.setTcpNoDelay(true);
            OutputStream o = s.getOutputStream();
            o.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            String line;
            try {
                line = statusLine(s.getInputStream());
            } catch (SocketTimeoutException e) {
                return new Outcome(Outcome.Kind.BLOCKED, 0, "no response in " + timeoutMillis / 1000 + " s");
            }
            String[] f = line.split(" ", 3);
            if (f.length < 2 || !f[0].startsWith("HTTP/") || !f[1].matches("[0-9]{3}")) {
                return new Outcome(Outcome.Kind.FAILED, 0, line.isEmpty() ? "closed without a response" : "not HTTP: " + line);
            }
            return new Outcome(Outcome.Kind.PASSED, Integer.parseInt(f[1]), "HTTP " + f[1]);
        } catch (IOException e) {
            return new Outcome(Outcome.Kind.FAILED, 0, e.getMessage());
        }
    }

    /** The first line of the answer without its line end; empty when the server closed first. */
    private static String statusLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while (sb.length() < MAX_LINE && (b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }
}
