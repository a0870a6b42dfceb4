package dev.sluice.engine.cli;

import dev.sluice.engine.detect.DetectEngine;
import dev.sluice.engine.detect.EngineSwap;
import dev.sluice.engine.detect.ThresholdTracker;
import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.RuleFailure;
import dev.sluice.signatures.threshold.ThresholdConfig;
import dev.sluice.signatures.vars.SluiceConfig;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A live rule reload: reads sluice.yaml, the rule policy files and the rule files again, builds a
 * new detection engine beside the running one and publishes it to the workers, who switch between
 * two packets and keep their flows, flowbits, flowints and host bits (the names keep their indexes).
 * When anything is wrong with the new set, the running rules stay and the reason is returned.
 *
 * <p>One reload at a time (this object's lock); called from the control socket and the SIGUSR2 thread.
 */
final class RuleReloader {
    /** What the last reload did, as {@code sluice ctl reload-time} shows it. */
    record Outcome(String started, boolean ok, long tookMillis, int generation, int rulesLoaded, int rulesActive,
                   int rulesFailed, String message) { }

    /** A reload that kept the old rules; the message is one line. */
    static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message);
        }
    }

    private final Path configFile;
    private final List<String> sets;
    private final List<Path> ruleFiles;
    private final EngineSwap swap;
    private final PrintStream err;
    private LoadContext ctx;
    private LoadResult loaded;
    private Outcome last;
    private int reloads;
    private int refused;

    RuleReloader(Path configFile, List<String> sets, List<Path> ruleFiles, LoadContext ctx, LoadResult loaded,
                 EngineSwap swap, PrintStream err) {
        this.configFile = configFile;
        this.sets = List.copyOf(sets);
        this.ruleFiles = List.copyOf(ruleFiles);
        this.ctx = ctx;
        this.loaded = loaded;
        this.swap = swap;
        this.err = err;
    }

    /**
     * Reloads and returns the one-line account; the workers pick the new engine up at their next
     * packet. Throws with the reason when the old rules are kept.
     */
    synchronized String reload() throws RefusedException {
        String started = Instant.now().toString();
        long t0 = System.nanoTime();
        DetectEngine engine = null;
        try {
            SluiceConfig cfg = EngineSetup.config(configFile, sets);
            LoadContext next = cfg.newLoadContext();
            next.keepNamesOf(ctx);
            LoadResult r = load(cfg, next);
            String broken = newFailure(r);
            if (broken != null) {
                throw new RefusedException(broken);
            }
            if (r.active() == 0 && loaded.active() > 0) {
                throw new RefusedException("the new rule set has no active rule");
            }
            ThresholdConfig tc = EngineSetup.thresholdFile(cfg, next);
            engine = DetectEngine.build(r.rules(), next.flowbits.size(), EngineSetup.mpmAlgo(cfg), EngineSetup.actionOrder(cfg),
                    next.homeNet());
            ThresholdTracker.Plan plan = EngineSetup.thresholdPlan(tc, r, engine.rules(), err, 5);
            EngineSwap.Generation g = swap.publish(engine, plan);
            engine = null;
            ctx = next;
            loaded = r;
            reloads++;
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String msg = String.format(Locale.ROOT, "reload %d: %d rules active (%d inactive, %d refused), built in %.2f s",
                    g.id, g.engine.rules().length, r.loaded() - g.engine.rules().length, r.failed(), ms / 1000.0);
            last = new Outcome(started, true, ms, g.id, r.loaded(), g.engine.rules().length, r.failed(), msg);
            return msg;
        } catch (RefusedException e) {
            throw refuse(started, t0, e.getMessage());
        } catch (Exception | OutOfMemoryError e) {
            throw refuse(started, t0, SluiceCli.oneLine(e));
        } finally {
            if (engine != null) {
                engine.close();    // built but not published
            }
        }
    }

    private RefusedException refuse(String started, long t0, String why) {
        refused++;
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String msg = "reload refused, the running rules stay: " + why;
        last = new Outcome(started, false, ms, swap.current().id, loaded.loaded(), swap.current().engine.rules().length,
                loaded.failed(), msg);
        return new RefusedException(msg);
    }

    /**
     * The first problem the new load has that the running one did not: an unreadable file, or a
     * rule refused that was not refused before (compared by file and reason, as lines move when a
     * file is edited). Null when there is none.
     */
    private String newFailure(LoadResult r) {
        Set<String> before = new HashSet<>();
        for (RuleFailure f : loaded.failures()) {
            before.add(f.file() + "\u0000" + f.reason());
        }
        for (RuleFailure f : r.failures()) {
            if (f.line() == 0 || !before.contains(f.file() + "\u0000" + f.reason())) {
                int more = Math.max(0, r.failed() - loaded.failed() - 1);
                return f + (more > 0 ? " (and " + more + " more)" : "");
            }
        }
        return null;
    }

    /** The rule files through the config's rule policy, as at start. */
    private LoadResult load(SluiceConfig cfg, LoadContext next) throws dev.sluice.signatures.vars.ConfigException {
        return EngineSetup.loadRules(cfg, next, ruleFiles, err, 5);
    }

    synchronized Outcome last() {
        return last;
    }

    synchronized int reloads() {
        return reloads;
    }

    synchronized int refusedCount() {
        return refused;
    }

    synchronized LoadResult loaded() {
        return loaded;
    }
}
