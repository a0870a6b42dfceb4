package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.TxCondition;
import dev.sluice.signatures.match.TxField;

/** dns.rcode: the response code of a DNS message's header (0-15, or a name such as NXDOMAIN; N, !N, N-M, ...). */
public final class DnsRcode extends BaseKeyword {
    public DnsRcode() {
        super("dns.rcode", "dns.rcode: the DNS header rcode (number or name: NXDOMAIN, ...).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        rule.addCondition(new TxCondition("dns", TxField.DNS_RCODE,
                NumberTest.parse(name(), DnsRrtype.numeric(value, DnsCodes::rcodeOf), 255)));
    }
}
