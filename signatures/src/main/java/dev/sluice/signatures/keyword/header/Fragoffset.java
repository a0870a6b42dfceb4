package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.PacketView;

/** fragoffset: the IP fragment offset, in 8-byte units ([!<>]N). */
public final class Fragoffset extends BaseKeyword {
    public Fragoffset() {
        super("fragoffset", "fragoffset: the IP fragment offset, in 8-byte units ([!<>]N).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        NumberTest t = NumberTest.parse(name(), value, 8191);
        rule.addCondition(ctx -> {
            PacketView p = ctx.packet;
            return p.ipVersion() != 0 && t.test(p.fragOffset());
        });
    }
}
