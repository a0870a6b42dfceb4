package dev.sluice.engine.cli;

import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.RuleFailure;
import dev.sluice.signatures.policy.RulePolicy;
import dev.sluice.signatures.vars.SluiceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code sluice rules ...}: work on rule files without running the engine. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Work on rule files.",
        subcommands = {RulesCommand.Check.class, RulePolicyCommands.Show.class, RulePolicyCommands.Flip.class})
final class RulesCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.err);
    }

    /** {@code sluice rules check -S FILE...}: load, count, list every refusal; exit 1 if any. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Load rule files and report, per file, what loaded, what was refused (file:line: reason) "
                    + "and what is inactive waiting for a parser. Exit status 1 when a rule was refused.")
    static final class Check implements Callable<Integer> {
        @Option(names = {"-S", "--rules"}, required = true, description = "Rule file (repeatable).")
        List<Path> rules = new ArrayList<>();

        @Option(names = {"-c", "--config"}, description = "sluice.yaml (variables, classification file).")
        Path config;

        @Option(names = "--set", description = "Override a config value, key=value (repeatable).")
        List<String> sets = new ArrayList<>();

        @Option(names = "--summary", description = "Only the totals and the most frequent reasons, no per-rule lines.")
        boolean summary;

        @Override
        public Integer call() throws Exception {
            SluiceConfig cfg = EngineSetup.config(config, sets);
            LoadContext ctx = cfg.newLoadContext();
            // One loader for all files: a sid given twice is refused across files, as when running.
            RulePolicy policy = RulePolicy.from(cfg);
            LoadResult total = EngineSetup.loadRules(ctx, rules, policy, (f, r) -> {
                System.out.printf("%s: %d loaded (%d active, %d inactive waiting for a parser), %d refused, %d disabled%n",
                        f, r.loaded(), r.active(), r.inactive(), r.failed(), r.disabled());
                if (!summary) {
                    for (RuleFailure fail : r.failures()) {
                        System.out.println("  refused " + fail);
                    }
                }
            });
            Map<String, Integer> waiting = new TreeMap<>();
            for (Rule rule : total.rules()) {
                if (!rule.active()) {
                    waiting.merge(rule.inactiveReason, 1, Integer::sum);
                }
            }
            System.out.printf("total: %d loaded (%d active, %d inactive waiting for a parser), %d refused, %d disabled%n",
                    total.loaded(), total.active(), total.inactive(), total.failed(), total.disabled());
            EngineSetup.printPolicy(policy, System.out, summary ? 10 : Integer.MAX_VALUE);
            if (summary) {
                printTop("refusal reasons", reasons(total.failures()));
                printTop("inactive reasons", waiting);
            }
            return total.failures().isEmpty() ? 0 : 1;
        }

        private static Map<String, Integer> reasons(List<RuleFailure> failures) {
            Map<String, Integer> m = new LinkedHashMap<>();
            for (RuleFailure f : failures) {
                m.merge(f.reason(), 1, Integer::sum);
            }
            return m;
        }

        private static void printTop(String title, Map<String, Integer> counts) {
            if (counts.isEmpty()) {
                return;
            }
            System.out.println("most frequent " + title + ":");
            counts.entrySet().stream()
                    .sorted((a, b) -> b.getValue() - a.getValue())
                    .limit(10)
                    .forEach(e -> System.out.printf("%7d  %s%n", e.getValue(), e.getKey()));
        }
    }
}
