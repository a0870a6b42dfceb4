package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.Buffer;

/**
 * An HTTP/1.x sticky buffer (http.uri, http.header, file.data, ...) under its own name or an old
 * spelling (http_request_line, file_data): the payload keywords that follow inspect that buffer of
 * an HTTP transaction. Buffers that exist in both directions (headers, bodies, file.data) are the
 * request's on to-server packets and the response's on to-client packets.
 */
public final class HttpBuffer extends BaseKeyword {
    private final Buffer buffer;

    public HttpBuffer(String name, Buffer buffer) {
        super(name, name + ": sticky buffer " + buffer.keyword + " of an HTTP transaction.", Value.NONE);
        if (!"http".equals(buffer.app)) {
            throw new IllegalArgumentException("not an HTTP buffer: " + buffer);
        }
        this.buffer = buffer;
    }

    /** The buffer under its own name. */
    public HttpBuffer(Buffer buffer) {
        this(buffer.keyword, buffer);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        Args.none(name(), value);
        rule.setBuffer(buffer);
    }
}
