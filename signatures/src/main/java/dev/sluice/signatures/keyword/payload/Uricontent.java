package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.match.Buffer;

/** uricontent: the pre-sticky-buffer spelling of {@code content:...; http_uri;}. */
public final class Uricontent extends ContentKeyword {
    public Uricontent() {
        super("uricontent", "uricontent: a content in the normalized HTTP URI (old spelling).");
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        add(name(), value, rule);
        rule.moveLastItem(Buffer.HTTP_URI);
    }
}
