package dev.sluice.signatures.vars;

/** A configuration file or {@code --set} that cannot be used; the message is one line ("file:line: reason"). */
public class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
