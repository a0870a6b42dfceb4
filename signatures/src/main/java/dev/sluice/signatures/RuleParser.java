package dev.sluice.signatures;

import dev.sluice.signatures.classify.ClassificationConfig;
import dev.sluice.signatures.header.HeaderParser;
import dev.sluice.signatures.header.RuleHeader;
import dev.sluice.signatures.keyword.Keyword;
import dev.sluice.signatures.keyword.KeywordTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses one rule, {@code header (name:value; name; ...)}, into a {@link Rule}: the header through
 * {@link HeaderParser}, then each option through its {@link Keyword}, in rule order. Errors are
 * one-line reasons without the file and line (the loader adds them). Loading thread only.
 */
public final class RuleParser {
    private final LoadContext ctx;
    private final KeywordTable table;
    private final HeaderParser headers;

    public RuleParser(LoadContext ctx, KeywordTable table) {
        this.ctx = ctx;
        this.table = table;
        this.headers = new HeaderParser(ctx.variables);
    }

    /** The header parser this rule parser uses (shares its cache of compiled addresses and ports). */
    public HeaderParser headerParser() {
        return headers;
    }

    /**
     * Parses one complete rule (continuation lines already joined).
     *
     * @param file for the rule's origin
     * @param line first line of the rule in the file
     * @throws RuleException with a one-line reason when the rule cannot be loaded
     */
    public Rule parse(String text, String file, int line) throws RuleException {
        String t = text.trim();
        int open = t.indexOf('(');
        if (open < 0) {
            throw new RuleException("rule has no option section: missing '('");
        }
        if (t.charAt(t.length() - 1) != ')') {
            throw new RuleException("rule does not end with ')'");
        }
        RuleHeader header = headers.parse(t.substring(0, open));
        List<RuleOption> options = splitOptions(t.substring(open + 1, t.length() - 1));
        RuleBuilder b = new RuleBuilder(ctx, header, file, line, t);
        for (RuleOption o : options) {
            Keyword k = keyword(o.name());
            checkValue(k, o);
            String value = o.value() == null || o.value().isEmpty() ? null : o.value();
            try {
                k.apply(value, b);
            } catch (RuleException e) {
                throw e;
            } catch (RuntimeException e) {
                // a keyword bug must cost one rule, not the whole load
                throw new RuleException("internal error in keyword " + o.name() + ": " + e);
            }
        }
        if (b.classtype != null && !b.priorityExplicit) {
            ClassificationConfig.Classification c = ctx.classifications.get(b.classtype);
            if (c != null) {
                b.priority = c.priority();
            }
        }
        try {
            return b.build();
        } catch (RuntimeException e) {
            throw new RuleException("internal error building the rule: " + e);
        }
    }

    /** Index of the {@code ;} ending the value that starts at {@code from}, or -1. */
    private static int valueEnd(String body, int from) {
        int n = body.length();
        int first = -1;
        int quotes = 0;
        for (int i = from; i < n; i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                i++; // the escaped character never ends or quotes anything
            } else if (c == '"') {
                quotes++;
            } else if (c == ';') {
                first = i;
                break;
            }
        }
        if (first < 0 || (quotes & 1) == 0) {
            return first;
        }
        boolean quoted = false;
        for (int i = from; i < n; i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                return i;
            }
        }
        return first;
    }

    private Keyword keyword(String name) throws RuleException {
        Keyword k = table.get(name);
        if (k == null) {
            // keywords are case-insensitive in Suricata
            k = table.get(name.toLowerCase(Locale.ROOT));
        }
        if (k == null) {
            throw new RuleException("unknown keyword '" + name + "'");
        }
        return k;
    }

    private static void checkValue(Keyword k, RuleOption o) throws RuleException {
        boolean hasValue = o.value() != null && !o.value().isEmpty();
        switch (k.value()) {
            case NONE -> {
                if (hasValue) {
                    throw new RuleException("keyword '" + o.name() + "' takes no value");
                }
            }
            case REQUIRED -> {
                if (!hasValue) {
                    throw new RuleException("keyword '" + o.name() + "' needs a value");
                }
            }
            default -> {
            }
        }
    }

    /**
     * Splits the text between the parentheses into options. A value ends at the first {@code ;} that
     * is not escaped ({@code \;}), as in Suricata; but when the value up to there has an odd number
     * of quotes and a later {@code ;} outside quotes exists, the value runs to that one instead, so
     * {@code content:"a;b";} is one value while {@code pcre:"/["']x/";} still ends at its own
     * {@code ;}. {@code \"} and {@code \\} do not count as quotes. Names and values are trimmed;
     * values keep their quotes and escapes.
     *
     * @throws RuleException for an empty option or a missing final {@code ;}
     */
    public static List<RuleOption> splitOptions(String body) throws RuleException {
        List<RuleOption> out = new ArrayList<>();
        int n = body.length();
        int i = 0;
        while (true) {
            while (i < n && Character.isWhitespace(body.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return out;
            }
            int start = i;
            while (i < n && body.charAt(i) != ':' && body.charAt(i) != ';') {
                i++;
            }
            String name = body.substring(start, i).trim();
            if (name.isEmpty()) {
                throw new RuleException(i < n && body.charAt(i) == ';' ? "empty option (';;')" : "option without a keyword name");
            }
            if (i >= n) {
                throw new RuleException("option '" + name + "' is not terminated by ';'");
            }
            if (body.charAt(i) == ';') {
                out.add(new RuleOption(name, null));
                i++;
                continue;
            }
            int vstart = ++i; // after ':'
            int end = valueEnd(body, vstart);
            if (end < 0) {
                throw new RuleException("option '" + name + "' is not terminated by ';'");
            }
            i = end;
            out.add(new RuleOption(name, body.substring(vstart, i).trim()));
            i++;
        }
    }
}
