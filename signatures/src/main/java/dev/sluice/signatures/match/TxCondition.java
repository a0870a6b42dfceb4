package dev.sluice.signatures.match;

import java.util.function.LongPredicate;

/**
 * A test on an application-layer transaction (dns.opcode, ssl_version, tls.subject, ...): a rule
 * holding one is evaluated on the transactions of {@link #app()}'s flows, never on bare packets.
 * Either a test on the values of an integer {@link TxField} (holds when any value passes) or a
 * free {@link Test} of the transaction. Fails when no transaction is under inspection. Immutable.
 */
public final class TxCondition implements PacketCondition {
    /** A test of a whole transaction (string fields, several fields at once). */
    @FunctionalInterface
    public interface Test {
        boolean test(TxView tx, DetectContext ctx);
    }

    private final String app;
    private final TxField field;
    private final LongPredicate values;
    private final Test test;

    /**
     * @param app   application protocol of the transactions ("dns")
     * @param field the field tested; the test holds when any of its values passes
     */
    public TxCondition(String app, TxField field, NumberTest test) {
        this(app, field, (LongPredicate) test::test);
    }

    /** A field test by predicate: holds when any value of {@code field} passes. */
    public TxCondition(String app, TxField field, LongPredicate values) {
        this.app = app;
        this.field = field;
        this.values = values;
        this.test = null;
    }

    /** A free test of the transaction. */
    public TxCondition(String app, Test test) {
        this.app = app;
        this.field = null;
        this.values = null;
        this.test = test;
    }

    public String app() {
        return app;
    }

    /** The field tested, null for a free test. */
    public TxField field() {
        return field;
    }

    @Override
    public boolean matches(DetectContext ctx) {
        TxView tx = ctx.tx;
        if (tx == null) {
            return false;
        }
        if (test != null) {
            return test.test(tx, ctx);
        }
        for (int i = 0; ; i++) {
            long v = tx.field(field, i);
            if (v < 0) {
                return false;
            }
            if (values.test(v)) {
                return true;
            }
        }
    }
}
