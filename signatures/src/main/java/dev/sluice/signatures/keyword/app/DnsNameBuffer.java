package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.Buffer;

/**
 * The DNS record-name sticky buffers of Suricata 8: dns.queries.rrname, dns.answers.rrname,
 * dns.authorities.rrname, dns.additionals.rrname and dns.response.rrname. Each inspects every name
 * of its section (one buffer instance per record), in requests and responses alike.
 */
public final class DnsNameBuffer extends BaseKeyword {
    private final Buffer buffer;

    public DnsNameBuffer(Buffer buffer) {
        super(buffer.keyword, buffer.keyword + ": sticky buffer of DNS record names (one per record).", Value.NONE);
        if (!"dns".equals(buffer.app)) {
            throw new IllegalArgumentException("not a DNS buffer: " + buffer);
        }
        this.buffer = buffer;
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        Args.none(name(), value);
        rule.setBuffer(buffer);
    }
}
