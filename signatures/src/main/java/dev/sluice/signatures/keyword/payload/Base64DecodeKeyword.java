package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.Base64Decode;

/** base64_decode: {@code [bytes N][, offset N][, relative]}: decodes base64 for base64_data to inspect. */
public final class Base64DecodeKeyword extends BaseKeyword {
    public Base64DecodeKeyword() {
        super("base64_decode", "base64_decode[:bytes N,offset N,relative]: decode base64 for base64_data.", Value.OPTIONAL);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        if (ContentKeyword.afterBase64Data(rule)) {
            throw new RuleException("base64_decode can't follow base64_data");
        }
        int bytes = 0;
        int offset = 0;
        boolean relative = false;
        if (value != null && !value.isBlank()) {
            for (String o : Args.commaList(value)) {
                if (o.equals("relative")) {
                    relative = true;
                } else if (o.startsWith("bytes ")) {
                    bytes = Args.parseInt(name(), "bytes", o.substring(6), 1, 65535);
                } else if (o.startsWith("offset ")) {
                    offset = Args.parseInt(name(), "offset", o.substring(7), 0, 65535);
                } else {
                    throw new RuleException("base64_decode: unknown option '" + o + "'");
                }
            }
        }
        rule.addItem(new Base64Decode(bytes, offset, relative));
    }
}
