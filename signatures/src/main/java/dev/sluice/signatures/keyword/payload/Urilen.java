package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;

/** urilen: the HTTP URI length ([,norm|raw]); checked, then the rule waits for the HTTP parser. */
public final class Urilen extends BaseKeyword {
    public Urilen() {
        super("urilen", "urilen: the HTTP URI length (waits for the http parser).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = value == null ? null : value.trim();
        if (v != null) {
            int comma = v.indexOf(',');
            if (comma >= 0) {
                String kind = v.substring(comma + 1).trim();
                if (!kind.equals("norm") && !kind.equals("raw")) {
                    throw new RuleException("urilen: expected norm or raw after the comma, not '" + kind + "'");
                }
                v = v.substring(0, comma);
            }
        }
        NumberTest.parse(name(), v, 65535);
        rule.markInactive("waiting for the http parser (urilen)");
    }
}
