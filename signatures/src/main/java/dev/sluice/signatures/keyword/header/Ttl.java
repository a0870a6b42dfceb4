package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.PacketView;

/** ttl: the IPv4 TTL or IPv6 hop limit (N, <N, >N, N-M, ...). */
public final class Ttl extends BaseKeyword {
    public Ttl() {
        super("ttl", "ttl: the IPv4 TTL or IPv6 hop limit (N, <N, >N, N-M, ...).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        NumberTest t = NumberTest.parse(name(), value, 255);
        rule.addCondition(ctx -> {
            PacketView p = ctx.packet;
            return p.ipVersion() != 0 && t.test(p.ttl());
        });
    }
}
