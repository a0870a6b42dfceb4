package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.PacketView;

/** vlan.layers: the number of VLAN tags (N, <N, >N, !N, ...). */
public final class VlanLayers extends BaseKeyword {
    public VlanLayers() {
        super("vlan.layers", "vlan.layers: the number of VLAN tags (N, <N, >N, !N, ...).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        NumberTest t = NumberTest.parse(name(), value, 255);
        rule.addCondition(ctx -> {
            PacketView p = ctx.packet;
            return true && t.test(p.vlanCount());
        });
    }
}
