package dev.sluice.signatures.keyword;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;

/**
 * One rule keyword. Each keyword is one class registered in {@link KeywordTable}; {@link #apply}
 * parses the option's value and writes what it compiles to into the rule under construction.
 * Implementations are stateless and shared.
 */
public interface Keyword {
    /** The keyword as written in rules ({@code content}, {@code http.uri}, ...). */
    String name();

    /** One line for {@code sluice list-keywords}. */
    String summary();

    /** Whether the keyword takes a value ({@code content:"x"}) or none ({@code nocase}), or either. */
    default Value value() {
        return Value.REQUIRED;
    }

    /**
     * Applies the option to the rule.
     *
     * @param value the text after the colon, trimmed, quotes kept; null when there was none
     * @throws RuleException with a one-line reason when the value is bad
     */
    void apply(String value, RuleBuilder rule) throws RuleException;

    enum Value { REQUIRED, NONE, OPTIONAL }
}
