package dev.sluice.engine.cli;

import dev.sluice.engine.ctl.ControlClient;
import dev.sluice.signatures.Action;
import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.RuleFailure;
import dev.sluice.signatures.policy.DropConfEditor;
import dev.sluice.signatures.policy.PolicyLine;
import dev.sluice.signatures.policy.RuleOutcome;
import dev.sluice.signatures.policy.RulePolicy;
import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.SluiceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sluice rules show} and {@code sluice rules flip}: one rule as the rule policy leaves it, and
 * switching it between alert and drop through drop.conf, then asking the running engine to reload.
 */
final class RulePolicyCommands {
    private RulePolicyCommands() {
    }

    /** Options both commands take: which rule, which config, which rule files. */
    abstract static class RuleOptions {
        @Option(names = "--sid", required = true, description = "The rule's sid.")
        long sid;

        @Option(names = "--gid", description = "The rule's gid (default 1).")
        Integer gid;

        @Option(names = {"-c", "--config"}, description = "sluice.yaml (its rule-policy files, variables).")
        Path config;

        @Option(names = {"-S", "--rules"}, description = "Rule file (repeatable); default: sluice.yaml's rule-files.")
        List<Path> rules = new ArrayList<>();

        @Option(names = "--set", description = "Override a config value, key=value (repeatable).")
        List<String> sets = new ArrayList<>();

        int gid() {
            return gid == null ? 1 : gid;
        }

        /** {@code sid}, or {@code gid:sid} when a gid was given. */
        String id() {
            return gid == null ? Long.toString(sid) : gid + ":" + sid;
        }

        /** What the load did to the rule. */
        record Found(SluiceConfig cfg, RulePolicy policy, RuleOutcome outcome, Rule rule, RuleFailure failure,
                     List<Path> files) { }

        /** Loads the rule files through the policy, watching this rule. */
        Found load() throws Exception {
            SluiceConfig cfg = EngineSetup.config(config, sets);
            RulePolicy policy = RulePolicy.from(cfg).watching(gid(), sid);
            List<Path> files = rules.isEmpty() ? configuredRuleFiles(cfg) : rules;
            LoadContext ctx = cfg.newLoadContext();
            LoadResult r = EngineSetup.loadRules(ctx, files, policy, (f, x) -> { });
            Rule rule = null;
            for (Rule x : r.rules()) {
                if (x.gid == gid() && x.sid == sid) {
                    rule = x;
                    break;
                }
            }
            RuleOutcome o = policy.outcome();
            RuleFailure failure = null;
            if (rule == null && o != null) {
                for (RuleFailure f : r.failures()) {
                    if (f.file().equals(o.file()) && f.line() == o.line()) {
                        failure = f;
                    }
                }
            }
            return new Found(cfg, policy, o, rule, failure, files);
        }
    }

    /** sluice.yaml's {@code rule-files}, relative to {@code default-rule-path}. */
    static List<Path> configuredRuleFiles(SluiceConfig cfg) throws ConfigException {
        List<String> names = cfg.getStringList("rule-files");
        if (names.isEmpty()) {
            throw new ConfigException("no rule files: give -S FILE or list rule-files in sluice.yaml");
        }
        String base = cfg.getString("default-rule-path", null);
        List<Path> out = new ArrayList<>();
        for (String n : names) {
            Path p = Path.of(n.trim());
            out.add(p.isAbsolute() || base == null ? cfg.resolve(n.trim()) : cfg.resolve(base.trim()).resolve(p));
        }
        return out;
    }

    /** {@code sluice rules show --sid N}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a rule as loaded after the rule policy: action, file:line, msg, which drop.conf and "
                    + "modify.conf lines touched it, whether it is a noalert flowbit setter. Exit 1 when not found.")
    static final class Show extends RuleOptions implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Found f = load();
            PrintStream out = System.out;
            RuleOutcome o = f.outcome();
            if (o == null) {
                System.err.println("sluice: sid " + id() + " is not in " + f.files());
                return 1;
            }
            Rule r = f.rule();
            out.println("sid " + id() + (r == null ? ": " + o.msg() : " rev " + r.rev + ": " + r.msg));
            out.println("  at: " + o.file() + ":" + o.line() + (o.commentedOut() ? " (commented out there)" : ""));
            if (r != null) {
                out.println("  action: " + r.action.word + (r.active() ? "" : " (inactive: " + r.inactiveReason + ")"));
            } else if (f.failure() != null) {
                out.println("  refused: " + f.failure().reason());
            } else if (o.disabledBy() != null) {
                out.println("  disabled by " + o.disabledBy());
            } else {
                out.println("  disabled (commented out in its file; enable.conf can enable it)");
            }
            if (o.enabledBy() != null) {
                out.println("  enabled by " + o.enabledBy());
            }
            for (PolicyLine l : o.droppedBy()) {
                out.println("  dropped by " + l);
            }
            for (PolicyLine l : o.dropRefusedBy()) {
                out.println("  selected by " + l + ", kept: it has noalert");
            }
            if (o.loads() && o.droppedBy().isEmpty() && o.dropRefusedBy().isEmpty()) {
                out.println("  drop.conf: not selected");
            }
            for (PolicyLine l : o.modifiedBy()) {
                out.println("  modified by " + l);
            }
            out.println("  noalert flowbit setter: " + (o.noalertFlowbitSetter()
                    ? "yes (drop.conf never turns it into a drop: a drop would cut the flows that later rules inspect)"
                    : "no"));
            out.println("  rule: " + o.text());
            return 0;
        }
    }

    /** {@code sluice rules flip --sid N [--to drop|alert]}. */
    @Command(name = "flip", mixinStandardHelpOptions = true,
            description = "Switch a rule between drop and alert by editing the drop.conf named by sluice.yaml's "
                    + "rule-policy.drop, then ask the running engine to reload.")
    static final class Flip extends RuleOptions implements Callable<Integer> {
        enum To { drop, alert }

