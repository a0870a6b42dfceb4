package dev.sluice.signatures;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a load produced: the rules (active and inactive, in file order), the rules refused, and the
 * number of commented-out rules. Immutable.
 */
public final class LoadResult {
    private final List<Rule> rules;
    private final List<RuleFailure> failures;
    private final int disabled;
    private final int active;

    public LoadResult(List<Rule> rules, List<RuleFailure> failures, int disabled) {
        this.rules = Collections.unmodifiableList(new ArrayList<>(rules));
        this.failures = Collections.unmodifiableList(new ArrayList<>(failures));
        this.disabled = disabled;
        int a = 0;
        for (Rule r : rules) {
            if (r.active()) {
                a++;
            }
        }
        this.active = a;
    }

    public static LoadResult empty() {
        return new LoadResult(List.of(), List.of(), 0);
    }

    /** Every loaded rule, active and inactive. */
    public List<Rule> rules() {
        return rules;
    }

    public List<RuleFailure> failures() {
        return failures;
    }

    /** Rules loaded (active + inactive). */
    public int loaded() {
        return rules.size();
    }

    /** Loaded rules that run. */
    public int active() {
        return active;
    }

    /** Loaded rules kept out of detection (waiting for a parser Sluice lacks). */
    public int inactive() {
        return rules.size() - active;
    }

    /** Rules refused. */
    public int failed() {
        return failures.size();
    }

    /** Commented-out rules ({@code # alert ...}). */
    public int disabled() {
        return disabled;
    }

    /** This result followed by another. */
    public LoadResult merge(LoadResult other) {
        List<Rule> r = new ArrayList<>(rules.size() + other.rules.size());
        r.addAll(rules);
        r.addAll(other.rules);
        List<RuleFailure> f = new ArrayList<>(failures.size() + other.failures.size());
        f.addAll(failures);
        f.addAll(other.failures);
        return new LoadResult(r, f, disabled + other.disabled);
    }

    @Override
    public String toString() {
        return loaded() + " rules loaded (" + active() + " active, " + inactive() + " inactive), "
                + failed() + " failed, " + disabled() + " disabled";
    }
}
