package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.TxCondition;
import dev.sluice.signatures.match.TxField;

import java.util.function.ToIntFunction;

/**
 * dns.rrtype: the record type of a DNS message's questions (number or name such as AAAA; N, !N,
 * ...), requests and responses; holds when any question's type passes.
 */
public final class DnsRrtype extends BaseKeyword {
    public DnsRrtype() {
        super("dns.rrtype", "dns.rrtype: the DNS question record type (number or name: A, AAAA, ...).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        rule.addCondition(new TxCondition("dns", TxField.DNS_RRTYPE,
                NumberTest.parse(name(), numeric(value, DnsCodes::typeOf), 65535)));
    }

    /** The value with a mnemonic after its operator ("!AAAA") replaced by its number; else unchanged. */
    static String numeric(String value, ToIntFunction<String> codes) {
        if (value == null) {
            return null;
        }
        String s = value.trim();
        int i = 0;
        while (i < s.length() && "!<>= ".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        String word = s.substring(i);
        if (!word.isEmpty() && Character.isLetter(word.charAt(0))) {
            int code = codes.applyAsInt(word);
            if (code >= 0) {
                return s.substring(0, i) + code;
            }
        }
        return value;
    }
}
