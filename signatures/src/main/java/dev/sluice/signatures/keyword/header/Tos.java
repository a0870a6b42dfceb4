package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;

/** tos: the IPv4 TOS byte, {@code [!]N} (decimal) or {@code [!]xNN} (hex). */
public final class Tos extends BaseKeyword {
    public Tos() {
        super("tos", "tos: [!]N or [!]xNN, the IPv4 TOS byte.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = Args.unquote(Args.required(name(), value)).trim();
        boolean neg = v.startsWith("!");
        if (neg) {
            v = v.substring(1).trim();
        }
        int tos;
        if (v.startsWith("x") || v.startsWith("X")) {
            tos = (int) Args.parseLong(name(), "value", "0x" + v.substring(1), 0, 255);
        } else {
            tos = Args.parseInt(name(), "value", v, 0, 255);
        }
        final int want = tos;
        final boolean n = neg;
        rule.addCondition(ctx -> ctx.packet.ipVersion() == 4 && (ctx.packet.tos() == want) != n);
    }
}
