package dev.sluice.engine.demo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What the demo made, undone in reverse order exactly once, from whichever thread gets there
 * first: the demo's own end or the JVM shutdown hook of a SIGINT/SIGTERM.
 */
final class Cleanup {
    /** One undo step; it may throw, the later ones still run. */
    interface Step {
        void run() throws Exception;
    }

    /** What the steps did ({@code done}) and how the failed ones failed, one line each. */
    record Report(List<String> done, List<String> failures) { }

    private record Entry(String what, Step step) { }

    private final Deque<Entry> steps = new ArrayDeque<>();
    private boolean ran;

    /**
     * Adds a step that {@code what} describes once done (null: not worth telling), or runs it at
     * once when the cleanup already ran (a SIGINT between making something and adding its step).
     */
    void add(String what, Step s) {
        synchronized (this) {
            if (!ran) {
                steps.push(new Entry(what, s));
                return;
            }
        }
        runOne(new Entry(what, s), new Report(new ArrayList<>(), new ArrayList<>()));
    }

    /**
     * Runs every step, newest first, the first time it is called and returns what happened; later
     * calls wait for that one to finish and return null.
     */
    synchronized Report run() {
        if (ran) {
            return null;
        }
        ran = true;
        Report r = new Report(new ArrayList<>(), new ArrayList<>());
        while (!steps.isEmpty()) {
            runOne(steps.pop(), r);
        }
        return r;
    }

    synchronized boolean ran() {
        return ran;
    }

    private static void runOne(Entry e, Report r) {
        try {
            e.step.run();
            if (e.what != null) {
                r.done.add(e.what);
            }
        } catch (Exception | LinkageError x) {
            r.failures.add("not done: " + (e.what == null ? "a cleanup step" : e.what) + " ("
                    + (x.getMessage() == null ? x.toString() : x.getMessage()) + ")");
        }
    }
}
