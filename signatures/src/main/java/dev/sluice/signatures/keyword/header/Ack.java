package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.PacketView;

/** ack: the TCP acknowledgement number. */
public final class Ack extends BaseKeyword {
    public Ack() {
        super("ack", "ack: the TCP acknowledgement number.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        NumberTest t = NumberTest.parse(name(), value, 0xffffffffL);
        rule.addCondition(ctx -> {
            PacketView p = ctx.packet;
            return p.ipProto() == PacketView.IPPROTO_TCP && t.test(p.tcpAck());
        });
    }
}
