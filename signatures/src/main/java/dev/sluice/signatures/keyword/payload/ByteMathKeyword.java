package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.ByteMath;

import java.util.List;

/**
 * byte_math: {@code bytes N, offset N, oper + - * / << >>, rvalue N|var, result name [, relative]
 * [, endian big|little|dce] [, string hex|dec|oct] [, dce] [, bitmask 0xN]}, options in any order.
 */
public final class ByteMathKeyword extends BaseKeyword {
    public ByteMathKeyword() {
        super("byte_math", "byte_math: bytes N,offset N,oper OP,rvalue V,result NAME[,relative][,endian E][,string B][,bitmask N].", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        List<String> a = Args.commaList(Args.required(name(), value));
        String bytes = null;
        String offset = null;
        String oper = null;
        String rvalue = null;
        String result = null;
        boolean relative = false;
        boolean little = false;
        boolean dce = false;
        int base = 0;
        long bitmask = 0;
        for (String o : a) {
            int sp = o.indexOf(' ');
            String key = sp < 0 ? o : o.substring(0, sp);
            String v = sp < 0 ? null : o.substring(sp + 1).trim();
            switch (key) {
                case "bytes": bytes = need(key, v); break;
                case "offset": offset = need(key, v); break;
                case "oper": oper = need(key, v); break;
                case "rvalue": rvalue = need(key, v); break;
                case "result": result = need(key, v); break;
                case "relative": relative = true; break;
                case "dce": dce = true; break;
                case "endian":
                    switch (need(key, v)) {
                        case "big": little = false; break;
                        case "little": little = true; break;
                        case "dce": dce = true; break;
                        default: throw new RuleException("byte_math: endian must be big, little or dce");
                    }
                    break;
                case "string": base = ByteOptions.base(name(), need(key, v)); break;
                case "bitmask": bitmask = ByteOptions.bitmask(name(), need(key, v)); break;
                default: throw new RuleException("byte_math: unknown option '" + o + "'");
            }
        }
        if (bytes == null || offset == null || oper == null || rvalue == null || result == null) {
            throw new RuleException("byte_math needs bytes, offset, oper, rvalue and result");
        }
        long[] nbytes = ByteOptions.numberOrVar(name(), "bytes", bytes, rule, 1, 10);
        ByteMath.Op op;
        switch (oper) {
            case "+": op = ByteMath.Op.ADD; break;
            case "-": op = ByteMath.Op.SUB; break;
            case "*": op = ByteMath.Op.MUL; break;
            case "/": op = ByteMath.Op.DIV; break;
            case "<<": op = ByteMath.Op.SHL; break;
            case ">>": op = ByteMath.Op.SHR; break;
            default: throw new RuleException("byte_math: invalid operator '" + oper + "'");
        }
        if (nbytes[1] == 0 && (op == ByteMath.Op.SHL || op == ByteMath.Op.SHR) && nbytes[0] > 4) {
            throw new RuleException("byte_math: bytes must be 1..4 with << and >>");
        }
        if (dce) {
            if (nbytes[1] == 0 && nbytes[0] != 1 && nbytes[0] != 2 && nbytes[0] != 4) {
                throw new RuleException("byte_math: bytes must be 1, 2 or 4 with dce");
            }
            ByteOptions.dce(name(), rule);
        }
        int off = Args.parseInt(name(), "offset", offset, -65535, 65535);
        long[] rv = ByteOptions.numberOrVar(name(), "rvalue", rvalue, rule, 0, 0xffffffffL);
        if (!Args.isVarName(result)) {
            throw new RuleException("byte_math: result '" + result + "' is not a variable name");
        }
        int slot = rule.defineVar(result);
        rule.addItem(new ByteMath((int) nbytes[0], nbytes[1] == 1, off, relative, base, little, op,
                rv[0], rv[1] == 1, bitmask, slot));
    }

    private static String need(String key, String v) throws RuleException {
        if (v == null || v.isEmpty()) {
            throw new RuleException("byte_math: '" + key + "' needs a value");
        }
        return v;
    }
}
