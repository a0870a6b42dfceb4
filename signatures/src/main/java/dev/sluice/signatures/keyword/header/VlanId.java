package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.PacketView;

/**
 * vlan.id: {@code id[,layer]}: a VLAN tag has this id (N, !N, &lt;N, ...); layer 0 is the outermost,
 * negative layers count from the innermost (-1); without a layer any tag may match.
 */
public final class VlanId extends BaseKeyword {
    public VlanId() {
        super("vlan.id", "vlan.id: id[,layer], a VLAN tag's id.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = Args.unquote(Args.required(name(), value));
        int comma = v.indexOf(',');
        boolean any = comma < 0;
        int layer = 0;
        if (!any) {
            String l = v.substring(comma + 1).trim();
            if (l.equals("all") || l.equals("any")) {
                any = true;
            } else {
                layer = Args.parseInt(name(), "layer", l, -3, 2);
            }
            v = v.substring(0, comma);
        }
        NumberTest t = NumberTest.parse(name(), v, 4095);
        final boolean anyLayer = any;
        final int at = layer;
        rule.addCondition(ctx -> {
            PacketView p = ctx.packet;
            int n = p.vlanCount();
            if (anyLayer) {
                for (int i = 0; i < n; i++) {
                    if (t.test(p.vlanId(i))) {
                        return true;
                    }
                }
                return false;
            }
            int i = at < 0 ? n + at : at;
            return i >= 0 && i < n && t.test(p.vlanId(i));
        });
    }
}
