package dev.sluice.signatures.classify;

import java.util.HashMap;
import java.util.Map;

/** classification.config. STUB: owned by the rule-language work. */
public final class ClassificationConfig {
    /** One {@code config classification: shortname,description,priority} line. */
    public record Classification(String name, String description, int priority) { }

    private final Map<String, Classification> byName = new HashMap<>();

    public static ClassificationConfig defaults() {
        return new ClassificationConfig();
    }

    /** The classification with this short name (case-insensitive), or null. */
    public Classification get(String name) {
        return byName.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
