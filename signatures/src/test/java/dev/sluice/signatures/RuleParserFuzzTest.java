package dev.sluice.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.signatures.classify.ClassificationConfig;
import dev.sluice.signatures.classify.ReferenceConfig;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.vars.Variables;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzz target (Jazzer) of the rule language with every keyword Sluice knows: the
 * input, as UTF-8 text, goes to {@link RuleParser#parse} and to {@link RuleLoader#loadString}.
 * Seeds: {@code RuleParserFuzzTestInputs/} (rule lines of the sample and ET Open rule sets).
 */
class RuleParserFuzzTest {
    private static final KeywordTable KEYWORDS = KeywordTable.standard();
    // Built once: rules only read them (a fresh LoadContext per input keeps flowbit names apart).
    private static final Variables VARIABLES = Variables.defaults();
    private static final ClassificationConfig CLASSIFICATIONS = ClassificationConfig.defaults();
    private static final ReferenceConfig REFERENCES = ReferenceConfig.defaults();
    private static final String FILE = "fuzz.rules";

    @FuzzTest
    void anyTextGivesARuleOrAReasonNeverAnotherException(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        boolean oneLine = text.indexOf('\n') < 0 && text.indexOf('\r') < 0;

        // The parser alone: a rule, or a RuleException with a message; anything else escapes and fails.
        Rule parsed = null;
        String reason = null;
        try {
            parsed = new RuleParser(context(), KEYWORDS).parse(text.trim(), FILE, 1);
            assertNotNull(parsed, "parse returned null without a reason");
        } catch (RuleException e) {
            reason = e.getMessage();
            assertTrue(reason != null && !reason.isBlank(), "RuleException without a message");
            if (oneLine) {
                assertTrue(reason.indexOf('\n') < 0, "a one-line rule got a multi-line reason: " + reason);
            }
        }

        // The loader: every refusal is a located reason, none an internal error it had to catch.
        LoadResult r = new RuleLoader(context(), KEYWORDS).loadString(text, FILE);
        int lines = text.split("\n", -1).length;
        for (RuleFailure f : r.failures()) {
            assertFalse(f.reason().startsWith("internal error"), "the loader caught an exception: " + f);
            assertTrue(f.line() >= 1 && f.line() <= lines, "failure on line " + f.line() + " of " + lines);
            assertEquals(FILE, f.file());
        }
        assertTrue(r.loaded() + r.failed() + r.disabled() <= lines, "more outcomes than lines: " + r);

        // One rule line: the loader and the parser agree.
        String t = text.trim();
        if (oneLine && !t.isEmpty() && t.charAt(0) != '#' && !t.endsWith("\\")) {
            assertEquals(parsed != null ? 1 : 0, r.loaded(), "parser said " + (parsed != null ? "rule" : reason)
                    + ", loader " + r);
        }
    }

    private static LoadContext context() {
        return new LoadContext(VARIABLES, CLASSIFICATIONS, REFERENCES);
    }
}
