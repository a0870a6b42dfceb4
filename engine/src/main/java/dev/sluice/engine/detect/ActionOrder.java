package dev.sluice.engine.detect;

import dev.sluice.signatures.Action;
import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.SluiceConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The order in which rule actions are evaluated, sluice.yaml's {@code action-order} as in
 * suricata.yaml: a list naming pass, drop, reject and alert, each exactly once. The default is
 * pass, drop, reject, alert, so a pass rule is seen first and stops evaluation of the packet.
 * rejectsrc, rejectdst and rejectboth sort as reject. Immutable.
 */
public final class ActionOrder {
    /** The configuration key. */
    public static final String KEY = "action-order";

    private static final String[] WORDS = {"pass", "drop", "reject", "alert"};

    /** pass, drop, reject, alert. */
    public static final ActionOrder DEFAULT = new ActionOrder(new int[] {0, 1, 2, 3});

    /** Rank of each of the four groups, indexed like {@link #WORDS}. */
    private final int[] rankOfGroup;

    private ActionOrder(int[] rankOfGroup) {
        this.rankOfGroup = rankOfGroup;
    }

    /**
     * The order given by {@code action-order} in the configuration, or {@link #DEFAULT} when the key
     * is absent. A YAML list is the usual form; a scalar (from {@code --set action-order=...}) is
     * read as a comma-separated list, with or without brackets.
     *
     * @throws ConfigException naming the configuration file when the list is not the four actions once each
     */
    public static ActionOrder from(SluiceConfig cfg) throws ConfigException {
        if (!cfg.has(KEY)) {
            return DEFAULT;
        }
        List<String> words = new ArrayList<>();
        for (String item : cfg.getStringList(KEY)) {
            String s = item.trim();
            if (s.startsWith("[") && s.endsWith("]")) {
                s = s.substring(1, s.length() - 1);
            }
            for (String w : s.split(",", -1)) {
                words.add(w.trim());
            }
        }
        try {
            return of(words);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(cfg.fileName() + ": " + KEY + ": " + e.getMessage());
        }
    }

    /**
     * An order from its four words.
     *
     * @throws IllegalArgumentException with a one-line reason when the words are not pass, drop,
     *                                  reject and alert, each once (any case)
     */
    public static ActionOrder of(List<String> words) {
        int[] rank = {-1, -1, -1, -1};
        int next = 0;
        for (String w : words) {
            int g = indexOf(w.toLowerCase(Locale.ROOT));
            if (g < 0) {
                throw new IllegalArgumentException("'" + w + "' is not an action; list pass, drop, reject and alert, each once");
            }
            if (rank[g] >= 0) {
                throw new IllegalArgumentException("'" + w + "' is listed twice; list pass, drop, reject and alert, each once");
            }
            rank[g] = next++;
        }
        if (next < WORDS.length) {
            List<String> missing = new ArrayList<>();
            for (int g = 0; g < WORDS.length; g++) {
                if (rank[g] < 0) {
                    missing.add(WORDS[g]);
                }
            }
            throw new IllegalArgumentException("missing " + String.join(", ", missing)
                    + "; list pass, drop, reject and alert, each once");
        }
        return new ActionOrder(rank);
    }

    private static int indexOf(String w) {
        for (int i = 0; i < WORDS.length; i++) {
            if (WORDS[i].equals(w)) {
                return i;
            }
        }
        return -1;
    }

    /** Position of an action in the order, 0 first. */
    public int rank(Action a) {
        return rankOfGroup[switch (a) {
            case PASS -> 0;
            case DROP -> 1;
            case REJECT, REJECTSRC, REJECTDST, REJECTBOTH -> 2;
            case ALERT -> 3;
        }];
    }

    /** The four words in order, as written in sluice.yaml. */
    @Override
    public String toString() {
        String[] out = new String[WORDS.length];
        for (int g = 0; g < WORDS.length; g++) {
            out[rankOfGroup[g]] = WORDS[g];
        }
        return "[" + String.join(", ", out) + "]";
    }
}
