package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.Base64Data;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.Content;
import dev.sluice.signatures.match.PayloadItem;

import java.io.ByteArrayOutputStream;

/**
 * content: {@code [!]"text|hex bytes|text"}. Inside the quotes {@code \" \\ \; \: \| \,} escape;
 * {@code |..|} holds hex byte pairs, spaces allowed. Adds a content to the current buffer and
 * offers it to the prefilter.
 */
public class ContentKeyword extends BaseKeyword {
    public ContentKeyword() {
        this("content", "content: [!]\"literal|hex|\" searched in the current buffer.");
    }

    protected ContentKeyword(String name, String summary) {
        super(name, summary, Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        add(name(), value, rule);
    }

    /** Parses and adds a content to the current buffer; returns it. */
    static Content add(String keyword, String value, RuleBuilder rule) throws RuleException {
        String v = Args.required(keyword, value);
        boolean negated = false;
        if (v.startsWith("!")) {
            negated = true;
            v = v.substring(1).trim();
        }
        byte[] bytes = parse(keyword, Args.unquote(v));
        Content c = Content.of(bytes, negated);
        rule.addItem(c);
        RuleBuilder.PatternCandidate cand = new RuleBuilder.PatternCandidate(c, bytes, rule.currentBuffer());
        cand.negated = negated;
        if (afterBase64Data(rule)) {
            // decoded bytes are not in any buffer the prefilter scans
            cand.buffer = Buffer.OTHER_APP;
        }
        rule.addCandidate(cand);
        return c;
    }

    static boolean afterBase64Data(RuleBuilder rule) {
        for (PayloadItem it : rule.itemsOf(rule.currentBuffer())) {
            if (it == Base64Data.MARKER) {
                return true;
            }
        }
        return false;
    }

    /** The bytes of a content string (quotes already removed). */
    public static byte[] parse(String keyword, String s) throws RuleException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        boolean hex = false;
        int nibble = -1;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (hex) {
                if (ch == '|') {
                    if (nibble >= 0) {
                        throw new RuleException(keyword + ": odd number of hex digits in |..|");
                    }
                    hex = false;
                } else if (ch == ' ' || ch == '\t') {
                    // spaces are ignored, even between the two digits of a byte
                    continue;
                } else {
                    int d = Character.digit(ch, 16);
                    if (d < 0) {
                        throw new RuleException(keyword + ": invalid hex character '" + ch + "' in |..|");
                    }
                    if (nibble < 0) {
                        nibble = d;
                    } else {
                        out.write(nibble << 4 | d);
                        nibble = -1;
                    }
                }
                continue;
            }
            if (ch == '|') {
                hex = true;
            } else if (ch == '\\') {
                if (i + 1 >= s.length()) {
                    throw new RuleException(keyword + ": trailing backslash");
                }
                char e = s.charAt(++i);
                if ("\"\\;:|,".indexOf(e) < 0) {
                    throw new RuleException(keyword + ": invalid escape '\\" + e + "'");
                }
                out.write(e);
            } else {
                if (ch > 0xff) {
                    throw new RuleException(keyword + ": character '" + ch + "' is not a byte; use |hex|");
                }
                out.write(ch);
            }
        }
        if (hex) {
            throw new RuleException(keyword + ": unterminated |..| hex section");
        }
        if (out.size() == 0) {
            throw new RuleException(keyword + ": empty content");
        }
        return out.toByteArray();
    }
}
