package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.RuleException;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Compiles the regex of a pcrexform transform (no delimiters, no flags) through the PCRE translation. */
public final class PcrexformPattern {
    private PcrexformPattern() {
    }

    /** The compiled regex; refuses one that does not compile or has no capture group. */
    public static Pattern compile(String re) throws RuleException {
        String translated = PcreTranslator.translate(re, false, false, false);
        Pattern p;
        try {
            p = Pattern.compile(translated, Pattern.UNIX_LINES);
        } catch (PatternSyntaxException e) {
            throw new RuleException("pcrexform: " + e.getDescription() + " in '" + re + "'");
        }
        if (p.matcher("").groupCount() < 1) {
            throw new RuleException("pcrexform: the regex needs a capture group");
        }
        return p;
    }
}
