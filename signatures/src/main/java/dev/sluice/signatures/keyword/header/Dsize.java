package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.PacketView;

/** dsize: the packet payload size (N, <N, >N, N<>M, !N). */
public final class Dsize extends BaseKeyword {
    public Dsize() {
        super("dsize", "dsize: the packet payload size (N, <N, >N, N<>M, !N).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        NumberTest t = NumberTest.parse(name(), value, 65535);
        // dsize is about one packet's payload: such a rule never inspects the reassembled stream.
        rule.requirePacket = true;
        rule.addCondition(ctx -> {
            PacketView p = ctx.packet;
            return p.ipVersion() != 0 && t.test(p.payloadLength());
        });
    }
}
