package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleException;

/**
 * Rewrites a PCRE pattern into java.util.regex syntax where the two differ: literal '[' and '&'
 * inside classes, a leading ']' in a class, POSIX {@code [:name:]} classes, {@code (?P<..>)} groups,
 * {@code (?#..)} comments, '{' that is not a quantifier, {@code \0nn} octal, {@code \b} inside a
 * class, whitespace in classes under the x flag; and the G (ungreedy) and E (dollar end only)
 * flags, which Java lacks, by rewriting quantifiers and '$'. Anything else is passed through and
 * left for Pattern.compile to accept or refuse.
 */
final class PcreTranslator {
    private PcreTranslator() {
    }

    static String translate(String re, boolean ungreedy, boolean dollarEndOnly, boolean extended) throws RuleException {
        StringBuilder out = new StringBuilder(re.length() + 16);
        boolean inClass = false;
        int classStart = -1;
        int n = re.length();
        int i = 0;
        while (i < n) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n) {
                    throw new RuleException("pcre: pattern ends with a backslash");
                }
                char e = re.charAt(i + 1);
                if (e == 'Q') {
                    int q = re.indexOf("\\E", i + 2);
                    int stop = q < 0 ? n : q;
                    out.append(java.util.regex.Pattern.quote(re.substring(i + 2, stop)));
                    i = q < 0 ? n : q + 2;
                    continue;
                }
                if (e == '0') {
                    int j = i + 2;
                    int v = 0;
                    while (j < n && j < i + 4 && re.charAt(j) >= '0' && re.charAt(j) <= '7') {
                        v = v * 8 + (re.charAt(j) - '0');
                        j++;
                    }
                    out.append(String.format("\\x%02x", v & 0xff));
                    i = j;
                    continue;
                }
                if (e == 'x' && (i + 2 >= n || re.charAt(i + 2) != '{')) {
                    // PCRE takes 0 to 2 hex digits after \x; Java wants exactly 2
                    int j = i + 2;
                    int v = 0;
                    while (j < n && j < i + 4 && Character.digit(re.charAt(j), 16) >= 0) {
                        v = v * 16 + Character.digit(re.charAt(j), 16);
                        j++;
                    }
                    out.append(String.format("\\x%02x", v));
                    i = j;
                    if (!inClass) {
                        i = quantifier(re, i, out, ungreedy, false);
                    }
                    continue;
                }
                if (inClass && e == 'b') {
                    out.append("\\x08");
                    i += 2;
                    continue;
                }
                if (!inClass && e == 'g' && i + 2 < n) {
                    int j = i + 2;
                    boolean brace = re.charAt(j) == '{';
                    if (brace) {
                        j++;
                    }
                    int k = j;
                    while (k < n && (Character.isLetterOrDigit(re.charAt(k)) || re.charAt(k) == '_')) {
                        k++;
                    }
                    if (k > j && (!brace || (k < n && re.charAt(k) == '}'))) {
                        String ref = re.substring(j, k);
                        out.append(Character.isDigit(ref.charAt(0)) ? "\\" + ref : "\\k<" + groupName(ref) + ">");
                        i = brace ? k + 1 : k;
                        i = quantifier(re, i, out, ungreedy, false);
                        continue;
                    }
                }
                out.append(c).append(e);
                i += 2;
                if (!inClass) {
                    i = quantifier(re, i, out, ungreedy, false);
                }
                continue;
            }
            if (inClass) {
                if (c == ']' && i > classStart) {
                    inClass = false;
                    out.append(']');
                    i = quantifier(re, i + 1, out, ungreedy, false);
                    continue;
                }
                if (c == ']') {
                    out.append("\\]");
                } else if (c == '[') {
                    if (i + 1 < n && re.charAt(i + 1) == ':') {
                        int close = re.indexOf(":]", i + 2);
                        if (close < 0) {
                            throw new RuleException("pcre: unterminated POSIX class");
                        }
                        out.append(posix(re.substring(i + 2, close)));
                        i = close + 2;
                        continue;
                    }
                    out.append("\\[");
                } else if (c == '&') {
                    out.append("\\&");
                } else if (extended && (c == '#' || Character.isWhitespace(c))) {
                    out.append('\\').append(c);
                } else {
                    out.append(c);
                }
                i++;
                continue;
            }
            switch (c) {
                case '[': {
                    inClass = true;
                    out.append('[');
                    i++;
                    if (i < n && re.charAt(i) == '^') {
                        out.append('^');
                        i++;
                    }
                    // a ']' right after the opening is a literal in PCRE
                    if (i < n && re.charAt(i) == ']') {
                        out.append("\\]");
                        i++;
                    }
                    classStart = i;
                    continue;
                }
                case '(': {
                    if (re.startsWith("(?#", i)) {
                        int close = re.indexOf(')', i);
                        if (close < 0) {
                            throw new RuleException("pcre: unterminated (?# comment");
                        }
                        i = close + 1;
                        continue;
                    }
                    int nameAt = re.startsWith("(?P<", i) ? i + 4
                            : re.startsWith("(?<", i) && i + 3 < n && re.charAt(i + 3) != '=' && re.charAt(i + 3) != '!' ? i + 3
                            : re.startsWith("(?'", i) ? i + 3 : -1;
                    if (nameAt > 0) {
                        char close = re.charAt(nameAt - 1) == '\'' ? '\'' : '>';
                        int end = re.indexOf(close, nameAt);
                        if (end < 0) {
                            throw new RuleException("pcre: unterminated group name");
                        }
                        out.append("(?<").append(groupName(re.substring(nameAt, end))).append('>');
                        i = end + 1;
                        continue;
                    }
                    if (re.startsWith("(?P=", i)) {
                        int close = re.indexOf(')', i);
                        if (close < 0) {
                            throw new RuleException("pcre: unterminated (?P= reference");
                        }
                        out.append("\\k<").append(groupName(re.substring(i + 4, close))).append('>');
                        i = quantifier(re, close + 1, out, ungreedy, false);
                        continue;
                    }
                    out.append('(');
                    i++;
                    if (i < n && re.charAt(i) == '?') {
                        // group syntax, not a quantifier
                        out.append('?');
                        i++;
                    }
                    continue;
                }
                case ')':
                case '.':
                    out.append(c);
                    i = quantifier(re, i + 1, out, ungreedy, false);
                    continue;
                case '$':
                    out.append(dollarEndOnly ? "\\z" : "$");
                    i++;
                    continue;
                case '{':
                    // not a quantifier here (nothing before it): a literal brace
                    out.append("\\{");
                    i++;
                    continue;
                case '*':
                case '+':
                case '?':
                    // quantifier with nothing quantifiable before it: let Pattern.compile refuse
                    out.append(c);
                    i++;
                    continue;
                default:
                    if (extended && c == '#') {
                        int nl = re.indexOf('\n', i);
                        i = nl < 0 ? n : nl + 1;
                        continue;
                    }
                    out.append(c);
                    i = quantifier(re, i + 1, out, ungreedy, extended && Character.isWhitespace(c));
            }
        }
        if (inClass) {
            throw new RuleException("pcre: missing terminating ] for character class");
        }
        return out.toString();
    }

    /**
     * Copies a quantifier starting at i, if any, applying the ungreedy flag; a '{' that is not a
     * well-formed quantifier is escaped. Returns the next index.
     */
    private static int quantifier(String re, int i, StringBuilder out, boolean ungreedy, boolean skip) {
        int n = re.length();
        if (skip || i >= n) {
            return i;
        }
        char c = re.charAt(i);
        int end;
        if (c == '*' || c == '+' || c == '?') {
            end = i + 1;
        } else if (c == '{') {
            int j = i + 1;
            int d1 = j;
            while (j < n && Character.isDigit(re.charAt(j))) {
                j++;
            }
            if (j == d1) {
                return i; // '{' handled as a literal by the caller's next round
            }
            if (j < n && re.charAt(j) == ',') {
                j++;
                while (j < n && Character.isDigit(re.charAt(j))) {
                    j++;
                }
            }
            if (j >= n || re.charAt(j) != '}') {
                return i;
            }
            end = j + 1;
        } else {
            return i;
        }
        out.append(re, i, end);
        if (end < n && re.charAt(end) == '+') {
            out.append('+');
            return end + 1;
        }
        boolean lazy = end < n && re.charAt(end) == '?';
        if (ungreedy) {
            if (!lazy) {
                out.append('?');
            }
            return lazy ? end + 1 : end;
        }
        if (lazy) {
            out.append('?');
            return end + 1;
        }
        return end;
    }

    /**
     * A Java group name for a PCRE one: Java allows only ASCII letters and digits, so '_' becomes
     * "x5f" and a name not starting with a letter gets a "g" in front.
     */
    static String groupName(String name) throws RuleException {
        StringBuilder b = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_') {
                b.append("x5f");
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                b.append(c);
            } else {
                throw new RuleException("pcre: bad group name '" + name + "'");
            }
        }
        if (b.length() == 0 || !Character.isLetter(b.charAt(0))) {
            b.insert(0, 'g');
        }
        return b.toString();
    }

    private static String posix(String name) throws RuleException {
        boolean neg = name.startsWith("^");
        String k = neg ? name.substring(1) : name;
        String p;
        switch (k) {
            case "alpha": p = "Alpha"; break;
            case "digit": p = "Digit"; break;
            case "alnum": p = "Alnum"; break;
            case "upper": p = "Upper"; break;
            case "lower": p = "Lower"; break;
            case "space": p = "Space"; break;
            case "punct": p = "Punct"; break;
            case "xdigit": p = "XDigit"; break;
            case "print": p = "Print"; break;
            case "graph": p = "Graph"; break;
            case "cntrl": p = "Cntrl"; break;
            case "blank": p = "Blank"; break;
            case "ascii": p = "ASCII"; break;
            case "word": return neg ? "\\W" : "\\w";
            default: throw new RuleException("pcre: unknown POSIX class [:" + name + ":]");
        }
        return (neg ? "\\P{" : "\\p{") + p + "}";
    }
}
