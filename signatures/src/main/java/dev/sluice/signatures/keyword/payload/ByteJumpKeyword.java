package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.ByteJump;

import java.util.List;

/**
 * byte_jump: {@code nbytes, offset [, relative] [, multiplier N] [, big|little|dce]
 * [, string, hex|dec|oct] [, align] [, from_beginning|from_end] [, post_offset N]}. nbytes and offset
 * may be variables.
 */
public final class ByteJumpKeyword extends BaseKeyword {
    public ByteJumpKeyword() {
        super("byte_jump", "byte_jump: nbytes,offset[,relative][,multiplier N][,endian][,string,base][,align][,from_beginning|from_end][,post_offset N].", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        List<String> a = Args.commaList(Args.required(name(), value));
        if (a.size() < 2) {
            throw new RuleException("byte_jump needs at least nbytes and offset");
        }
        ByteOptions.Common common = new ByteOptions.Common();
        boolean align = false;
        boolean begin = false;
        boolean end = false;
        int multiplier = 1;
        int postOffset = 0;
        for (int i = 2; i < a.size(); i++) {
            String o = a.get(i);
            String lo = o.toLowerCase(java.util.Locale.ROOT);
            if (common.accept(name(), o, rule)) {
                continue;
            }
            if (lo.equals("align")) {
                align = true;
            } else if (lo.equals("from_beginning")) {
                begin = true;
            } else if (lo.equals("from_end")) {
                end = true;
            } else if (lo.startsWith("multiplier ")) {
                multiplier = Args.parseInt(name(), "multiplier", o.substring(11), 1, 65535);
            } else if (lo.startsWith("post_offset ")) {
                postOffset = Args.parseInt(name(), "post_offset", o.substring(12), -65535, 65535);
            } else if (lo.startsWith("bitmask")) {
                throw new RuleException("byte_jump: bitmask is not supported yet");
            } else {
                throw new RuleException("byte_jump: unknown option '" + o + "'");
            }
        }
        if (begin && end) {
            throw new RuleException("byte_jump: from_beginning and from_end exclude each other");
        }
        common.finish(name());
        boolean string = common.string;
        boolean little = common.little;
        boolean relative = common.relative;
        int base = common.base;
        long[] nbytes = ByteOptions.numberOrVar(name(), "nbytes", a.get(0), rule, 0, string ? 23 : 8);
        long[] offset = ByteOptions.numberOrVar(name(), "offset", a.get(1), rule, -65535, 65535);
        rule.addItem(new ByteJump((int) nbytes[0], nbytes[1] == 1, (int) offset[0], offset[1] == 1, relative,
                base, little, multiplier, align, postOffset, begin, end));
    }
}
