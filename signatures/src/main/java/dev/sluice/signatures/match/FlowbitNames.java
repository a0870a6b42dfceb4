package dev.sluice.signatures.match;

import java.util.HashMap;
import java.util.Map;

/**
 * Flowbit names to small indexes, assigned while rules load. Read-only after loading, so workers
 * may share it.
 */
public final class FlowbitNames {
    private final Map<String, Integer> ids = new HashMap<>();

    public synchronized int idOf(String name) {
        return ids.computeIfAbsent(name, n -> ids.size());
    }

    public synchronized int size() {
        return ids.size();
    }
}
