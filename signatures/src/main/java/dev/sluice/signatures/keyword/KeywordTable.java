package dev.sluice.signatures.keyword;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every keyword Sluice knows, by name: the one table that the rule parser and
 * {@code sluice list-keywords} read. Adding a keyword is one class and one line here.
 * STUB: owned by the keyword work.
 */
public final class KeywordTable {
    private final Map<String, Keyword> byName = new LinkedHashMap<>();

    public static KeywordTable standard() {
        KeywordTable t = new KeywordTable();
        return t;
    }

    public void register(Keyword k) {
        byName.put(k.name(), k);
    }

    /** The keyword with this name (or alias), or null. */
    public Keyword get(String name) {
        return byName.get(name);
    }

    public Collection<Keyword> all() {
        return byName.values();
    }
}
