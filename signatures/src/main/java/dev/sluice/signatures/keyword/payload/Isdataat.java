package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.IsDataAt;

import java.util.List;

/** isdataat: {@code [!]N|var [, relative] [, rawbytes]}: data exists at byte N (or N bytes after the previous match). */
public final class Isdataat extends BaseKeyword {
    public Isdataat() {
        super("isdataat", "isdataat: [!]N[,relative][,rawbytes], data exists at N.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        List<String> a = Args.commaList(Args.required(name(), value));
        String n = a.get(0);
        boolean negated = n.startsWith("!");
        if (negated) {
            n = n.substring(1).trim();
        }
        boolean relative = false;
        for (int i = 1; i < a.size(); i++) {
            String o = a.get(i);
            if (o.equals("relative")) {
                relative = true;
            } else if (!o.equals("rawbytes")) {
                throw new RuleException("isdataat: unknown option '" + o + "'");
            }
        }
        long[] v = ByteOptions.numberOrVar(name(), "offset", n, rule, 0, 65535);
        rule.addItem(new IsDataAt((int) v[0], v[1] == 1, relative, negated));
    }
}
