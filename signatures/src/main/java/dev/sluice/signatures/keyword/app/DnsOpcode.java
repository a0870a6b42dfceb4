package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.TxCondition;
import dev.sluice.signatures.match.TxField;

/** dns.opcode: the opcode of a DNS message's header (0-15; N, !N, N-M, &lt;N, ...), requests and responses. */
public final class DnsOpcode extends BaseKeyword {
    public DnsOpcode() {
        super("dns.opcode", "dns.opcode: the DNS header opcode (N, !N, N-M, <N, ...).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        rule.addCondition(new TxCondition("dns", TxField.DNS_OPCODE, NumberTest.parse(name(), value, 255)));
    }
}
