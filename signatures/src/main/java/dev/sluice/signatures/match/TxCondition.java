package dev.sluice.signatures.match;

/**
 * A test on an application-layer transaction (dns.opcode, ...): a rule holding one is evaluated on
 * the transactions of {@link #app()}'s flows, never on bare packets. Fails when no transaction is
 * under inspection. Immutable.
 */
public final class TxCondition implements PacketCondition {
    private final String app;
    private final TxField field;
    private final NumberTest test;

    /**
     * @param app   application protocol of the transactions ("dns")
     * @param field the field tested; the test holds when any of its values passes
     */
    public TxCondition(String app, TxField field, NumberTest test) {
        this.app = app;
        this.field = field;
        this.test = test;
    }

    public String app() {
        return app;
    }

    public TxField field() {
        return field;
    }

    @Override
    public boolean matches(DetectContext ctx) {
        TxView tx = ctx.tx;
        if (tx == null) {
            return false;
        }
        for (int i = 0; ; i++) {
            long v = tx.field(field, i);
            if (v < 0) {
                return false;
            }
            if (test.test(v)) {
                return true;
            }
        }
    }
}
