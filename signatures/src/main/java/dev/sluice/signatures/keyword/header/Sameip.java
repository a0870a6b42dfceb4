package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.PacketView;

/** sameip: the source and destination addresses are the same. */
public final class Sameip extends BaseKeyword {
    public Sameip() {
        super("sameip", "sameip: source address equals destination address.", Value.NONE);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        Args.none(name(), value);
        rule.addCondition(ctx -> {
            PacketView p = ctx.packet;
            int n = p.ipVersion() == 4 ? 4 : p.ipVersion() == 6 ? 16 : 0;
            if (n == 0) {
                return false;
            }
            byte[] d = p.data();
            int s = p.srcAddrOffset();
            int t = p.dstAddrOffset();
            for (int i = 0; i < n; i++) {
                if (d[s + i] != d[t + i]) {
                    return false;
                }
            }
            return true;
        });
    }
}