        @Option(names = "--to", defaultValue = "drop", description = "drop (default) or alert.")
        To to;

        @Option(names = "--socket", defaultValue = "/run/sluice/sluice.sock", description = "The engine's control socket.")
        Path socket;

        @Option(names = "--no-reload", description = "Only edit drop.conf.")
        boolean noReload;

        @Override
        public Integer call() throws Exception {
            Found f = load();
            Path dropFile = f.policy().dropFile();
            if (dropFile == null) {
                throw new ConfigException(f.cfg().fileName() + ": names no drop file; add 'rule-policy:' with "
                        + "'drop: drop.conf' (rule-policy.drop) to it");
            }
            RuleOutcome o = f.outcome();
            if (o == null) {
                System.err.println("sluice: sid " + id() + " is not in " + f.files());
                return 1;
            }
            return to == To.drop ? toDrop(f, o, dropFile) : toAlert(f, o, dropFile);
        }

        private int toDrop(Found f, RuleOutcome o, Path dropFile) throws IOException {
            if (o.noalertFlowbitSetter()) {
                System.err.println("sluice: sid " + id() + " sets flowbits with noalert: it stays alert, a drop would cut "
                        + "the flows that later rules inspect (drop a rule that tests its flowbit instead); not flipped");
                return 1;
            }
            if (o.noalert()) {
                System.err.println("sluice: sid " + id() + " has noalert: drop.conf leaves rules that raise no alert alone; "
                        + "not flipped");
                return 1;
            }
            if (!o.droppedBy().isEmpty()) {
                System.out.println("sid " + id() + " is already dropped by " + o.droppedBy().get(0));
                return 0;
            }
            if (f.rule() != null && f.rule().action == Action.DROP) {
                System.out.println("sid " + id() + " is already a drop rule (" + o.file() + ":" + o.line() + ")");
                return 0;
            }
            DropConfEditor.add(dropFile, id(), DropConfEditor.FLIP_COMMENT + Instant.now().truncatedTo(ChronoUnit.SECONDS));
            System.out.println("sid " + id() + ": drop (added to " + dropFile + ")"
                    + (o.loads() ? "" : "; the rule is disabled, the drop applies once it is enabled"));
            return reload();
        }

        private int toAlert(Found f, RuleOutcome o, Path dropFile) throws IOException {
            List<PolicyLine> others = new ArrayList<>();
            boolean own = false;
            for (PolicyLine l : o.droppedBy()) {
                if (l.names(gid(), sid)) {
                    own = true;
                } else {
                    others.add(l);
                }
            }
            if (!others.isEmpty()) {
                System.err.println("sluice: sid " + id() + " is also dropped by " + others.get(0)
                        + (others.size() > 1 ? " (and " + (others.size() - 1) + " more lines)" : "")
                        + "; remove or narrow that line to make it alert; drop.conf not changed");
                return 1;
            }
            if (!own) {
                if (f.rule() != null && f.rule().action == Action.DROP) {
                    System.err.println("sluice: sid " + id() + " is written as drop in " + o.file() + ":" + o.line()
                            + "; drop.conf cannot make it alert (a modify.conf line can: " + id() + " \"^drop\" \"alert\")");
                    return 1;
                }
                System.out.println("sid " + id() + " is not dropped; nothing to do");
                return 0;
            }
            DropConfEditor.remove(dropFile, gid(), sid);
            System.out.println("sid " + id() + ": alert (removed from " + dropFile + ")");
            return reload();
        }

        private int reload() {
            if (noReload) {
                System.out.println("drop.conf updated; not asking the engine to reload (--no-reload)");
                return 0;
            }
            try {
                System.out.println("engine reloaded: " + ControlClient.reload(socket));
                return 0;
            } catch (ControlClient.NoEngineException e) {
                System.out.println("drop.conf updated; no running engine at " + socket + ", the change applies at next start");
                return 0;
            } catch (IOException e) {
                System.err.println("sluice: drop.conf updated, but the reload failed: " + SluiceCli.oneLine(e));
                return 1;
            }
        }
    }
}
