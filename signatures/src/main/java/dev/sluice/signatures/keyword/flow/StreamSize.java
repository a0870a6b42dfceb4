package dev.sluice.signatures.keyword.flow;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.FlowState;

import java.util.List;

/**
 * stream_size: {@code server|client|both|either, op, N} with op one of {@code > < = != >= <=}: the
 * bytes the server / client sent so far (both: each side; either: one side).
 */
public final class StreamSize extends BaseKeyword {
    public StreamSize() {
        super("stream_size", "stream_size: server|client|both|either,op,N on the bytes sent so far.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        List<String> a = Args.commaList(Args.required(name(), value));
        if (a.size() != 3) {
            throw new RuleException("stream_size: expected side,operator,number");
        }
        String side = a.get(0);
        if (!side.equals("server") && !side.equals("client") && !side.equals("both") && !side.equals("either")) {
            throw new RuleException("stream_size: side must be server, client, both or either, not '" + side + "'");
        }
        String op = a.get(1);
        if (!op.equals(">") && !op.equals("<") && !op.equals("=") && !op.equals("!=") && !op.equals(">=") && !op.equals("<=")) {
            throw new RuleException("stream_size: invalid operator '" + op + "'");
        }
        final long n = Args.parseLong(name(), "size", a.get(2), 0, 0xffffffffL);
        final String s = side;
        final String o = op;
        rule.addCondition(ctx -> {
            FlowState f = ctx.flow;
            if (f == null) {
                return false;
            }
            switch (s) {
                case "server": return cmp(f.serverBytes(), o, n);
                case "client": return cmp(f.clientBytes(), o, n);
                case "both": return cmp(f.serverBytes(), o, n) && cmp(f.clientBytes(), o, n);
                default: return cmp(f.serverBytes(), o, n) || cmp(f.clientBytes(), o, n);
            }
        });
    }

    private static boolean cmp(long v, String op, long n) {
        switch (op) {
            case ">": return v > n;
            case "<": return v < n;
            case "=": return v == n;
            case "!=": return v != n;
            case ">=": return v >= n;
            default: return v <= n;
        }
    }
}
