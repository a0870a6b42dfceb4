package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.ByteExtract;

import java.util.List;

/**
 * byte_extract: {@code nbytes, offset, name [, relative] [, multiplier N] [, big|little|dce]
 * [, string[, hex|dec|oct]] [, align 2|4]}: reads a number into a rule variable that later
 * keywords (depth, offset, distance, within, byte_test, byte_jump, isdataat, byte_math) can use.
 */
public final class ByteExtractKeyword extends BaseKeyword {
    public ByteExtractKeyword() {
        super("byte_extract", "byte_extract: nbytes,offset,name[,relative][,multiplier N][,endian][,string[,base]][,align N].", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        List<String> a = Args.commaList(Args.required(name(), value));
        if (a.size() < 3) {
            throw new RuleException("byte_extract needs nbytes, offset and a variable name");
        }
        boolean string = false;
        boolean endian = false;
        boolean little = false;
        boolean relative = false;
        int base = 0;
        int multiplier = 1;
        int align = 0;
        for (int i = 3; i < a.size(); i++) {
            String o = a.get(i);
            if (o.equals("relative")) {
                relative = true;
            } else if (o.equals("string")) {
                string = true;
            } else if (o.equals("hex") || o.equals("dec") || o.equals("oct")) {
                if (!string) {
                    throw new RuleException("byte_extract: a number base goes after 'string'");
                }
                base = ByteOptions.base(name(), o);
            } else if (o.equals("big") || o.equals("little") || o.equals("dce")) {
                if (endian) {
                    throw new RuleException("byte_extract: endianness given twice");
                }
                endian = true;
                little = o.equals("little");
                if (o.equals("dce")) {
                    ByteOptions.dce(name(), rule);
                }
            } else if (o.startsWith("multiplier ")) {
                multiplier = Args.parseInt(name(), "multiplier", o.substring(11), 1, 65535);
            } else if (o.startsWith("align ")) {
                align = Args.parseInt(name(), "align", o.substring(6), 2, 4);
                if (align != 2 && align != 4) {
                    throw new RuleException("byte_extract: align must be 2 or 4");
                }
            } else {
                throw new RuleException("byte_extract: unknown option '" + o + "'");
            }
        }
        if (string && endian) {
            throw new RuleException("byte_extract: endianness does not apply to 'string'");
        }
        if (string && base == 0) {
            base = 10;
        }
        int max = !string ? 8 : base == 10 ? 20 : base == 8 ? 22 : 16;
        int nbytes = Args.parseInt(name(), "nbytes", a.get(0), 1, max);
        int offset = Args.parseInt(name(), "offset", a.get(1), -65535, 65535);
        String var = a.get(2);
        if (!Args.isVarName(var)) {
            throw new RuleException("byte_extract: '" + var + "' is not a variable name");
        }
        int slot = rule.defineVar(var);
        rule.addItem(new ByteExtract(nbytes, offset, relative, string ? base : 0, little, multiplier, align, slot));
    }
}
