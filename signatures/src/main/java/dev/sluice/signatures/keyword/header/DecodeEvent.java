package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;

/** decode-event: the decoder raised this event (e.g. {@code ipv6.frag_overlap}; a "decoder." prefix is dropped). */
public final class DecodeEvent extends BaseKeyword {
    public DecodeEvent() {
        super("decode-event", "decode-event: the packet decoder raised the named event.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = Args.unquote(Args.required(name(), value)).trim();
        if (v.startsWith("decoder.")) {
            v = v.substring("decoder.".length());
        }
        if (v.isEmpty() || v.indexOf('.') < 0) {
            throw new RuleException("decode-event: expected layer.event, got '" + v + "'");
        }
        final String event = v.intern();
        rule.addCondition(ctx -> ctx.packet.hasDecodeEvent(event));
    }
}
