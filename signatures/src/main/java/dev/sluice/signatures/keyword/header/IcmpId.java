package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.PacketView;

/** icmp_id: the ICMP echo identifier. */
public final class IcmpId extends BaseKeyword {
    public IcmpId() {
        super("icmp_id", "icmp_id: the ICMP echo identifier.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        NumberTest t = NumberTest.parse(name(), value, 65535);
        rule.addCondition(ctx -> {
            PacketView p = ctx.packet;
            return (Icmp.is(p) && p.icmpId() >= 0) && t.test(p.icmpId());
        });
    }
}
