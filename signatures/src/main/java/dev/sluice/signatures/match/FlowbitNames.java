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

    /**
     * Gives every name of {@code previous} the index it had there, so state kept under those
     * indexes (a flow's bits, a host's bits) means the same after a rule reload. Call before loading.
     */
    public synchronized void seedFrom(FlowbitNames previous) {
        Map<String, Integer> old;
        synchronized (previous) {
            old = new HashMap<>(previous.ids);
        }
        if (!ids.isEmpty()) {
            throw new IllegalStateException("seedFrom on names already in use");
        }
        ids.putAll(old);
    }

    public synchronized int size() {
        return ids.size();
    }
}
