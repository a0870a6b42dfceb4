package dev.sluice.signatures;

/**
 * A rule that could not be loaded.
 *
 * @param file   file name as given to the loader
 * @param line   first line of the rule (1-based)
 * @param reason one line
 */
public record RuleFailure(String file, int line, String reason) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
