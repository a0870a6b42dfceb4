package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.PacketView;

/** icmpv6.mtu: the MTU of an ICMPv6 Packet Too Big message. */
public final class Icmpv6Mtu extends BaseKeyword {
    public Icmpv6Mtu() {
        super("icmpv6.mtu", "icmpv6.mtu: the MTU of an ICMPv6 Packet Too Big message.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        NumberTest t = NumberTest.parse(name(), value, 0xffffffffL);
        rule.addCondition(ctx -> {
            PacketView p = ctx.packet;
            return p.icmpv6Mtu() >= 0 && t.test(p.icmpv6Mtu());
        });
    }
}
