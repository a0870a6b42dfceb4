package dev.sluice.engine.review;

/**
 * Text from the logs made safe for the report page. Rule messages and addresses come from rule
 * files and packets, so none of it may reach the page as markup: HTML text is escaped, and the
 * JSON inside the page's data script is pure ASCII with {@code < > & '} escaped, so no
 * {@code </script>} or {@code <!--} can end the script early.
 */
final class WebText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private WebText() {
    }

    /** {@code s} escaped for element content and quoted attribute values. */
    static String html(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return sb.toString();
    }

    /** Appends {@code s} as a JSON string (null as {@code null}). */
    static StringBuilder json(StringBuilder sb, String s) {
        if (s == null) {
            return sb.append("null");
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e || c == '<' || c == '>' || c == '&' || c == '\'') {
                sb.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                        .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            } else {
                sb.append(c);
            }
        }
        return sb.append('"');
    }
}
