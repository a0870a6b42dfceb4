package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.TxCondition;
import dev.sluice.signatures.match.TxField;

/**
 * tls.version: the TLS version of the inspected direction equals {@code 1.0}, {@code 1.1},
 * {@code 1.2}, {@code 1.3} or a raw 16-bit value ({@code 0x0303}, {@code 771}).
 */
public final class TlsVersion extends BaseKeyword {
    public TlsVersion() {
        super("tls.version", "tls.version: 1.0|1.1|1.2|1.3|0xNNNN, the TLS version of the flow.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = Args.required(name(), value).trim();
        if (v.length() > 1 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1).trim();
        }
        long want;
        switch (v) {
            case "1.0": want = 0x0301; break;
            case "1.1": want = 0x0302; break;
            case "1.2": want = 0x0303; break;
            case "1.3": want = 0x0304; break;
            default:
                try {
                    want = v.startsWith("0x") || v.startsWith("0X") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw new RuleException("tls.version: expected 1.0, 1.1, 1.2, 1.3 or a number, got '" + v + "'");
                }
                if (want < 0 || want > 0xffff) {
                    throw new RuleException("tls.version: " + v + " is not a 16-bit version");
                }
        }
        final long w = want;
        // draft versions of 1.3 (0x7fxx) count as 1.3
        rule.addCondition(new TxCondition("tls", TxField.TLS_VERSION,
                ver -> ver == w || w == 0x0304 && (ver & 0xff00) == 0x7f00));
    }
}
