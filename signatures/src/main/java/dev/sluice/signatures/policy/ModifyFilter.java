package dev.sluice.signatures.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One modify.conf line, {@code <specifier> "<from-regex>" "<to>"} (or Oinkmaster's
 * {@code modifysid <specifier> "<from>" | "<to>"}): in every rule the specifier selects, each match
 * of the regex is replaced by {@code to}. The line is split like a POSIX shell line; {@code to} may
 * refer to groups as {@code \1}, {@code \g<1>}, {@code \g<name>} or {@code ${1}}. Immutable.
 */
final class ModifyFilter {
    final RuleMatcher matcher;
    final Pattern from;
    /** Literal strings (String) and group references (Integer or named group as GroupName). */
    private final List<Object> to;

    private record GroupName(String name) { }

    private ModifyFilter(RuleMatcher matcher, Pattern from, List<Object> to) {
        this.matcher = matcher;
        this.from = from;
        this.to = to;
    }

    /**
     * Reads a line whose comments are already removed.
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    static ModifyFilter parse(String line) {
        List<String> tokens = shellSplit(line.replace("\\$", "$"));
        String spec;
        String a;
        String b;
        if (tokens.size() == 3) {
            spec = tokens.get(0);
            a = tokens.get(1);
            b = tokens.get(2);
        } else if (tokens.size() == 5 && tokens.get(0).equals("modifysid")) {
            spec = tokens.get(1);
            a = tokens.get(2);
            b = tokens.get(4);
        } else {
            throw new IllegalArgumentException("expected <specifier> \"<from>\" \"<to>\", found " + tokens.size() + " words");
        }
        RuleMatcher m = RuleMatcher.parse(spec);
        Pattern p;
        try {
            p = Pattern.compile(PythonRegex.toJava(a));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regular expression '" + a + "': " + e.getDescription());
        }
        String repl = b.replaceAll("\\$\\{(\\d+)\\}", "\\\\$1");
        return new ModifyFilter(m, p, template(repl, p));
    }

    /** The text with every match of {@code from} replaced. */
    String apply(String text) {
        Matcher mm = from.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (mm.find()) {
            if (out == null) {
                out = new StringBuilder(text.length() + 16);
            }
            out.append(text, last, mm.start());
            for (Object part : to) {
                String g = part instanceof Integer i ? mm.group(i)
                        : part instanceof GroupName n ? mm.group(n.name()) : (String) part;
                if (g != null) {
                    out.append(g);
                }
            }
            last = mm.end();
        }
        if (out == null) {
            return text;
        }
        return out.append(text, last, text.length()).toString();
    }

    /** A Python replacement string: group references, {@code \n}-style escapes, other text literal. */
    private static List<Object> template(String s, Pattern p) {
        List<Object> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                lit.append(c);
                continue;
            }
            if (i + 1 >= n) {
                throw new IllegalArgumentException("replacement '" + s + "' ends with a lone backslash");
            }
            char d = s.charAt(++i);
            Object ref = null;
            if (d == 'g') {
                int close = s.indexOf('>', i);
                if (i + 1 >= n || s.charAt(i + 1) != '<' || close < 0) {
                    throw new IllegalArgumentException("replacement '" + s + "': \\g needs <group>");
                }
                String name = s.substring(i + 2, close);
                i = close;
                ref = name.chars().allMatch(Character::isDigit) && !name.isEmpty() ? (Object) Integer.valueOf(name)
                        : new GroupName(name);
            } else if (d >= '1' && d <= '9') {
                int num = d - '0';
                if (i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
                    num = num * 10 + (s.charAt(++i) - '0');
                }
                ref = num;
            } else {
                switch (d) {
                    case '\\' -> lit.append('\\');
                    case 'n' -> lit.append('\n');
                    case 't' -> lit.append('\t');
                    case 'r' -> lit.append('\r');
                    case 'f' -> lit.append('\f');
                    case 'v' -> lit.append('\u000b');
                    case 'a' -> lit.append('\u0007');
                    case 'b' -> lit.append('\b');
                    case '0' -> lit.append('\0');
                    default -> {
                        if (d < 128 && Character.isLetter(d)) {
                            throw new IllegalArgumentException("replacement '" + s + "': bad escape \\" + d);
                        }
                        lit.append('\\').append(d);
                    }
                }
                continue;
            }
            if (ref instanceof Integer g && g > p.matcher("").groupCount()) {
                throw new IllegalArgumentException("replacement '" + s + "' refers to group " + g
                        + " but the regex has " + p.matcher("").groupCount());
            }
            if (ref instanceof GroupName g && !p.pattern().contains("(?<" + g.name() + ">")) {
                throw new IllegalArgumentException("replacement '" + s + "' refers to unknown group " + g.name());
            }
            if (lit.length() > 0) {
                parts.add(lit.toString());
                lit.setLength(0);
            }
            parts.add(ref);
        }
        if (lit.length() > 0) {
            parts.add(lit.toString());
        }
        return List.copyOf(parts);
    }

    /**
     * Splits like a POSIX shell: whitespace separates words, single quotes keep everything, double
     * quotes keep everything but {@code \"} and {@code \\}, a backslash outside quotes escapes the
     * next character.
     */
    static List<String> shellSplit(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else if (c == '\'' || c == '"') {
                inWord = true;
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw new IllegalArgumentException("no closing quotation (" + c + ")");
                    }
                    char d = line.charAt(j);
                    if (d == c) {
                        break;
                    }
                    if (c == '"' && d == '\\' && j + 1 < n && (line.charAt(j + 1) == '"' || line.charAt(j + 1) == '\\')) {
                        d = line.charAt(++j);
                    }
                    cur.append(d);
                    j++;
                }
                i = j;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("no escaped character after the final backslash");
                }
                inWord = true;
                cur.append(line.charAt(++i));
            } else {
                inWord = true;
                cur.append(c);
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
