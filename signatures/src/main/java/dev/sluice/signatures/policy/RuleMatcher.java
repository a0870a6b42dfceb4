package dev.sluice.signatures.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One rule specifier of enable.conf, disable.conf, drop.conf or a modify.conf line, in
 * suricata-update's syntax: {@code *}; {@code sid}, {@code gid:sid} or {@code gid:sid:rev}, several
 * separated by commas; {@code re:REGEX} searched in the rule text, ignoring case;
 * {@code group:GLOB} (or a bare name ending in {@code .rules}) against the rule file's base name with
 * and without its extension; {@code filename:GLOB} against the rule file's path; and
 * {@code metadata: key value}, ignoring case. Globs are shell wildcards ({@code * ? [a-z] [!x]}).
 */
sealed interface RuleMatcher {
    /** Whether the rule, read from file {@code file}, is selected. */
    boolean matches(RuleText rule, String file);

    /** All rules. */
    record All() implements RuleMatcher {
        @Override
        public boolean matches(RuleText rule, String file) {
            return true;
        }
    }

    /** gid:sid[:rev] entries; rev is -1 when not given. */
    record Ids(List<long[]> entries) implements RuleMatcher {
        @Override
        public boolean matches(RuleText rule, String file) {
            for (long[] e : entries) {
                if (e[0] == rule.gid && e[1] == rule.sid && (e[2] < 0 || e[2] == rule.rev)) {
                    return true;
                }
            }
            return false;
        }

        /** True when every entry names exactly this gid:sid (with any rev). */
        boolean onlyNames(int gid, long sid) {
            for (long[] e : entries) {
                if (e[0] != gid || e[1] != sid) {
                    return false;
                }
            }
            return !entries.isEmpty();
        }
    }

    record Regex(Pattern pattern) implements RuleMatcher {
        @Override
        public boolean matches(RuleText rule, String file) {
            return pattern.matcher(rule.text).find();
        }
    }

    /** The file's base name, or the base name without its extension. */
    record Group(Pattern glob) implements RuleMatcher {
        @Override
        public boolean matches(RuleText rule, String file) {
            String base = baseName(file);
            if (glob.matcher(base).matches()) {
                return true;
            }
            int dot = base.lastIndexOf('.');
            return dot > 0 && glob.matcher(base.substring(0, dot)).matches();
        }
    }

    /** The file's path as given, or its absolute normalised form. */
    record Filename(Pattern glob) implements RuleMatcher {
        @Override
        public boolean matches(RuleText rule, String file) {
            if (glob.matcher(file).matches()) {
                return true;
            }
            try {
                return glob.matcher(Path.of(file).toAbsolutePath().normalize().toString()).matches();
            } catch (java.nio.file.InvalidPathException e) {
                return false;
            }
        }
    }

    /** A metadata entry whose key and value (lower case) are these. */
    record Metadata(String key, String value) implements RuleMatcher {
        @Override
        public boolean matches(RuleText rule, String file) {
            for (String e : rule.metadata) {
                int sp = e.indexOf(' ');
                if (sp > 0 && e.substring(0, sp).trim().toLowerCase(Locale.ROOT).equals(key)
                        && e.substring(sp + 1).trim().toLowerCase(Locale.ROOT).equals(value)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Reads a specifier, trying the kinds in suricata-update's order.
     *
     * @throws IllegalArgumentException with a one-line reason when it is none of them
     */
    static RuleMatcher parse(String spec) {
        String s = spec.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty rule specifier");
        }
        if (s.equals("*")) {
            return new All();
        }
        Ids ids = ids(s);
        if (ids != null) {
            return ids;
        }
        if (s.startsWith("re:")) {
            String re = s.substring(3).strip();
            try {
                return new Regex(Pattern.compile(PythonRegex.toJava(re), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("bad regular expression '" + re + "': " + e.getDescription());
            }
        }
        if (s.startsWith("filename:")) {
            return new Filename(glob(s.substring(9).strip()));
        }
        if (s.startsWith("group:")) {
            return new Group(glob(s.substring(6).strip()));
        }
        if (s.endsWith(".rules")) {
            return new Group(glob(s));
        }
        if (s.startsWith("metadata:")) {
            String kv = s.substring(9).strip();
            int sp = kv.indexOf(' ');
            if (sp <= 0) {
                throw new IllegalArgumentException("metadata: needs a key and a value, e.g. 'metadata: deployment perimeter'");
            }
            return new Metadata(kv.substring(0, sp).strip().toLowerCase(Locale.ROOT),
                    kv.substring(sp + 1).strip().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("'" + s + "' is not a rule specifier (sid, gid:sid, re:, group:, filename:, "
                + "metadata: or *)");
    }

    /** Comma-separated gid:sid[:rev] entries, or null when any entry is not numeric. */
    private static Ids ids(String s) {
        List<long[]> out = new ArrayList<>();
        for (String entry : s.split(",", -1)) {
            String[] parts = entry.strip().split(":", -1);
            if (parts.length > 3) {
                return null;
            }
            long[] n = new long[parts.length];
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.isEmpty() || p.length() > 18 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return null;
                }
                n[i] = Long.parseLong(p);
            }
            out.add(switch (n.length) {
                case 1 -> new long[] {1, n[0], -1};
                case 2 -> new long[] {n[0], n[1], -1};
                default -> new long[] {n[0], n[1], n[2]};
            });
        }
        return new Ids(List.copyOf(out));
    }

    private static String baseName(String file) {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? file : file.substring(slash + 1);
    }

    /** A shell wildcard as a whole-string pattern: {@code *}, {@code ?}, {@code [...]} with {@code !} negation. */
    static Pattern glob(String g) {
        if (g.isEmpty()) {
            throw new IllegalArgumentException("empty file name pattern");
        }
        StringBuilder re = new StringBuilder();
        int n = g.length();
        int i = 0;
        while (i < n) {
            char c = g.charAt(i++);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && g.charAt(j) == '!') {
                    j++;
                }
                if (j < n && g.charAt(j) == ']') {
                    j++;
                }
                while (j < n && g.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    re.append("\\[");
                } else {
                    String set = g.substring(i, j);
                    i = j + 1;
                    StringBuilder cls = new StringBuilder("[");
                    int k = 0;
                    if (set.startsWith("!")) {
                        cls.append('^');
                        k = 1;
                    }
                    for (; k < set.length(); k++) {
                        char d = set.charAt(k);
                        if (d == '\\' || d == '[' || d == '&' || d == '^' && cls.length() == 1) {
                            cls.append('\\');
                        }
                        cls.append(d);
                    }
                    re.append(cls).append(']');
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(re.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad file name pattern '" + g + "'");
        }
    }
}
