package dev.sluice.signatures.keyword.flow;

import dev.sluice.signatures.Rule;
import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.FlowState;

/**
 * flowint: an unsigned 32-bit integer per flow and name. {@code name,=|+|-,value} changes it after
 * the rule matched in full ({@code +} on an unset integer sets it to the value, {@code -} on one does
 * nothing); {@code name,==|!=|<|<=|>|>=,value} and {@code name,isset|notset|isnotset} are packet
 * conditions. The value is a number (0 to 2^32-1) or the name of another flowint, read as 0 while
 * unset. A comparison on an unset integer, or on a packet without a flow, does not match.
 */
public final class Flowint extends BaseKeyword {
    static final long MASK = 0xFFFFFFFFL;

    private static final int SET = 0;
    private static final int ADD = 1;
    private static final int SUB = 2;
    private static final int EQ = 3;
    private static final int NE = 4;
    private static final int LT = 5;
    private static final int LE = 6;
    private static final int GT = 7;
    private static final int GE = 8;
    private static final int ISSET = 9;
    private static final int NOTSET = 10;

    public Flowint() {
        super("flowint", "flowint: name,=|+|-|==|!=|<|<=|>|>=,number or flowint name; name,isset|notset.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = Args.required(name(), value);
        String[] parts = v.split(",", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new RuleException("flowint: expected name,operator[,value], got '" + v + "'");
        }
        String var = parts[0].trim();
        checkName(var);
        String opText = parts[1].trim();
        int op = operator(opText);
        String target = parts.length == 3 ? parts[2].trim() : null;
        final int id = rule.load.flowints.idOf(var);
        if (op == ISSET || op == NOTSET) {
            // the reference engine ignores a value after isset/notset; so do we
            final boolean want = op == ISSET;
            rule.varUsed(Rule.VAR_FLOWINT, false);
            rule.addCondition(ctx -> ctx.flow != null && ctx.flow.isIntSet(id) == want);
            return;
        }
        if (target == null || target.isEmpty()) {
            throw new RuleException("flowint:" + var + "," + opText + " needs a value (a number or a flowint name)");
        }
        final boolean byVar;
        final int tid;
        final long tval;
        char c0 = target.charAt(0);
        if (c0 >= '0' && c0 <= '9') {
            byVar = false;
            tid = -1;
            tval = Args.parseLong(name(), "value", target, 0, MASK);
        } else {
            checkName(target);
            byVar = true;
            tid = rule.load.flowints.idOf(target);
            tval = 0;
        }
        if (op <= SUB) {
            final int kind = op;
            rule.varUsed(Rule.VAR_FLOWINT, true);
            if (byVar) {
                rule.varUsed(Rule.VAR_FLOWINT, false);
            }
            rule.addPostMatch(ctx -> {
                FlowState f = ctx.flow;
                if (f == null) {
                    return;
                }
                long t = byVar ? f.intValue(tid) : tval;
                boolean set = f.isIntSet(id);
                if (kind == SET) {
                    f.setInt(id, t);
                } else if (kind == ADD) {
                    f.setInt(id, set ? (f.intValue(id) + t) & MASK : t);
                } else if (set) {
                    f.setInt(id, (f.intValue(id) - t) & MASK); // wraps like the reference engine's uint32
                }
            });
            return;
        }
        final int cmp = op;
        rule.varUsed(Rule.VAR_FLOWINT, false);
        rule.addCondition(ctx -> {
            FlowState f = ctx.flow;
            if (f == null || !f.isIntSet(id)) {
                return false;
            }
            long x = f.intValue(id);
            long t = byVar ? f.intValue(tid) : tval;
            switch (cmp) {
                case EQ: return x == t;
                case NE: return x != t;
                case LT: return x < t;
                case LE: return x <= t;
                case GT: return x > t;
                default: return x >= t;
            }
        });
    }

    private static int operator(String op) throws RuleException {
        switch (op) {
            case "=": return SET;
            case "+": return ADD;
            case "-": return SUB;
            case "==": return EQ;
            case "!=": return NE;
            case "<": return LT;
            case "<=": return LE;
            case ">": return GT;
            case ">=": return GE;
            case "isset": return ISSET;
            case "notset":
            case "isnotset": return NOTSET;
            default:
                throw new RuleException("flowint: unknown operator '" + op + "' (=, +, -, ==, !=, <, <=, >, >=, isset, notset)");
        }
    }

    /** A flowint name: a letter, then letters, digits, '_', '.', '-' or '/'. */
    static void checkName(String n) throws RuleException {
        boolean ok = !n.isEmpty() && Character.isLetter(n.charAt(0));
        for (int i = 1; ok && i < n.length(); i++) {
            char c = n.charAt(i);
            ok = Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '/';
        }
        if (!ok) {
            throw new RuleException("flowint: bad variable name '" + n + "'");
        }
    }
}
