package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.NumberTest;
import dev.sluice.signatures.match.TxCondition;
import dev.sluice.signatures.match.TxField;

/** tls.cert_chain_len: the number of certificates the server sent (N, &lt;N, &gt;N, N-M, ...). */
public final class TlsCertChainLen extends BaseKeyword {
    public TlsCertChainLen() {
        super("tls.cert_chain_len", "tls.cert_chain_len: number of certificates in the server chain (N, <N, >N, N-M).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        rule.addCondition(new TxCondition("tls", TxField.TLS_CERT_CHAIN_LEN, NumberTest.parse(name(), value, 0xffffffL)));
    }
}
