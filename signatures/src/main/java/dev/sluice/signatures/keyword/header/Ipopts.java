package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.PacketView;

/** ipopts: an IPv4 option is present: rr, eol, nop, ts, sec, esec, lsrr, ssrr, satid, or any. */
public final class Ipopts extends BaseKeyword {
    public Ipopts() {
        super("ipopts", "ipopts: rr|eol|nop|ts|sec|esec|lsrr|ssrr|satid|any, an IPv4 option is present.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = Args.unquote(Args.required(name(), value)).trim();
        long bit;
        switch (v) {
            case "eol": bit = PacketView.IPOPT_EOL; break;
            case "nop": bit = PacketView.IPOPT_NOP; break;
            case "rr": bit = PacketView.IPOPT_RR; break;
            case "ts": bit = PacketView.IPOPT_TS; break;
            case "sec": bit = PacketView.IPOPT_SEC; break;
            case "esec": bit = PacketView.IPOPT_ESEC; break;
            case "lsrr": bit = PacketView.IPOPT_LSRR; break;
            case "ssrr": bit = PacketView.IPOPT_SSRR; break;
            case "satid": bit = PacketView.IPOPT_SATID; break;
            case "any": bit = -1L; break;
            default: throw new RuleException("ipopts: unknown option '" + v + "'");
        }
        final long want = bit;
        rule.addCondition(ctx -> ctx.packet.ipVersion() == 4 && (ctx.packet.ipOptions() & want) != 0);
    }
}
