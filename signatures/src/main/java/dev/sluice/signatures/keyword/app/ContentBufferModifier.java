package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.Content;
import dev.sluice.signatures.match.PayloadItem;

import java.util.ArrayList;
import java.util.List;

/**
 * The pre-sticky-buffer content modifiers (http_uri, http_header, http_client_body, ...): move the
 * last content (with any items written after it) into an HTTP buffer.
 */
public final class ContentBufferModifier extends BaseKeyword {
    private final Buffer buffer;

    public ContentBufferModifier(String name, Buffer buffer) {
        super(name, name + ": the last content inspects " + buffer.keyword + " (old spelling"
                + (buffer.active() ? ")." : "; waits for the " + buffer.waitingFor + " parser)."), Value.NONE);
        this.buffer = buffer;
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        Args.none(name(), value);
        RuleBuilder.PatternCandidate c = rule.lastAddedCandidate();
        if (c == null || !(c.item instanceof Content)) {
            throw new RuleException("no content before '" + name() + "'");
        }
        Buffer at = rule.bufferOf(c.item);
        if (at != null && at != Buffer.PAYLOAD && at != buffer) {
            throw new RuleException("'" + name() + "' on a content already in " + at.keyword);
        }
        if (at == buffer) {
            return;
        }
        // the content moves with the items written after it (isdataat:!1,relative; http_uri;)
        List<PayloadItem> list = rule.itemsOf(at);
        List<PayloadItem> moving = new ArrayList<>(list.subList(list.indexOf(c.item), list.size()));
        for (PayloadItem it : moving) {
            rule.moveItem(it, buffer);
        }
    }
}
