package dev.sluice.signatures.keyword;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;

import java.util.ArrayList;
import java.util.List;

/** Small parsing helpers shared by keywords; every failure is a one-line {@link RuleException}. */
public final class Args {
    private Args() {
    }

    /** The value, or a refusal when the keyword got none. */
    public static String required(String keyword, String value) throws RuleException {
        if (value == null || value.isBlank()) {
            throw new RuleException(keyword + " needs a value");
        }
        return value.trim();
    }

    /** Refuses a value on a keyword that takes none. */
    public static void none(String keyword, String value) throws RuleException {
        if (value != null && !value.isBlank()) {
            throw new RuleException(keyword + " takes no value");
        }
    }

    /** Strips one pair of surrounding double quotes, if present. */
    public static String unquote(String s) {
        String t = s.trim();
        if (t.length() >= 2 && t.charAt(0) == '"' && t.charAt(t.length() - 1) == '"') {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    /** Removes rule-text escapes: a backslash makes the next character literal. */
    public static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }

    /** Splits on commas and trims each part; empty parts are kept (callers refuse them). */
    public static List<String> commaList(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",", -1)) {
            out.add(part.trim());
        }
        return out;
    }

    public static long parseLong(String keyword, String what, String s, long min, long max) throws RuleException {
        String t = s.trim();
        try {
            long v;
            if (t.startsWith("0x") || t.startsWith("0X")) {
                v = Long.parseLong(t.substring(2), 16);
            } else {
                v = Long.parseLong(t);
            }
            if (v < min || v > max) {
                throw new RuleException(keyword + ": " + what + " " + t + " out of range " + min + "-" + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new RuleException(keyword + ": " + what + " '" + t + "' is not a number");
        }
    }

    public static int parseInt(String keyword, String what, String s, int min, int max) throws RuleException {
        return (int) parseLong(keyword, what, s, min, max);
    }

    /** True when the text names a variable rather than a number (starts with a letter). */
    public static boolean isVarName(String s) {
        return !s.isEmpty() && Character.isLetter(s.charAt(0));
    }

    /** The slot of a byte_extract/byte_math variable this rule defined earlier, or a refusal. */
    public static int varSlot(RuleBuilder rule, String keyword, String name) throws RuleException {
        int slot = rule.varSlot(name);
        if (slot < 0) {
            throw new RuleException(keyword + ": unknown variable '" + name + "' (no byte_extract or byte_math defines it)");
        }
        return slot;
    }
}
