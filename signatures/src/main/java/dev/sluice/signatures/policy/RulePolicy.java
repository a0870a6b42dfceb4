package dev.sluice.signatures.policy;

import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.SluiceConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * suricata-update's rule policy, applied to each rule's raw text as it loads. In this order, as
 * suricata-update does: a disable.conf match switches an enabled rule off; an enable.conf match
 * switches a disabled one (commented out in its file, or by disable.conf) back on; every drop.conf
 * match turns the rule's action into {@code drop}, except for rules with {@code noalert}, which are
 * kept as they are (a noalert rule that sets flowbits only feeds later rules; dropping on it would
 * cut the very flows those rules inspect); then each matching modify.conf line rewrites the text.
 * Disabled rules are not loaded. Flowbit dependencies are not resolved: a rule disabled here stays
 * disabled even when an enabled rule tests a bit it sets.
 *
 * <p>The lines are immutable; the counts, messages and the watched rule's outcome are filled as
 * rules load, so use one policy per load (loading thread only). {@link #NONE} changes nothing and
 * records nothing.
 */
public final class RulePolicy {
    /** No policy files: rules load as written. */
    public static final RulePolicy NONE = new RulePolicy(List.of(), List.of(), List.of(), List.of(), null, null);

    private final List<PolicyLine> enable;
    private final List<PolicyLine> disable;
    private final List<PolicyLine> drop;
    private final List<PolicyLine> modify;
    /** The drop.conf this policy reads (it may not exist yet), or null. */
    private final Path dropFile;
    /** gid and sid of the rule whose outcome is recorded, or null. */
    private final long[] watch;

    private int enabled;
    private int disabled;
    private int dropped;
    private int modified;
    private int keptNoalert;
    private final List<String> messages = new ArrayList<>();
    private RuleOutcome outcome;

    private RulePolicy(List<PolicyLine> enable, List<PolicyLine> disable, List<PolicyLine> drop,
                       List<PolicyLine> modify, Path dropFile, long[] watch) {
        this.enable = enable;
        this.disable = disable;
        this.drop = drop;
        this.modify = modify;
        this.dropFile = dropFile;
        this.watch = watch;
    }

    /**
     * The policy named by sluice.yaml's {@code rule-policy.enable}, {@code .disable}, {@code .drop}
     * and {@code .modify} (relative names resolve against the config file's folder); {@link #NONE}
     * when none is set. A drop file that does not exist reads as empty ({@code sluice rules flip}
     * creates it); any other named file must exist.
     *
     * @throws ConfigException for a missing or unreadable file or a bad line ({@code file:line: reason})
     */
    public static RulePolicy from(SluiceConfig cfg) throws ConfigException {
        Path en = path(cfg, "enable");
        Path dis = path(cfg, "disable");
        Path dr = path(cfg, "drop");
        Path mod = path(cfg, "modify");
        if (en == null && dis == null && dr == null && mod == null) {
            return NONE;
        }
        for (String k : new String[] {"enable", "disable", "modify"}) {
            Path p = path(cfg, k);
            if (p != null && !Files.exists(p)) {
                throw new ConfigException(cfg.fileName() + ": rule-policy." + k + ": " + p + ": no such file");
            }
        }
        return load(en, dis, dr, mod);
    }

    private static Path path(SluiceConfig cfg, String key) {
        String name = cfg.getString("rule-policy." + key, null);
        return name == null || name.isBlank() ? null : cfg.resolve(name.trim());
    }

    /**
     * The policy of these files; any may be null. A drop file that does not exist reads as empty.
     *
     * @throws ConfigException for an unreadable file or a bad line ({@code file:line: reason})
     */
    public static RulePolicy load(Path enable, Path disable, Path drop, Path modify) throws ConfigException {
        List<PolicyLine> dropLines = drop == null || !Files.exists(drop) ? List.of() : read(drop, false);
        return new RulePolicy(enable == null ? List.of() : read(enable, false), disable == null ? List.of() : read(disable, false),
                dropLines, modify == null ? List.of() : read(modify, true), drop, null);
    }

    /** The same policy, fresh, recording the outcome of rule gid:sid ({@link #outcome()}). */
    public RulePolicy watching(int gid, long sid) {
        return new RulePolicy(enable, disable, drop, modify, dropFile, new long[] {gid, sid});
    }

    private static List<PolicyLine> read(Path file, boolean modifyFile) throws ConfigException {
        List<String> lines;
        try {
            lines = List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1));
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), lines, modifyFile);
    }

    /** Policy lines from {@code lines} of {@code origin} (a file name, or what names them in errors). */
    private static List<PolicyLine> parse(String origin, List<String> lines, boolean modifyFile) throws ConfigException {
        List<PolicyLine> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int hash = l.indexOf(" #");
            if (hash >= 0) {
                l = l.substring(0, hash).strip(); // a trailing comment, as suricata-update cuts it
            }
            try {
                if (modifyFile) {
                    ModifyFilter f = ModifyFilter.parse(l);
                    out.add(new PolicyLine(origin, i + 1, l, f.matcher, f));
                } else {
                    out.add(new PolicyLine(origin, i + 1, l, RuleMatcher.parse(l), null));
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(origin + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /**
     * This policy with more drop.conf lines after its own, named {@code origin} in errors and
     * notes (e.g. {@code --flip}); this policy itself when there are none.
     *
     * @throws ConfigException for a bad line ({@code origin:N: reason})
     */
    public RulePolicy withDrops(String origin, List<String> lines) throws ConfigException {
        if (lines.isEmpty()) {
            return this;
        }
        List<PolicyLine> all = new ArrayList<>(drop);
        all.addAll(parse(origin, lines, false));
        return new RulePolicy(enable, disable, List.copyOf(all), modify, dropFile, watch);
    }

    /** True when the policy changes nothing. */
    public boolean isEmpty() {
        return enable.isEmpty() && disable.isEmpty() && drop.isEmpty() && modify.isEmpty();
    }

    /**
     * Decides one rule. {@code text} is the rule as written, without the {@code #} of a commented-out
     * rule; {@code file} and {@code line} are where it is.
     *
     * @return the text to parse (possibly with its action turned into drop and modified), or null
     *         when the rule stays disabled
     */
    public String apply(String text, boolean commentedOut, String file, int line) {
        if (watch == null && (isEmpty() || commentedOut && enable.isEmpty())) {
            return commentedOut ? null : text; // nothing here can change this rule
        }
        RuleText r = RuleText.of(text);
        if (r == null) {
            return commentedOut ? null : text; // not shaped like a rule: the parser reports it
        }
        RuleOutcome o = watch != null && watch[0] == r.gid && watch[1] == r.sid
                ? new RuleOutcome(file, line, commentedOut, r) : null;
        if (o != null) {
            outcome = o;
        }
        boolean on = !commentedOut;
        PolicyLine offBy = null;
        for (PolicyLine d : disable) {
            if (d.matcher.matches(r, file)) {
                offBy = d;
                on = false;
                break;
            }
        }
        if (offBy != null && commentedOut) {
            offBy = null; // already off in its file
        }
        PolicyLine onBy = null;
        if (!on) {
            for (PolicyLine e : enable) {
                if (e.matcher.matches(r, file)) {
                    onBy = e;
                    on = true;
                    break;
                }
            }
        }
        if (o != null) {
            o.disabledBy = offBy;
            o.enabledBy = onBy;
            o.loads = on;
        }
        if (onBy != null) {
            enabled++;
        }
        if (!on) {
            if (offBy != null) {
                disabled++;
            }
            return null;
        }
        boolean toDrop = false;
        boolean refused = false;
        for (PolicyLine d : drop) {
            if (d.matcher.matches(r, file)) {
                if (r.noalert) {
                    refused = true;
                    if (o != null) {
                        o.dropRefusedBy.add(d);
                    }
                } else {
                    toDrop = true;
                    if (o != null) {
                        o.droppedBy.add(d);
                    }
                }
            }
        }
        if (refused) {
            keptNoalert++;
            messages.add(r.setsFlowbits
                    ? "sid " + r.id() + ": sets flowbits with noalert, kept as alert (a drop would cut the flows that later rules inspect)"
                    : "sid " + r.id() + ": has noalert, kept as it is (drop.conf leaves rules that raise no alert alone)");
        }
        if (toDrop) {
            dropped++;
            if (!r.action.equals("drop")) {
                RuleText d = RuleText.of(r.withAction("drop"));
                if (d != null) {
                    r = d;
                }
            }
        }
        boolean changed = false;
        for (PolicyLine m : modify) {
            if (!m.matcher.matches(r, file)) {
                continue;
            }
            String nt = m.filter.apply(r.text);
            if (nt.equals(r.text)) {
                continue;
            }
            RuleText nr = RuleText.of(nt);
            if (nr == null) {
                messages.add(m.file() + ":" + m.line() + ": the change makes sid " + r.id() + " (" + file + ":" + line
                        + ") no longer a rule; kept unchanged");
                continue;
            }
            r = nr;
            changed = true;
            if (o != null) {
                o.modifiedBy.add(m);
            }
        }
        if (changed) {
            modified++;
        }
        if (o != null) {
            o.text = r.text;
        }
        return r.text;
    }

    /** Rules that enable.conf switched on. */
    public int enabled() {
        return enabled;
    }

    /** Rules that disable.conf switched off (and enable.conf did not switch back on). */
    public int disabled() {
        return disabled;
    }

    /** Rules drop.conf turned into drops. */
    public int dropped() {
        return dropped;
    }

    /** Rules whose text modify.conf changed. */
    public int modified() {
        return modified;
    }

    /** Rules drop.conf selected but left alone because they have noalert. */
    public int keptNoalert() {
        return keptNoalert;
    }

    /** Things the caller should log (one line each), in load order. */
    public List<String> messages() {
        return Collections.unmodifiableList(messages);
    }

    /** The watched rule's outcome, or null when it was not seen (or nothing is watched). */
    public RuleOutcome outcome() {
        return outcome;
    }

    /** The drop.conf this policy reads (possibly not existing yet), or null when none is configured. */
    public Path dropFile() {
        return dropFile;
    }

    /** drop.conf's lines. */
    public List<PolicyLine> dropLines() {
        return drop;
    }

    /** One line: "rule policy: N enabled, N disabled, N dropped, N modified" (and noalert rules kept). */
    public String summary() {
        return "rule policy: " + enabled + " enabled, " + disabled + " disabled, " + dropped + " dropped, " + modified
                + " modified" + (keptNoalert > 0 ? ", " + keptNoalert + " noalert rules kept out of drop" : "");
    }
}
