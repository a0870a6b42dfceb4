package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.PacketView;

/** itype: the ICMP (v4 or v6) type (N, <N, >N, N<>M, ...). */
public final class Itype extends BaseKeyword {
    public Itype() {
        super("itype", "itype: the ICMP (v4 or v6) type (N, <N, >N, N<>M, ...).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        NumberTest t = NumberTest.parse(name(), value, 255);
        rule.addCondition(ctx -> {
            PacketView p = ctx.packet;
            return Icmp.is(p) && t.test(p.icmpType());
        });
    }
}
