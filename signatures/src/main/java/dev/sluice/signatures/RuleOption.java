package dev.sluice.signatures;

/**
 * One {@code name:value;} option of a rule as written.
 *
 * @param name  the keyword, trimmed
 * @param value the text after the colon, trimmed, quotes and escapes kept; null when there was no colon
 */
public record RuleOption(String name, String value) {
}
