package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.Content;

/**
 * The pre-sticky-buffer content modifiers (http_uri, http_header, http_client_body, ...): move the
 * content just given into an HTTP buffer, which parks the rule until the HTTP parser exists.
 */
public final class ContentBufferModifier extends BaseKeyword {
    private final Buffer buffer;

    public ContentBufferModifier(String name, Buffer buffer) {
        super(name, name + ": the last content inspects " + buffer.keyword + " (old spelling; waits for the " + buffer.waitingFor + " parser).", Value.NONE);
        this.buffer = buffer;
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        Args.none(name(), value);
        RuleBuilder.PatternCandidate c = rule.lastAddedCandidate();
        if (c == null || !(c.item instanceof Content)) {
            throw new RuleException("no content before '" + name() + "'");
        }
        if (rule.lastItem() != c.item) {
            throw new RuleException("'" + name() + "' must follow its content (and that content's modifiers)");
        }
        Buffer at = rule.bufferOf(c.item);
        if (at != null && at != Buffer.PAYLOAD && at != buffer) {
            throw new RuleException("'" + name() + "' on a content already in " + at.keyword);
        }
        rule.moveLastItem(buffer);
    }
}
