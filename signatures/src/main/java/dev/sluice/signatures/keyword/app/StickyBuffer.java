package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.Buffer;

/**
 * An application-layer sticky buffer keyword (http.uri, file_data, dns.query, sip.to, ...): the
 * payload keywords that follow inspect that buffer. The rule waits for the buffer's parser; buffers
 * without an entry of their own in {@link Buffer} share {@link Buffer#OTHER_APP} and name their
 * parser here.
 */
public final class StickyBuffer extends BaseKeyword {
    private final Buffer buffer;
    private final String parser;

    /** A buffer of {@link Buffer} (its own name or an old spelling of it). */
    public StickyBuffer(String name, Buffer buffer) {
        super(name, name + ": sticky buffer " + buffer.keyword + " (waits for the " + buffer.waitingFor + " parser).", Value.NONE);
        this.buffer = buffer;
        this.parser = buffer.waitingFor;
    }

    /** A buffer Sluice has no entry for yet, from the named parser. */
    public StickyBuffer(String name, String parser) {
        super(name, name + ": sticky buffer (waits for the " + parser + " parser).", Value.NONE);
        this.buffer = Buffer.OTHER_APP;
        this.parser = parser;
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        Args.none(name(), value);
        rule.markInactive("waiting for the " + parser + " parser (" + name() + ")");
        rule.setBuffer(buffer);
    }
}
