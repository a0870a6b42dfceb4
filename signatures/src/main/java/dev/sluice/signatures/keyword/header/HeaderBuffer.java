package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.Buffer;

/**
 * The header sticky buffers (ipv4.hdr, ipv6.hdr, tcp.hdr, udp.hdr, icmpv4.hdr, icmpv6.hdr) and
 * pkt_data (back to the packet payload): following payload keywords inspect these bytes.
 */
public final class HeaderBuffer extends BaseKeyword {
    private final Buffer buffer;

    public HeaderBuffer(String name, Buffer buffer) {
        super(name, name + ": following payload keywords inspect " + (buffer == Buffer.PAYLOAD ? "the packet payload" : "the raw " + name.substring(0, name.indexOf('.')) + " header") + ".", Value.NONE);
        this.buffer = buffer;
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        Args.none(name(), value);
        rule.setBuffer(buffer);
    }
}
