package dev.sluice.signatures.policy;

/**
 * suricata-update's files hold Python regular expressions; the two dialects agree except for
 * named groups, which Python writes {@code (?P<name>...)} and {@code (?P=name)}.
 */
final class PythonRegex {
    private PythonRegex() {
    }

    static String toJava(String re) {
        StringBuilder out = new StringBuilder(re.length());
        int n = re.length();
        for (int i = 0; i < n; i++) {
            char c = re.charAt(i);
            if (c == '\\' && i + 1 < n) {
                out.append(c).append(re.charAt(++i));
            } else if (re.startsWith("(?P<", i)) {
                out.append("(?<");
                i += 3;
            } else if (re.startsWith("(?P=", i)) {
                int end = re.indexOf(')', i);
                if (end < 0) {
                    out.append(c);
                    continue;
                }
                out.append("\\k<").append(re, i + 4, end).append('>');
                i = end;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
