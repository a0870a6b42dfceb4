package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.Bsize;
import dev.sluice.signatures.match.NumberTest;

/** bsize: the size of the current (sticky) buffer: N, !N, <N, >N, N<>M, ... */
public final class BsizeKeyword extends BaseKeyword {
    public BsizeKeyword() {
        super("bsize", "bsize: the current buffer's size (N, <N, >N, N<>M, !N).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        rule.addItem(new Bsize(NumberTest.parse(name(), value, 0xffffffffL)));
    }
}
