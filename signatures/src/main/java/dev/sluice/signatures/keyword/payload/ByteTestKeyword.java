package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.ByteTest;

import java.util.List;

/**
 * byte_test: {@code nbytes, [!]op, value, offset [, relative] [, big|little|dce] [, string, hex|dec|oct]
 * [, bitmask 0xN]}; op is one of {@code < > = <= >= & ^}. nbytes, value and offset may be variables.
 */
public final class ByteTestKeyword extends BaseKeyword {
    public ByteTestKeyword() {
        super("byte_test", "byte_test: nbytes,[!]op,value,offset[,relative][,endian][,string,base][,bitmask N].", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        List<String> a = Args.commaList(Args.required(name(), value));
        if (a.size() < 4) {
            throw new RuleException("byte_test needs at least nbytes, operator, value and offset");
        }
        ByteOptions.Common common = new ByteOptions.Common();
        long bitmask = 0;
        for (int i = 4; i < a.size(); i++) {
            String o = a.get(i);
            String lo = o.toLowerCase(java.util.Locale.ROOT);
            if (common.accept(name(), o, rule)) {
                continue;
            }
            if (lo.startsWith("bitmask")) {
                bitmask = ByteOptions.bitmask(name(), o.substring(7));
            } else {
                throw new RuleException("byte_test: unknown option '" + o + "'");
            }
        }
        common.finish(name());
        boolean string = common.string;
        boolean little = common.little;
        boolean relative = common.relative;
        int base = common.base;
        long[] nbytes = ByteOptions.numberOrVar(name(), "nbytes", a.get(0), rule, 0, string ? 23 : 8);
        String op = a.get(1);
        boolean negate = false;
        if (op.startsWith("!")) {
            negate = true;
            op = op.substring(1).trim();
        }
        ByteTest.Op bop;
        switch (op) {
            case "":
                if (!negate) {
                    throw new RuleException("byte_test: missing operator");
                }
                bop = ByteTest.Op.EQ;
                break;
            case "=": bop = ByteTest.Op.EQ; break;
            case "<": bop = ByteTest.Op.LT; break;
            case ">": bop = ByteTest.Op.GT; break;
            case "<=": bop = ByteTest.Op.LE; break;
            case ">=": bop = ByteTest.Op.GE; break;
            case "&": bop = ByteTest.Op.AND; break;
            case "^": bop = ByteTest.Op.XOR; break;
            default: throw new RuleException("byte_test: invalid operator '" + a.get(1) + "'");
        }
        String val = a.get(2);
        long v;
        boolean valueVar = Args.isVarName(val);
        if (valueVar) {
            v = Args.varSlot(rule, name(), val);
        } else {
            v = ByteOptions.autoNumber(name(), "value", val);
        }
        long[] offset = ByteOptions.numberOrVar(name(), "offset", a.get(3), rule, -65535, 65535);
        rule.addItem(new ByteTest((int) nbytes[0], nbytes[1] == 1, bop, negate, v, valueVar,
                (int) offset[0], offset[1] == 1, relative, base, little, bitmask));
    }
}
