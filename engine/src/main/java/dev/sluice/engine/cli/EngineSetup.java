package dev.sluice.engine.cli;

import dev.sluice.engine.defrag.DefragConfig;
import dev.sluice.engine.detect.ActionOrder;
import dev.sluice.engine.detect.ThresholdTracker;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.stream.StreamConfig;
import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.RuleFailure;
import dev.sluice.signatures.RuleLoader;
import dev.sluice.signatures.classify.ClassificationConfig;
import dev.sluice.signatures.classify.ReferenceConfig;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.policy.RulePolicy;
import dev.sluice.signatures.threshold.ThresholdConfig;
import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.SluiceConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Shared start-up of the commands: configuration, then rules. */
final class EngineSetup {
    private EngineSetup() {
    }

    /** Loads sluice.yaml (or the defaults) and applies {@code --set} overrides. */
    static SluiceConfig config(Path configFile, List<String> sets) throws Exception {
        SluiceConfig cfg = configFile == null ? SluiceConfig.defaults() : SluiceConfig.load(configFile);
        for (String s : sets) {
            cfg.applySet(s);
        }
        return cfg;
    }

    /** sluice.yaml's {@code action-order}; pass, drop, reject, alert when absent. */
    static ActionOrder actionOrder(SluiceConfig cfg) throws ConfigException {
        return ActionOrder.from(cfg);
    }

    /** {@code mpm-algo} from sluice.yaml or {@code --set}, else the SLUICE_MPM_ALGO environment variable, else auto. */
    static String mpmAlgo(SluiceConfig cfg) {
        String env = System.getenv("SLUICE_MPM_ALGO");
        return cfg.getString("mpm-algo", env == null || env.isBlank() ? "auto" : env.trim());
    }

    /** Loads every rule file; unreadable files are failures of the load, not exceptions. */
    static LoadResult loadRules(LoadContext ctx, List<Path> files) {
        return loadRules(ctx, files, (f, r) -> { });
    }

    /**
     * Loads every rule file with one loader, so a sid given twice is refused across files too;
     * {@code perFile} sees each file's own result as it is loaded.
     */
    static LoadResult loadRules(LoadContext ctx, List<Path> files, java.util.function.BiConsumer<Path, LoadResult> perFile) {
        return loadRules(ctx, files, RulePolicy.NONE, perFile);
    }

    /**
     * Loads every rule file with sluice.yaml's {@code rule-policy} files, read now (so a reload picks
     * up their edits), and prints the policy's messages (at most {@code maxMessages}) and its summary
     * line on {@code err} when the config names a policy.
     *
     * @throws ConfigException for a missing policy file or a bad line in one ({@code file:line: reason})
     */
    static LoadResult loadRules(SluiceConfig cfg, LoadContext ctx, List<Path> files, PrintStream err, int maxMessages)
            throws ConfigException {
        return loadRules(cfg, ctx, files, List.of(), err, maxMessages);
    }

    /**
     * As above, with {@code extraDrops}, drop.conf lines after the config's own ({@code --flip}
     * candidates, named so in errors).
     */
    static LoadResult loadRules(SluiceConfig cfg, LoadContext ctx, List<Path> files, List<String> extraDrops, PrintStream err,
                                int maxMessages) throws ConfigException {
        RulePolicy policy = RulePolicy.from(cfg).withDrops("--flip", extraDrops);
        LoadResult r = loadRules(ctx, files, policy, (f, x) -> { });
        printPolicy(policy, err, maxMessages);
        return r;
    }

    /** The policy's messages (at most {@code max}, then a count) and summary line, when there is a policy. */
    static void printPolicy(RulePolicy policy, PrintStream err, int max) {
        if (policy == RulePolicy.NONE) {
            return;
        }
        List<String> m = policy.messages();
        for (int i = 0; i < m.size() && i < max; i++) {
            err.println("note: " + m.get(i));
        }
        if (m.size() > max) {
            err.println("note: " + (m.size() - max) + " more rule policy notes");
        }
        err.println(policy.summary());
    }

    /**
     * Loads every rule file with one loader (a sid given twice is refused across files), each rule
     * first decided by {@code policy}; {@code perFile} sees each file's own result as it is loaded.
     */
    static LoadResult loadRules(LoadContext ctx, List<Path> files, RulePolicy policy,
                                java.util.function.BiConsumer<Path, LoadResult> perFile) {
        RuleLoader loader = new RuleLoader(ctx, KeywordTable.standard());
        loader.setPolicy(policy);
        LoadResult total = null;
        for (Path f : files) {
            LoadResult r;
            try {
                if (!Files.isReadable(f)) {
                    throw new IOException("cannot read rule file");
                }
                r = loader.loadFile(f);
            } catch (IOException e) {
                r = new LoadResult(List.of(), List.of(new RuleFailure(f.toString(), 0, e.getMessage())), 0);
            }
            perFile.accept(f, r);
            total = total == null ? r : total.merge(r);
        }
        return total == null ? new LoadResult(List.of(), List.of(new RuleFailure("-", 0, "no rule files given (-S)")), 0) : total;
    }

