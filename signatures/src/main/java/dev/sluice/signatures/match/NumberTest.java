package dev.sluice.signatures.match;

import dev.sluice.signatures.RuleException;

/**
 * A comparison of an unsigned number against a rule's value, in Suricata's integer syntax:
 * {@code N}, {@code =N}, {@code !N}, {@code <N}, {@code <=N}, {@code >N}, {@code >=N}, and the
 * exclusive ranges {@code N-M} / {@code N<>M} ({@code N < x < M}), {@code !N-M} outside it.
 * Used by ttl, itype, icode, dsize, bsize, vlan.layers and friends. Immutable.
 */
public final class NumberTest {
    public enum Op { EQ, NE, LT, LE, GT, GE, RANGE, NOT_RANGE }

    public final Op op;
    public final long a;
    /** Upper bound of a range; unused otherwise. */
    public final long b;

    public NumberTest(Op op, long a, long b) {
        this.op = op;
        this.a = a;
        this.b = b;
    }

    public boolean test(long v) {
        switch (op) {
            case EQ: return v == a;
            case NE: return v != a;
            case LT: return v < a;
            case LE: return v <= a;
            case GT: return v > a;
            case GE: return v >= a;
            case RANGE: return v > a && v < b;
            default: return v <= a || v >= b;
        }
    }

    /**
     * Parses the keyword value.
     *
     * @param keyword for messages
     * @param max     the largest value the field can hold
     */
    public static NumberTest parse(String keyword, String value, long max) throws RuleException {
        if (value == null || value.isBlank()) {
            throw new RuleException(keyword + " needs a value");
        }
        String s = value.trim();
        if (s.length() > 1 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
            s = s.substring(1, s.length() - 1).trim();
        }
        Op op;
        boolean neg = false;
        if (s.startsWith("!=")) {
            op = Op.NE;
            s = s.substring(2);
        } else if (s.startsWith("!")) {
            neg = true;
            op = Op.NE;
            s = s.substring(1);
        } else if (s.startsWith("<=")) {
            op = Op.LE;
            s = s.substring(2);
        } else if (s.startsWith(">=")) {
            op = Op.GE;
            s = s.substring(2);
        } else if (s.startsWith("<")) {
            op = Op.LT;
            s = s.substring(1);
        } else if (s.startsWith(">")) {
            op = Op.GT;
            s = s.substring(1);
        } else if (s.startsWith("=")) {
            op = Op.EQ;
            s = s.substring(1);
        } else {
            op = Op.EQ;
        }
        s = s.trim();
        if (op == Op.EQ || op == Op.NE) {
            int r = s.indexOf("<>");
            int sepLen = 2;
            if (r < 0) {
                r = s.indexOf('-', 1);
                sepLen = 1;
            }
            if (r > 0) {
                long lo = number(keyword, s.substring(0, r), max);
                long hi = number(keyword, s.substring(r + sepLen), max);
                if (lo >= hi) {
                    throw new RuleException(keyword + ": range '" + value.trim() + "' is empty (first value must be smaller)");
                }
                return new NumberTest(neg ? Op.NOT_RANGE : Op.RANGE, lo, hi);
            }
        }
        return new NumberTest(op, number(keyword, s, max), 0);
    }

    private static long number(String keyword, String s, long max) throws RuleException {
        String t = s.trim();
        try {
            long v = Long.parseLong(t);
            if (v < 0 || v > max) {
                throw new RuleException(keyword + ": value " + t + " out of range 0-" + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new RuleException(keyword + ": '" + t + "' is not a number");
        }
    }

    @Override
    public String toString() {
        return op + " " + a + (op == Op.RANGE || op == Op.NOT_RANGE ? "," + b : "");
    }
}
