package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.PacketView;

/** icmp_seq: the ICMP echo sequence number. */
public final class IcmpSeq extends BaseKeyword {
    public IcmpSeq() {
        super("icmp_seq", "icmp_seq: the ICMP echo sequence number.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        NumberTest t = NumberTest.parse(name(), value, 65535);
        rule.addCondition(ctx -> {
            PacketView p = ctx.packet;
            return (Icmp.is(p) && p.icmpSeq() >= 0) && t.test(p.icmpSeq());
        });
    }
}
