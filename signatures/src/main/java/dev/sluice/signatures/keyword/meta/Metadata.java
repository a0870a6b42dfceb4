package dev.sluice.signatures.keyword.meta;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;

import java.util.ArrayList;

/** metadata: comma-separated "key value" pairs, kept as key to values (several keywords add up). */
public final class Metadata extends BaseKeyword {
    public Metadata() {
        super("metadata", "metadata: key value pairs, comma-separated.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        for (String part : Args.commaList(Args.required(name(), value))) {
            if (part.isEmpty()) {
                continue;
            }
            String p = Args.unquote(part);
            int sp = indexOfSpace(p);
            String key = sp < 0 ? p : p.substring(0, sp);
            String v = sp < 0 ? "" : p.substring(sp + 1).trim();
            rule.metadata.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
        }
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
