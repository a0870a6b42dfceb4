package dev.sluice.signatures.threshold;

import dev.sluice.signatures.Rule;
import dev.sluice.signatures.ThresholdSpec;
import dev.sluice.signatures.header.HeaderParser;
import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.Variables;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed threshold.config (sluice.yaml's {@code threshold-file}) and how its entries combine with
 * a rule's own thresholds, as Suricata combines them:
 * <ul>
 * <li>{@code suppress} with no track stops every alert of the rule; with {@code track} and
 * {@code ip} it stops the alerts whose source, destination or either address is in the set. In
 * both cases the rule's action still applies.</li>
 * <li>A {@code threshold}/{@code event_filter} naming a sid replaces the rule's own
 * {@code threshold} or {@code detection_filter} (the last such line wins).</li>
 * <li>A wildcard threshold (sid 0) and any {@code rate_filter} apply only to rules that have no
 * threshold yet: a rule's own keyword is kept, and of several wildcards the first line wins.</li>
 * </ul>
 * Entries naming rules that are not loaded do nothing ({@link #unmatched} lists them). Immutable.
 */
public final class ThresholdConfig {
    private static final ThresholdConfig EMPTY = new ThresholdConfig("(none)", List.of());

    private final String fileName;
    private final List<ThresholdEntry> entries;
    /** Entries naming one rule, by {@link #key}; each list in file order. */
    private final Map<Long, List<ThresholdEntry>> specific = new HashMap<>();
    /** Entries with sig_id 0, in file order. */
    private final List<ThresholdEntry> wildcards = new ArrayList<>();

    private ThresholdConfig(String fileName, List<ThresholdEntry> entries) {
        this.fileName = fileName;
        this.entries = List.copyOf(entries);
        for (ThresholdEntry e : this.entries) {
            if (e.specific()) {
                specific.computeIfAbsent(key(e.gid(), e.sid()), k -> new ArrayList<>()).add(e);
            } else {
                wildcards.add(e);
            }
        }
    }

    /** No file: every rule keeps its own thresholds. */
    public static ThresholdConfig empty() {
        return EMPTY;
    }

    /**
     * Parses threshold.config text.
     *
     * @param fileName for messages
     * @param vars     the address variables {@code suppress ... ip $NAME} may use
     * @throws ConfigException at the first bad entry, as {@code file:line: reason}
     */
    public static ThresholdConfig parse(String text, String fileName, Variables vars) throws ConfigException {
        return new ThresholdConfig(fileName, new ThresholdFileParser(new HeaderParser(vars)).parse(text, fileName));
    }

    /** Reads and parses a threshold.config file. */
    public static ThresholdConfig load(Path file, Variables vars) throws IOException, ConfigException {
        return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file.toString(), vars);
    }

    public List<ThresholdEntry> entries() {
        return entries;
    }

    public String fileName() {
        return fileName;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** What applies to {@code r}: its own threshold keyword put together with this file. */
    public RuleThresholds forRule(Rule r) {
        return forRule(r.gid, r.sid, r.threshold);
    }

    /**
     * What applies to rule {@code gid:sid} whose own {@code threshold}/{@code detection_filter} is
     * {@code own} (null for none).
     */
    public RuleThresholds forRule(long gid, long sid, ThresholdSpec own) {
        List<ThresholdEntry> mine = specific.getOrDefault(key(gid, sid), List.of());
        if (mine.isEmpty() && wildcards.isEmpty()) {
            return RuleThresholds.ownOnly(own);
        }
        // The rule's one counter: a ThresholdSpec or a RateFilter.
        Object slot = own;
        boolean suppressed = false;
        List<ThresholdEntry.Suppress> suppressions = new ArrayList<>();
        int a = 0;
        int b = 0;
        // Both lists are in file order; walk them merged so that "first" and "last" mean the file's.
        while (a < mine.size() || b < wildcards.size()) {
            ThresholdEntry e;
            if (b >= wildcards.size() || (a < mine.size() && mine.get(a).line() < wildcards.get(b).line())) {
                e = mine.get(a++);
            } else {
                e = wildcards.get(b++);
                if (!e.appliesTo(gid, sid)) {
                    continue;
                }
            }
            if (e instanceof ThresholdEntry.Suppress s) {
                if (s.wholeRule()) {
                    suppressed = true;
                } else {
                    suppressions.add(s);
                }
            } else if (e instanceof ThresholdEntry.EventFilter t && t.specific()) {
                slot = t.spec();
            } else if (slot == null) {
                slot = e instanceof ThresholdEntry.EventFilter t ? t.spec() : e;
            }
        }
        return new RuleThresholds(slot instanceof ThresholdSpec t ? t : null,
                slot instanceof ThresholdEntry.RateFilter f ? f : null, suppressed, suppressions);
    }

    /**
     * The entries that name a rule (by gid and sid) that is not in {@code rules}, as
     * {@code file:line: ...} warnings; such entries do nothing.
     */
    public List<String> unmatched(Collection<Rule> rules) {
        Set<Long> loaded = new HashSet<>();
        for (Rule r : rules) {
            loaded.add(key(r.gid, r.sid));
        }
        List<String> out = new ArrayList<>();
        for (ThresholdEntry e : entries) {
            if (e.specific() && !loaded.contains(key(e.gid(), e.sid()))) {
                out.add(fileName + ":" + e.line() + ": no loaded rule has gid " + e.gid() + " sid " + e.sid()
                        + "; the entry does nothing");
            }
        }
        return out;
    }

    /** gid and sid are both below 2^32. */
    private static long key(long gid, long sid) {
        return (gid << 32) | (sid & 0xffff_ffffL);
    }

    @Override
    public String toString() {
        return fileName + " (" + entries.size() + " entries)";
    }
}
