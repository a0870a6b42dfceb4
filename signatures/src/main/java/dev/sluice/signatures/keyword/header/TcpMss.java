package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.PacketView;

/** tcp.mss: the TCP MSS option value (N, <N, >N, N-M, ...). */
public final class TcpMss extends BaseKeyword {
    public TcpMss() {
        super("tcp.mss", "tcp.mss: the TCP MSS option value (N, <N, >N, N-M, ...).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        NumberTest t = NumberTest.parse(name(), value, 65535);
        rule.addCondition(ctx -> {
            PacketView p = ctx.packet;
            return (p.ipProto() == PacketView.IPPROTO_TCP && p.tcpMss() >= 0) && t.test(p.tcpMss());
        });
    }
}
