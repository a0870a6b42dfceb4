package dev.sluice.engine.applayer.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The {@code http} object Suricata adds to an alert on an HTTP transaction:
 *
 * <pre>
 * {"hostname":"example.com","http_port":8080,"url":"/index.html","http_user_agent":"curl/8.0",
 *  "http_content_type":"text/html","http_refer":"...","http_method":"GET","protocol":"HTTP/1.1",
 *  "status":200,"redirect":"...","length":1256}
 * </pre>
 *
 * Fields appear only when the transaction has them; {@code url} is the URI as sent, {@code length}
 * the response body bytes seen. Rendered on the worker thread when a rule alerts.
 */
final class HttpEve {
    private static final JsonFactory JSON = new JsonFactory();

    private HttpEve() {
    }

    static String render(HttpTx tx) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            String host = tx.host();
            if (host != null) {
                g.writeStringField("hostname", host);
            }
            if (tx.hostPort >= 0) {
                g.writeNumberField("http_port", tx.hostPort);
            }
            field(g, "url", tx.requestPart(1));
            field(g, "http_user_agent", tx.header(false, "user-agent"));
            String ct = tx.hasResponse ? tx.header(true, "content-type") : null;
            field(g, "http_content_type", ct != null ? ct : tx.header(false, "content-type"));
            field(g, "http_refer", tx.header(false, "referer"));
            field(g, "http_method", tx.requestPart(0));
            field(g, "protocol", tx.requestPart(2));
            if (tx.status >= 0) {
                g.writeNumberField("status", tx.status);
            }
            if (tx.hasResponse) {
                field(g, "redirect", tx.header(true, "location"));
            }
            g.writeNumberField("length", tx.resBody.received);
            g.writeEndObject();
        } catch (IOException x) {
            throw new UncheckedIOException(x); // a StringWriter does not fail
        }
        return w.toString();
    }

    private static void field(JsonGenerator g, String name, String v) throws IOException {
        if (v != null) {
            g.writeStringField(name, v);
        }
    }
}
