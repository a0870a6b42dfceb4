package dev.sluice.signatures;

/** A rule (or a config line) that cannot be loaded; the message is the one-line reason. */
public class RuleException extends Exception {
    public RuleException(String reason) {
        super(reason, null, false, false);
    }
}
