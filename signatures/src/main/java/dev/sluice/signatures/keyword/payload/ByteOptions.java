package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;

/** Shared option parsing of the byte_* keywords. */
final class ByteOptions {
    private ByteOptions() {
    }

    /** A number as strtoull with base 0 reads it: 0x.. hex, 0.. octal, else decimal. */
    static long autoNumber(String keyword, String what, String s) throws RuleException {
        String t = s.trim();
        try {
            boolean neg = t.startsWith("-");
            String u = neg || t.startsWith("+") ? t.substring(1) : t;
            long v;
            if (u.startsWith("0x") || u.startsWith("0X")) {
                v = Long.parseUnsignedLong(u.substring(2), 16);
            } else if (u.length() > 1 && u.startsWith("0")) {
                v = Long.parseUnsignedLong(u.substring(1), 8);
            } else {
                v = Long.parseUnsignedLong(u);
            }
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            throw new RuleException(keyword + ": " + what + " '" + t + "' is not a number");
        }
    }

    /** Parses a bitmask value (hex, with or without 0x). */
    static long bitmask(String keyword, String s) throws RuleException {
        String t = s.trim();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        try {
            long v = Long.parseUnsignedLong(t, 16);
            if (v == 0 || v > 0xffffffffL) {
                throw new RuleException(keyword + ": bitmask must be 1..0xffffffff");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new RuleException(keyword + ": bitmask '" + s.trim() + "' is not a hex number");
        }
    }

    static int base(String keyword, String word) throws RuleException {
        switch (word) {
            case "hex": return 16;
            case "dec": return 10;
            case "oct": return 8;
            default: throw new RuleException(keyword + ": unknown number base '" + word + "'");
        }
    }

    /** "dce" endianness needs the DCERPC parser: the rule loads but waits. */
    static void dce(String keyword, RuleBuilder rule) {
        rule.markInactive("waiting for the dcerpc parser (" + keyword + " dce)");
    }

    /** A number (within limits) or a variable slot: {value, isVar ? 1 : 0}. */
    static long[] numberOrVar(String keyword, String what, String s, RuleBuilder rule, long min, long max) throws RuleException {
        String t = s.trim();
        if (Args.isVarName(t)) {
            return new long[] {Args.varSlot(rule, keyword, t), 1};
        }
        return new long[] {Args.parseLong(keyword, what, t, min, max), 0};
    }

    /**
     * The options byte_test and byte_jump share: relative, string with its base, endianness, dce.
     * Mutable, for one parse.
     */
    static final class Common {
        boolean string;
        boolean little;
        boolean relative;
        int base;

        /** Takes option {@code o} if it is a shared one; false when the keyword must handle it. */
        boolean accept(String keyword, String o, RuleBuilder rule) throws RuleException {
            String lo = o.toLowerCase(java.util.Locale.ROOT);
            if (o.equals("relative")) {
                relative = true;
            } else if (lo.equals("string")) {
                string = true;
            } else if (lo.equals("hex") || lo.equals("dec") || lo.equals("oct")) {
                base = base(keyword, lo);
            } else if (lo.equals("big")) {
                little = false;
            } else if (lo.equals("little")) {
                little = true;
            } else if (lo.equals("dce")) {
                dce(keyword, rule);
            } else {
                return false;
            }
            return true;
        }

        /** A base needs 'string'; 'string' alone means decimal. */
        void finish(String keyword) throws RuleException {
            if (!string && base != 0) {
                throw new RuleException(keyword + ": a number base needs 'string'");
            }
            if (string && base == 0) {
                base = 10;
            }
        }
    }
}
