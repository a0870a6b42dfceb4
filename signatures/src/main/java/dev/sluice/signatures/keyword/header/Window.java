package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.PacketView;

/** window: the TCP window ([!]N). */
public final class Window extends BaseKeyword {
    public Window() {
        super("window", "window: the TCP window ([!]N).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        NumberTest t = NumberTest.parse(name(), value, 65535);
        rule.addCondition(ctx -> {
            PacketView p = ctx.packet;
            return p.ipProto() == PacketView.IPPROTO_TCP && t.test(p.tcpWindow());
        });
    }
}
