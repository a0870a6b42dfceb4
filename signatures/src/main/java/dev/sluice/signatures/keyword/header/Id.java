package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.PacketView;

/** id: the IPv4 identification field. */
public final class Id extends BaseKeyword {
    public Id() {
        super("id", "id: the IPv4 identification field.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        NumberTest t = NumberTest.parse(name(), value, 65535);
        rule.addCondition(ctx -> {
            PacketView p = ctx.packet;
            return p.ipVersion() == 4 && t.test(p.ipId());
        });
    }
}
