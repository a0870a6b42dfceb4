package dev.sluice.engine.cli;

import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.RuleFailure;
import dev.sluice.signatures.RuleLoader;
import dev.sluice.signatures.classify.ClassificationConfig;
import dev.sluice.signatures.classify.ReferenceConfig;
import dev.sluice.signatures.keyword.KeywordTable;
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

    static LoadContext loadContext(SluiceConfig cfg) throws IOException {
        return new LoadContext(cfg.variables(), cfg.classifications(), cfg.references());
    }

    /** Loads every rule file; unreadable files are failures of the load, not exceptions. */
    static LoadResult loadRules(LoadContext ctx, List<Path> files) {
        RuleLoader loader = new RuleLoader(ctx, KeywordTable.standard());
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
            total = total == null ? r : total.merge(r);
        }
        return total == null ? new LoadResult(List.of(), List.of(new RuleFailure("-", 0, "no rule files given (-S)")), 0) : total;
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
