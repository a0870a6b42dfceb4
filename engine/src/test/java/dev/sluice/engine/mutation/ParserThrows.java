package dev.sluice.engine.mutation;

import java.util.Map;
import java.util.TreeMap;

/**
 * The "no parser threw" part of the property. The app layer catches a parser's exception, gives the
 * flow's application state up and counts it only in {@code app_layer.error.<proto>.parser}; those
 * counters count thrown exceptions alone (malformed input is a parser event, never an exception),
 * so each must stay 0.
 */
public final class ParserThrows {
    private ParserThrows() {}

    /**
     * The non-zero {@code app_layer.error.*.parser} counters of {@code counters} (a worker's
     * counters, or those of the control socket's stats). Throws when there is no such counter at
     * all, so a renamed counter cannot pass unchecked.
     */
    public static Map<String, Long> of(Map<String, Long> counters) {
        Map<String, Long> out = new TreeMap<>();
        int seen = 0;
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            if (e.getKey().startsWith("app_layer.error.") && e.getKey().endsWith(".parser")) {
                seen++;
                if (e.getValue() != 0) {
                    out.put(e.getKey(), e.getValue());
                }
            }
        }
        if (seen == 0) {
            throw new AssertionError("no app_layer.error.*.parser counter among " + counters.keySet());
        }
        return out;
    }
}
