package dev.sluice.engine.cli;

import dev.sluice.capture.nfq.NfqKernelStats;
import dev.sluice.capture.nfq.NfqueueHandle;
import dev.sluice.engine.ctl.ControlServer;
import dev.sluice.engine.detect.EngineSwap;
import dev.sluice.engine.output.OutputWriter;
import dev.sluice.engine.pipeline.Stats;
import dev.sluice.engine.pipeline.Worker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a running engine can be asked over its control socket and by signals: reload the rules
 * (SIGUSR2, {@code sluice ctl reload}), when the last reload was and how long it took, counters,
 * bans, and reopening the log files (SIGHUP, for logrotate).
 */
final class Control {
    private final RuleReloader reloader;
    private final EngineSwap swap;
    private final List<Integer> queues;
    private final List<Worker> workers;
    private final List<NfqueueHandle> handles;
    private final OutputWriter out;
    private final long startedNanos;
    /** The extra commands (bans) registered before the socket is served. */
    private final Map<String, ControlServer.Handler> extra = new LinkedHashMap<>();

    Control(RuleReloader reloader, EngineSwap swap, List<Integer> queues, List<Worker> workers,
            List<NfqueueHandle> handles, OutputWriter out, long startedNanos) {
        this.reloader = reloader;
        this.swap = swap;
        this.queues = queues;
        this.workers = workers;
        this.handles = handles;
        this.out = out;
        this.startedNanos = startedNanos;
    }

    /** Adds a command served beside the standard ones; call before {@link #serve}. */
    Control on(String name, ControlServer.Handler h) {
        extra.put(name, h);
        return this;
    }

    /**
     * Serves the control socket at {@code socket} ("none": no socket). A socket that cannot be
     * served is said in one line and the engine runs without it: inspection matters more.
     */
    ControlServer serve(String socket, String group) {
        if (socket == null || socket.isBlank() || "none".equals(socket)) {
            return null;
        }
        try {
            ControlServer s = ControlServer.start(Path.of(socket), group, System.err);
            s.on("reload", a -> reloadNow())
                    .on("reload-rules", a -> reloadNow())
                    .on("reload-time", a -> reloadTime())
                    .on("ruleset-reload-time", a -> reloadTime())
                    .on("stats", a -> stats())
                    .on("reopen-log-files", a -> {
                        reopenLogs();
                        return "log files reopened";
                    });
            extra.forEach(s::on);
            System.err.println("sluice: control socket " + s.path());
            return s;
        } catch (IOException | RuntimeException e) {
            System.err.println("sluice: running without a control socket: " + SluiceCli.oneLine(e));
            return null;
        }
    }

    /** Reloads on this thread; the account or the refusal is also logged. */
    String reloadNow() throws RuleReloader.RefusedException {
        try {
            String msg = reloader.reload();
            System.err.println("sluice: " + msg);
            return msg;
        } catch (RuleReloader.RefusedException e) {
            System.err.println("sluice: " + e.getMessage());
            throw e;
        }
    }

    /** SIGUSR2: reloads on a thread of its own, so the signal thread returns at once. */
    void reloadInBackground() {
        Thread t = new Thread(() -> {
            try {
                reloadNow();
            } catch (RuleReloader.RefusedException ignored) {
                // already logged
            }
        }, "sluice-reload");
        t.setDaemon(true);
        t.start();
    }

    /** SIGHUP: the writer reopens fast.log and eve.json after what it has queued. */
    void reopenLogs() {
        if (out.reopen()) {
            System.err.println("sluice: log files reopened");
        } else {
            System.err.println("sluice: log files could not be reopened (writer busy or closed)");
        }
    }

    Object reloadTime() {
        RuleReloader.Outcome last = reloader.last();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reloads", reloader.reloads());
        m.put("refused", reloader.refusedCount());
        m.put("generation", swap.current().id);
        m.put("last", last);
        return m;
    }

    /** Counters per queue and in all; the workers write them, a slightly stale read is fine here. */
    Object stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uptime", (System.nanoTime() - startedNanos) / 1_000_000_000L);
        m.put("rules_active", swap.current().engine.rules().length);
        m.put("rule_generation", swap.current().id);
        m.put("engines_retired", swap.retired());
        Stats total = new Stats();
        Map<String, Long> counters = new java.util.TreeMap<>();
        List<Map<String, Object>> qs = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            Worker w = workers.get(i);
            Stats s = w.stats;
            total.add(s);
            w.counters(counters);
            NfqKernelStats k = handles.get(i).kernelStats();
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("queue", queues.get(i));
            q.put("packets", s.packets);
            q.put("accepted", s.accepted);
            q.put("dropped", s.dropped);
            q.put("alerts", s.alerts);
            q.put("errors", s.errors);
            q.put("rule_generation", w.engineGeneration());
            if (k != null) {
                q.put("kernel_queue_dropped", k.queueDropped());
                q.put("kernel_user_dropped", k.userDropped());
            }
            // numbered by the kernel but never in our socket: accepted uninspected with fail-open, else dropped
            q.put("kernel_missed", handles.get(i).missed());
            qs.add(q);
        }
        m.put("packets", total.packets);
        m.put("accepted", total.accepted);
        m.put("dropped", total.dropped);
        m.put("alerts", total.alerts);
        m.put("errors", total.errors);
        m.put("bypassed", total.bypassed);
        // limits met and exception policies applied, by Suricata-style counter name
        m.put("counters", counters);
        m.put("queues", qs);
        m.put("output_written", out.written());
        m.put("output_lost", out.lost());
        return m;
    }
}
