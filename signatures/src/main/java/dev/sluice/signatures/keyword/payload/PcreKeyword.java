package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.Pcre;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * pcre: {@code [!]"/regex/flags"}. Flags: i s m x (as in PCRE), A anchored, E dollar matches only
 * at the end, G ungreedy, R relative to the previous match, O and B accepted; the HTTP buffer
 * flags U I P Q (file data) H D M C S Y V W Z put the match in that buffer when no sticky buffer is set (which parks the rule until the HTTP
 * parser exists). The regex runs on java.util.regex after {@link PcreTranslator}; '.', '^' and '$'
 * use '\n' alone as the line end, as PCRE does.
 */
public final class PcreKeyword extends BaseKeyword {
    public PcreKeyword() {
        super("pcre", "pcre: [!]\"/regex/flags\", a regular expression on the current buffer.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = Args.required(name(), value);
        boolean negated = false;
        if (v.startsWith("!")) {
            negated = true;
            v = v.substring(1).trim();
        }
        v = Args.unquote(v);
        int first = v.indexOf('/');
        int last = v.lastIndexOf('/');
        if (first != 0 || last <= first) {
            throw new RuleException("pcre: expected \"/regex/flags\", got '" + v + "'");
        }
        String re = v.substring(1, last);
        String flags = v.substring(last + 1);
        int jflags = Pattern.UNIX_LINES;
        boolean relative = false;
        boolean anchored = false;
        boolean ungreedy = false;
        boolean dollarEnd = false;
        boolean extended = false;
        Buffer buffer = null;
        for (int i = 0; i < flags.length(); i++) {
            char f = flags.charAt(i);
            Buffer b = null;
            switch (f) {
                case 'i': jflags |= Pattern.CASE_INSENSITIVE; break;
                case 's': jflags |= Pattern.DOTALL; break;
                case 'm': jflags |= Pattern.MULTILINE; break;
                case 'x': jflags |= Pattern.COMMENTS; extended = true; break;
                case 'A': anchored = true; break;
                case 'E': dollarEnd = true; break;
                case 'G': ungreedy = true; break;
                case 'R': relative = true; break;
                case 'O': case 'B': break;
                case 'U': b = Buffer.HTTP_URI; break;
                case 'I': b = Buffer.HTTP_URI_RAW; break;
                case 'P': b = Buffer.HTTP_REQUEST_BODY; break;
                case 'Q': b = Buffer.FILE_DATA; break;
                case 'H': b = Buffer.HTTP_HEADER; break;
                case 'D': b = Buffer.HTTP_HEADER_RAW; break;
                case 'M': b = Buffer.HTTP_METHOD; break;
                case 'C': b = Buffer.HTTP_COOKIE; break;
                case 'S': b = Buffer.HTTP_STAT_CODE; break;
                case 'Y': b = Buffer.HTTP_STAT_MSG; break;
                case 'V': b = Buffer.HTTP_USER_AGENT; break;
                case 'W': b = Buffer.HTTP_HOST; break;
                case 'Z': b = Buffer.HTTP_HOST_RAW; break;
                default: throw new RuleException("pcre: unknown flag '" + f + "'");
            }
            if (b != null) {
                if (buffer != null && buffer != b) {
                    throw new RuleException("pcre: more than one buffer flag");
                }
                buffer = b;
            }
        }
        if (rule.currentBuffer() != Buffer.PAYLOAD) {
            // under a sticky buffer the pcre inspects that buffer; a buffer flag adds nothing
            buffer = null;
        }
        String translated = PcreTranslator.translate(re, ungreedy, dollarEnd && (jflags & Pattern.MULTILINE) == 0, extended);
        Pattern p;
        try {
            p = Pattern.compile(translated, jflags);
        } catch (PatternSyntaxException e) {
            throw new RuleException("pcre: " + e.getDescription() + " in '" + re + "'");
        }
        rule.addItem(new Pcre(p, negated, relative, anchored, "\"" + v + "\""));
        if (buffer != null) {
            rule.moveLastItem(buffer);
        }
    }
}
