package dev.sluice.engine.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.capture.netns.NetNs;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The demo's web server: the JDK's HTTP server listening in a network namespace, answering every
 * GET with 200 and a short page. It runs in this JVM; only its listening socket is in the namespace.
 */
final class DemoWebServer implements AutoCloseable {
    private static final byte[] PAGE = ("<!doctype html><title>Sluice demo</title>"
            + "<p>Hello from the web server behind Sluice.</p>\n").getBytes(StandardCharsets.US_ASCII);

    private final HttpServer http;

    private DemoWebServer(HttpServer http) {
        this.http = http;
    }

    /** Binds {@code ip:port} inside {@code ns} and starts serving. */
    static DemoWebServer start(NetNs ns, String ip, int port) throws IOException {
        HttpServer http;
        // The listening socket belongs to the namespace of the thread that creates it.
        try (NetNs.Entered in = ns.enter()) {
            http = HttpServer.create(new InetSocketAddress(ip, port), 32);
        }
        http.createContext("/", DemoWebServer::answer);
        http.start();
        return new DemoWebServer(http);
    }

    private static void answer(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=us-ascii");
            ex.sendResponseHeaders(200, PAGE.length);
            try (OutputStream body = ex.getResponseBody()) {
                body.write(PAGE);
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
