package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.TxCondition;
import dev.sluice.signatures.match.TxField;

/**
 * urilen: the length of an HTTP request's URI ({@code N}, {@code <N}, {@code >N}, {@code N<>M},
 * then optionally {@code ,norm} (the default: the normalised http.uri) or {@code ,raw}
 * (http.uri.raw)); a test on the HTTP transaction.
 */
public final class Urilen extends BaseKeyword {
    public Urilen() {
        super("urilen", "urilen: the HTTP URI length (N, <N, >N, N<>M; ,norm or ,raw).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = value == null ? null : value.trim();
        TxField field = TxField.HTTP_URI_LEN;
        if (v != null) {
            int comma = v.indexOf(',');
            if (comma >= 0) {
                String kind = v.substring(comma + 1).trim();
                if (kind.equals("raw")) {
                    field = TxField.HTTP_URI_RAW_LEN;
                } else if (!kind.equals("norm")) {
                    throw new RuleException("urilen: expected norm or raw after the comma, not '" + kind + "'");
                }
                v = v.substring(0, comma).trim();
            }
        }
        rule.addCondition(new TxCondition("http", field, NumberTest.parse(name(), v, 65535)));
    }
}