    /**
     * The threshold.config named by {@code threshold-file} (a relative name resolves against the
     * config file's folder), or an empty one when the key is absent. Its {@code suppress ... ip}
     * addresses may use the config's address variables.
     *
     * @throws ConfigException for an unreadable file or a bad entry ({@code file:line: reason})
     */
    static ThresholdConfig thresholdFile(SluiceConfig cfg, LoadContext ctx) throws ConfigException {
        String name = cfg.getString("threshold-file", null);
        if (name == null || name.isBlank()) {
            return ThresholdConfig.empty();
        }
        Path f = cfg.resolve(name.trim());
        try {
            return ThresholdConfig.load(f, ctx.variables);
        } catch (IOException e) {
            throw new ConfigException(f + ": cannot read threshold-file: "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : SluiceCli.oneLine(e)));
        }
    }

    /**
     * The plan workers share for {@code active} rules; entries that name no loaded rule are warned
     * about on {@code err} (at most {@code max} lines) and do nothing.
     */
    static ThresholdTracker.Plan thresholdPlan(ThresholdConfig tc, LoadResult loaded, Rule[] active, PrintStream err,
                                               int max) {
        List<String> unmatched = tc.unmatched(loaded.rules());
        for (int i = 0; i < unmatched.size() && i < max; i++) {
            err.println("warning: " + unmatched.get(i));
        }
        if (unmatched.size() > max) {
            err.println("warning: " + (unmatched.size() - max) + " more threshold-file entries name no loaded rule");
        }
        return ThresholdTracker.Plan.of(tc, active);
    }

    /** The per-worker stage settings, from sluice.yaml and {@code --set}. */
    record Stages(FlowConfig flow, DefragConfig defrag, StreamConfig stream) { }

    /**
     * Flow, defrag and stream settings: the defaults, then {@code stream.midstream} from the config
     * (default {@code midstreamDefault}), inline stream inspection when {@code inline}, then the
     * config file's other stream keys ({@link StreamConfig#KEYS} but midstream and inline, which the
     * mode decides), then every {@code --set} a stage knows.
     *
     * @throws ConfigException for a bad stream value in the file ({@code file:line: key: reason})
     */
    static Stages stages(SluiceConfig cfg, List<String> sets, boolean inline, boolean midstreamDefault)
            throws ConfigException {
        boolean midstream = cfg.getBool("stream.midstream", midstreamDefault);
        FlowConfig flow = FlowConfig.DEFAULTS.withMidstream(midstream);
        DefragConfig defrag = DefragConfig.DEFAULTS;
        StreamConfig stream = StreamConfig.DEFAULTS.withInline(inline).withMidstream(midstream);
        java.util.Set<String> setKeys = new java.util.HashSet<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq > 0) {
                setKeys.add(s.substring(0, eq).trim());
            }
        }
        for (String key : StreamConfig.KEYS) {
            // --set values are in cfg too; they are applied (and reported) below as --set.
            if (key.equals("stream.midstream") || key.equals("stream.inline") || setKeys.contains(key)) {
                continue;
            }
            String value = cfg.getString(key, null);
            if (value != null) {
                try {
                    stream = stream.withSetting(key, value);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(cfg.where(key) + ": " + e.getMessage());
                }
            }
        }
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = s.substring(0, eq).trim();
            String value = s.substring(eq + 1).trim();
            if (FlowConfig.knows(key)) {
                flow = flow.withSetting(key, value);
            }
            if (DefragConfig.knows(key)) {
                defrag = defrag.withSetting(key, value);
            }
            if (StreamConfig.knows(key)) {
                stream = stream.withSetting(key, value);
            }
        }
        return new Stages(flow, defrag, stream.resolveInline(inline));
    }

    /** Prints at most {@code max} failures as {@code file:line: reason} and a count of the rest. */
    static void printFailures(LoadResult r, PrintStream err, int max) {
        int n = 0;
        for (RuleFailure f : r.failures()) {
            if (n++ < max) {
                err.println("warning: " + f);
            }
        }
        if (n > max) {
            err.println("warning: " + (n - max) + " more rules refused (sluice rules check lists them all)");
        }
    }
}
