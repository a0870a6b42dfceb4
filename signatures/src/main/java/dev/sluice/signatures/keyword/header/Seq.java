package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.PacketView;

/** seq: the TCP sequence number. */
public final class Seq extends BaseKeyword {
    public Seq() {
        super("seq", "seq: the TCP sequence number.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        NumberTest t = NumberTest.parse(name(), value, 0xffffffffL);
        rule.addCondition(ctx -> {
            PacketView p = ctx.packet;
            return p.ipProto() == PacketView.IPPROTO_TCP && t.test(p.tcpSeq());
        });
    }
}
