package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.Buffer;

/**
 * dns.query (old spelling dns_query): sticky buffer of the query names of DNS requests, dotted and
 * without a trailing dot ({@code mail.google.com}); one instance per question, a rule matches when
 * any does. Responses are not inspected (dns.queries.rrname covers both).
 */
public final class DnsQuery extends BaseKeyword {
    public DnsQuery(String name) {
        super(name, name + ": sticky buffer of DNS request query names (dotted, no trailing dot).", Value.NONE);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        Args.none(name(), value);
        rule.setBuffer(Buffer.DNS_QUERY);
    }
}
