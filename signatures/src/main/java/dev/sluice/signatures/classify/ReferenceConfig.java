package dev.sluice.signatures.classify;

import java.util.HashMap;
import java.util.Map;

/** reference.config. STUB: owned by the rule-language work. */
public final class ReferenceConfig {
    private final Map<String, String> prefixes = new HashMap<>();

    public static ReferenceConfig defaults() {
        return new ReferenceConfig();
    }

    /** The URL prefix of a reference system (url, cve, ...), or null. */
    public String prefix(String system) {
        return prefixes.get(system.toLowerCase(java.util.Locale.ROOT));
    }
}
