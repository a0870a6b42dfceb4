package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.Base64Data;
import dev.sluice.signatures.match.Base64Decode;
import dev.sluice.signatures.match.PayloadItem;

/** base64_data: the payload keywords after it inspect the base64_decode output. */
public final class Base64DataKeyword extends BaseKeyword {
    public Base64DataKeyword() {
        super("base64_data", "base64_data: following payload keywords inspect the base64_decode output.", Value.NONE);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        Args.none(name(), value);
        if (ContentKeyword.afterBase64Data(rule)) {
            throw new RuleException("base64_data used twice");
        }
        boolean decode = false;
        for (PayloadItem it : rule.itemsOf(rule.currentBuffer())) {
            decode |= it instanceof Base64Decode;
        }
        if (!decode) {
            throw new RuleException("base64_data needs a base64_decode before it in the same buffer");
        }
        rule.addItem(Base64Data.MARKER);
    }
}
