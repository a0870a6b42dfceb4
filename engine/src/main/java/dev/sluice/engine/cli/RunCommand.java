package dev.sluice.engine.cli;

import dev.sluice.capture.Verdict;
import dev.sluice.capture.nfq.NfqConfig;
import dev.sluice.capture.nfq.NfqKernelStats;
import dev.sluice.capture.nfq.Nfqueue;
import dev.sluice.capture.nfq.NfqueueHandle;
import dev.sluice.capture.raw.RawSender;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.defrag.Defragmenter;
import dev.sluice.engine.detect.DetectEngine;
import dev.sluice.engine.detect.EngineSwap;
import dev.sluice.engine.ctl.ControlServer;
import dev.sluice.engine.detect.ThresholdTracker;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.engine.output.OutputWriter;
import dev.sluice.engine.pipeline.Stats;
import dev.sluice.engine.pipeline.Worker;
import dev.sluice.engine.stream.TcpStreamEngine;
import dev.sluice.engine.verdict.BypassMark;
import dev.sluice.engine.verdict.Rejecter;
import dev.sluice.engine.verdict.VerdictPolicy;
import dev.sluice.signatures.Action;
import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.threshold.ThresholdConfig;
import dev.sluice.signatures.vars.SluiceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

/**
 * {@code sluice run}: the inline IPS. One worker thread per NFQUEUE queue, each owning its flows
 * (the kernel's --queue-balance keeps a flow on one queue), the detection of {@code sluice pcap
 * --ips}, one output writer for all. SIGTERM/SIGINT stop reading, give verdicts to every packet
 * already received, flush the logs, unbind and exit 0.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run inline on NFQUEUE queues: every queued packet gets a verdict (accept or drop).")
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-q", "--queue"}, required = true,
            description = "Queue number or range A:B (repeatable): one worker per queue.")
    List<String> queueSpecs = new ArrayList<>();

    @Option(names = {"-S", "--rules"}, required = true, description = "Rule file to load (repeatable).")
    List<Path> rules = new ArrayList<>();

    @Option(names = {"-l", "--log-dir"}, defaultValue = "/var/log/sluice", description = "Folder for fast.log and eve.json.")
    Path logDir;

    @Option(names = {"-c", "--config"}, description = "sluice.yaml.")
    Path config;

    @Option(names = "--set", description = "Override a config value, key=value (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "-k", defaultValue = "none",
            description = "Checksum validation: none (default: the kernel may hand over packets with checksums still to fill in) or all.")
    String checksums;

    @Option(names = "--stats-interval", defaultValue = "10", description = "Seconds between stats lines on stderr (0: none).")
    int statsInterval;

    @Option(names = "--on-error",
            description = "What to do with a packet whose processing failed: accept (fail-open, the default) or drop, or any "
                    + "exception policy value; sets engine.error-policy, over sluice.yaml.")
    String onError;

    @Option(names = "--reject-mark", defaultValue = "0x5e1ce",
            description = "Mark (SO_MARK) of the resets and ICMP unreachables sent for reject rules; queued packets carrying it "
                    + "are Sluice's own and pass uninspected (default ${DEFAULT-VALUE}; 0: unmarked).")
    String rejectMark;

    @Option(names = "--bypass-mark", paramLabel = "MARK[/MASK]",
            description = "Capture bypass (overrides nfq.bypass-mark/bypass-mask): packets of flows bypassed by stream.bypass are "
                    + "given back with these mark bits (a repeat verdict), for the connmark rules of sluice-iptables up "
                    + "--bypass-mark (added by --iptables) to keep the rest of the connection out of the queue. 'none': off.")
    String bypassMarkOption;

    @Option(names = "--queue-maxlen", defaultValue = "4096", description = "Kernel queue length (nfq_set_queue_maxlen).")
    int queueMaxLen;

    @Option(names = "--snaplen", defaultValue = "65535", description = "Bytes of each packet copied to Sluice.")
    int snapLen;

    @Option(names = "--iptables",
            description = "Once the queues are bound, put the fail-safe rules in place (sluice-iptables up --no-rollback); remove them at shutdown.")
    boolean iptables;

    @Option(names = "--iptables-args", description = "More options for sluice-iptables up, e.g. \"--ssh-port 2222 --accept 192.0.2.0/24\".")
    String iptablesArgs;

    @Option(names = "--socket", defaultValue = "/run/sluice/sluice.sock",
            description = "Control socket for sluice ctl and sluice rules flip (mode 0660; 'none': no socket). Default ${DEFAULT-VALUE}.")
    String socket;

    @Option(names = "--user", paramLabel = "USER",
            description = "Once the queues are bound, drop to this user, keeping only CAP_NET_ADMIN (reject answers' raw sockets "
                    + "are opened before). Under systemd, prefer User= with AmbientCapabilities (packaging/systemd/sluice.service).")
    String user;

    @Option(names = "--group", paramLabel = "GROUP", description = "With --user: the group to drop to (default: the user's own).")
    String group;

    @Option(names = "--socket-group", description = "Group owning the control socket (default: the process's group).")
    String socketGroup;

    static List<Integer> parseQueues(List<String> specs) {
        TreeSet<Integer> out = new TreeSet<>();
        for (String spec : specs) {
            for (String part : spec.split(",")) {
                String p = part.trim();
                int colon = p.indexOf(':');
                try {
                    int a = Integer.parseInt(colon < 0 ? p : p.substring(0, colon));
                    int b = colon < 0 ? a : Integer.parseInt(p.substring(colon + 1));
                    if (a < 0 || b > 65535 || b < a) {
                        throw new NumberFormatException();
                    }
                    for (int q = a; q <= b; q++) {
                        out.add(q);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("-q takes a queue number 0-65535 or a range A:B, not '" + p + "'");
                }
            }
        }
        return new ArrayList<>(out);
    }

    @Override
    public Integer call() throws Exception {
        List<Integer> queues = parseQueues(queueSpecs);
        if (user == null && group != null) {
            throw new IllegalArgumentException("--group goes with --user");
        }
        if (user != null && iptables) {
            // sluice-iptables down at shutdown needs root, which is gone by then.
            throw new IllegalArgumentException("--iptables needs root for its whole run: with --user, run sluice-iptables up/down "
                    + "yourself (the systemd unit does)");
        }
        SluiceConfig cfg = EngineSetup.config(config, sets);
        BypassMark bypassMark = bypassMarkOption == null ? BypassMark.fromConfig(cfg)
                : "none".equals(bypassMarkOption.trim()) ? BypassMark.NONE : parseBypassMark(bypassMarkOption);
        // Checked before anything is bound: the queues fit one NFQUEUE rule and the script is there.
        IptablesHook iptablesHook = iptables
                ? IptablesHook.forQueues(queues, parseMark(rejectMark), bypassMark, iptablesArgs, System.err) : null;
        boolean iptablesFailed = false;
        dev.sluice.engine.verdict.ExceptionPolicy onErrorPolicy = onError == null ? null : switch (onError) {
            case "accept" -> dev.sluice.engine.verdict.ExceptionPolicy.IGNORE;
            case "drop" -> dev.sluice.engine.verdict.ExceptionPolicy.DROP_PACKET;
            default -> {
                dev.sluice.engine.verdict.ExceptionPolicy p = dev.sluice.engine.verdict.ExceptionPolicy.parse(onError, true);
                if (p == null) {
                    throw new IllegalArgumentException("--on-error takes accept, drop or one of "
                            + dev.sluice.engine.verdict.ExceptionPolicy.words() + ", not '" + onError + "'");
                }
                yield p;
            }
        };
        if (!"all".equals(checksums) && !"none".equals(checksums)) {
            throw new IllegalArgumentException("-k takes 'all' or 'none', not '" + checksums + "'");
        }
        int mark = parseMark(rejectMark);
        String missing = Nfqueue.unavailableReason();
        if (missing != null) {
            throw new IllegalStateException("cannot run inline: " + missing);
        }
        LoadContext ctx = cfg.newLoadContext();
        LoadResult loaded = EngineSetup.loadRules(cfg, ctx, rules, System.err, 20);
        EngineSetup.printFailures(loaded, System.err, 20);
        ThresholdConfig thresholdFile = EngineSetup.thresholdFile(cfg, ctx);
        // Flows that were open before the engine started are picked up midstream.
        EngineSetup.Stages stages = EngineSetup.stages(cfg, true, true);
        if (stages.stream().bypass()) {
            System.err.println("sluice: stream.bypass: flows are no longer inspected once a direction reaches the depth ("
                    + stages.stream().depth() + " bytes)" + (bypassMark.enabled() ? "; their packets leave the queue with mark "
                    + bypassMark.describe() : "; their packets stay queued (no nfq.bypass-mark)"));
        } else if (bypassMark.enabled()) {
            System.err.println("sluice: note: bypass mark " + bypassMark.describe() + " is set but stream.bypass is off: no flow is bypassed");
        }
        Files.createDirectories(logDir);
        dev.sluice.engine.verdict.ExceptionPolicies exceptions = dev.sluice.engine.verdict.ExceptionPolicies.from(cfg, true);
        if (onErrorPolicy != null) {
            exceptions = exceptions.with(dev.sluice.engine.verdict.ExceptionStage.PROCESSING_ERROR, onErrorPolicy);
        }
        VerdictPolicy policy = new VerdictPolicy(true,
                exceptions.of(dev.sluice.engine.verdict.ExceptionStage.PROCESSING_ERROR).drops() ? Verdict.DROP : Verdict.ACCEPT);
        DecodeOptions decodeOpts = DecodeOptions.DEFAULT.withChecksums("all".equals(checksums));

        DetectEngine first = DetectEngine.build(loaded.rules(), ctx.flowbits.size(), EngineSetup.mpmAlgo(cfg),
                EngineSetup.actionOrder(cfg), ctx.homeNet());
        ThresholdTracker.Plan thresholdPlan = EngineSetup.thresholdPlan(thresholdFile, loaded, first.rules(), System.err, 20);
        // Replaced engines are closed by the last worker to leave them; the newest is closed at the end.
        EngineSwap swap = new EngineSwap(first, thresholdPlan, DetectEngine::close);
        RuleReloader reloader = new RuleReloader(config, sets, rules, ctx, loaded, swap, System.err);
        dev.sluice.engine.output.RedisSink redis = dev.sluice.engine.output.RedisSink.fromConfig(cfg, System.err);
        // eve.json stats records, as Suricata's stats section: on by default, every 8 s.
        boolean eveStats = cfg.getBool("stats.enabled", true);
        long eveStatsInterval = Math.max(1, cfg.getLong("stats.interval", 8));
        // Repeat offenders go to the kernel's ban sets; fed by the output writer, never by the workers.
        dev.sluice.engine.ban.BanManager bans = dev.sluice.engine.ban.BanManager.fromConfig(cfg, ctx.classifications);
        try (OutputWriter out = new OutputWriter(logDir)) {
            out.setRedis(redis);
            if (bans != null) {
                out.addListener(bans);
            }
            List<NfqueueHandle> handles = new ArrayList<>();
            List<Worker> workers = new ArrayList<>();
            try {
                for (int q : queues) {
                    NfqueueHandle h = Nfqueue.open(NfqConfig.of(q).withMaxLength(queueMaxLen).withSnapLength(snapLen));
                    handles.add(h);
                    Worker w = new Worker(h, h, new Decoder(decodeOpts), new Defragmenter(stages.defrag(), decodeOpts),
                            new FlowTable(stages.flow()), new TcpStreamEngine(stages.stream()), first.newWorker(), out::offer,
                            policy, System.err);
                    w.followEngines(swap);
                    w.setBypassMark(bypassMark);
                    workers.add(w);
                }
            } catch (IOException e) {
                handles.forEach(NfqueueHandle::close);
                throw new IOException("cannot bind queue: " + e.getMessage(), e);
            }
            dev.sluice.engine.applayer.http.HttpConfig http = dev.sluice.engine.applayer.http.HttpConfig.from(k -> cfg.getString(k, null));
            workers.forEach(w -> w.setHttpConfig(http));
            final dev.sluice.engine.verdict.ExceptionPolicies workerExceptions = exceptions;
            workers.forEach(w -> w.setExceptionPolicies(workerExceptions));
            List<RawSender> senders = openRejectSenders(first.rules(), workers.size(), mark);
            for (int i = 0; i < senders.size(); i++) {
                workers.get(i).setRejecter(new Rejecter(senders.get(i)::send, mark));
            }
            long started = System.nanoTime();
            Control control = new Control(reloader, swap, queues, workers, handles, out, started);
            control.on("bans", a -> bans == null ? java.util.Map.of("enabled", false) : java.util.Map.of("enabled", true,
                    "bans", bans.list(), "stats", bans.stats()));
            control.on("ban-lift", a -> {
                if (bans == null) {
                    throw new IllegalStateException("bans are off (sluice.yaml bans.enabled)");
                }
                String addr = a.path("address").asText("");
                if (addr.isBlank()) {
                    throw new IllegalArgumentException("ban-lift needs an \"address\" argument");
                }
                return bans.lift(addr);
            });
            handleSignal("USR2", control::reloadInBackground);
            handleSignal("HUP", control::reopenLogs);
            ControlServer ctl = control.serve(socket, socketGroup);
            System.err.printf(Locale.ROOT, "sluice: %d rules active (%d inactive, %d refused), prefilter %s; inline on queue%s %s, logs in %s%n",
                    first.rules().length, loaded.rules().size() - first.rules().length, loaded.failures().size(),
                    first.mpmAlgorithm(), queues.size() > 1 ? "s" : "", queues, logDir);

            CountDownLatch done = new CountDownLatch(workers.size());
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < workers.size(); i++) {
                Worker w = workers.get(i);
                int q = queues.get(i);
                Thread t = new Thread(() -> {
                    try {
                        w.run();
                    } catch (IOException | RuntimeException e) {
                        System.err.println("sluice: queue " + q + " stopped: " + SluiceCli.oneLine(e));
                    } finally {
                        done.countDown();
                    }
                }, "sluice-q" + q);
                threads.add(t);
            }
            Runnable stop = () -> handles.forEach(NfqueueHandle::stop);
            for (String sig : new String[] {"TERM", "INT"}) {
                try {
                    Signal.handle(new Signal(sig), s -> stop.run());
                } catch (IllegalArgumentException ignored) {
                    // Signal not available here; the JVM default applies.
                }
            }
            if (user != null) {
                // On this thread, before the workers start: capabilities are per thread and new threads inherit them.
                System.err.println("sluice: running as " + dev.sluice.capture.priv.Privileges.dropTo(user, group, false).describe());
            }
            threads.forEach(Thread::start);
            java.util.concurrent.ScheduledExecutorService statsTimer = null;
            if (eveStats) {
                statsTimer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "sluice-stats");
                    t.setDaemon(true);
                    return t;
                });
                statsTimer.scheduleAtFixedRate(() -> offerStats(out, workers, handles, started), eveStatsInterval,
                        eveStatsInterval, java.util.concurrent.TimeUnit.SECONDS);
            }
            if (iptablesHook != null) {
                try {
                    iptablesHook.up();
                } catch (IOException e) {
                    System.err.println("sluice: " + SluiceCli.oneLine(e) + "; stopping");
                    iptablesFailed = true;
                    stop.run();
                }
            }
            while (!done.await(statsInterval > 0 ? statsInterval : 3600, java.util.concurrent.TimeUnit.SECONDS)) {
                if (statsInterval > 0) {
                    printStats(queues, workers, handles, (System.nanoTime() - started) / 1e9);
                }
            }
            for (Thread t : threads) {
                t.join();
            }
            if (statsTimer != null) {
                statsTimer.shutdownNow();
                offerStats(out, workers, handles, started);    // the last one, with the final counts
            }
            if (ctl != null) {
                ctl.close();
            }
            if (iptablesHook != null) {
                iptablesHook.down();
            }
            printStats(queues, workers, handles, (System.nanoTime() - started) / 1e9);
            handles.forEach(NfqueueHandle::close);
            senders.forEach(RawSender::close);
            if (out.lost() > 0) {
                System.err.println("sluice: " + out.lost() + " alert records could not be queued for output");
            }
        } finally {
            if (bans != null) {
                bans.close();
            }
            // Workers have released their engines; a reload in progress may still publish one.
            synchronized (reloader) {
                swap.current().engine.close();
            }
        }
        System.err.println("sluice: stopped");
        return iptablesFailed ? 1 : 0;
    }

    /** Queues one eve.json stats record with every worker's counters and the kernel's queue counters. */
    private static void offerStats(OutputWriter out, List<Worker> workers, List<NfqueueHandle> handles, long startedNanos) {
        try {
            long kernelPackets = 0;
            long kernelDrops = 0;
            for (NfqueueHandle h : handles) {
                NfqKernelStats k = h.kernelStats();
                if (k != null) {
                    kernelPackets += k.idSequence();
                    kernelDrops += k.queueDropped() + k.userDropped();
                }
            }
            out.offerStats(dev.sluice.engine.output.StatsSnapshot.ofWorkers((System.nanoTime() - startedNanos) / 1_000_000_000L,
                    workers, kernelPackets, kernelDrops, true));
        } catch (RuntimeException e) {
            System.err.println("sluice: stats record skipped: " + SluiceCli.oneLine(e));
        }
    }

    private static void handleSignal(String name, Runnable r) {
        try {
            Signal.handle(new Signal(name), sig -> r.run());
        } catch (IllegalArgumentException e) {
            System.err.println("sluice: SIG" + name + " cannot be handled here: " + e.getMessage());
        }
    }

    static int parseMark(String s) {
        try {
            long v = Long.decode(s.trim());
            if (v < 0 || v > 0xffffffffL) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--reject-mark takes a 32-bit mark such as 0x5e1ce, not '" + s + "'");
        }
    }

    /**
     * One raw sender per worker when a rule rejects, in this thread's network namespace (the
     * queues'). Fails soft: when raw sockets cannot be had, one warning line and reject rules only drop.
     */
    private static List<RawSender> openRejectSenders(Rule[] rules, int workers, int mark) {
        List<RawSender> senders = new ArrayList<>();
        boolean rejects = false;
        for (Rule r : rules) {
            rejects |= r.action.blocks() && r.action != Action.DROP;
        }
        if (!rejects) {
            return senders;
        }
        String why = RawSender.unavailableReason();
        try {
            if (why == null) {
                for (int i = 0; i < workers; i++) {
                    senders.add(RawSender.open(mark));
                }
            }
        } catch (IOException e) {
            why = e.getMessage();
        }
        if (why != null) {
            senders.forEach(RawSender::close);
            senders.clear();
            System.err.println("sluice: reject rules will only drop, no resets or ICMP errors are sent: " + why);
        } else if (senders.get(0).ipv6Problem() != null) {
            System.err.println("sluice: IPv6 reject rules will only drop: " + senders.get(0).ipv6Problem());
        }
        return senders;
    }

    private static long rejectsSent(Worker w) {
        return w.rejecter() == null ? 0 : w.rejecter().sent;
    }

    /** ", N rejects failed (last: EPERM ...)" when sends failed, else nothing. */
    private static String rejectFailures(Worker w) {
        Rejecter r = w.rejecter();
        if (r == null || r.failed == 0) {
            return "";
        }
        return ", " + r.failed + " rejects failed (last: " + RawSender.describe(r.lastError) + ")";
    }

    /** ", bypassed: F flows, P packets uninspected, M marked" when stream.bypass is on, else nothing. */
    private static String bypassCounts(Worker w) {
        if (!w.streams().config().bypass()) {
            return "";
        }
        Stats s = w.stats;
        return ", bypassed: " + s.flowsBypassed + " flows, " + s.bypassed + " packets uninspected, " + s.bypassMarked + " marked"
                + (s.bypassMarkReturned > 0 ? ", " + s.bypassMarkReturned + " came back marked" : "");
    }

    static BypassMark parseBypassMark(String s) {
        try {
            return BypassMark.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--bypass-mark: " + e.getMessage());
        }
    }

    /** The packets the kernel did not hand this queue's socket, and what became of them. */
    static String missed(NfqueueHandle h) {
        return h.missed() + (h.config().failOpen() ? " passed uninspected (socket buffer full)" : " dropped (socket buffer full)");
    }

    /** One line per queue: packets, accepted, dropped, alerts, rejects sent, errors, kernel queue drops, missed packets. */
    private static void printStats(List<Integer> queues, List<Worker> workers, List<NfqueueHandle> handles, double secs) {
        Stats total = new Stats();
        long rejects = 0;
        for (int i = 0; i < workers.size(); i++) {
            // Counters are written by the worker thread; a slightly stale read is fine for a stats line.
            Worker w = workers.get(i);
            Stats s = w.stats;
            total.add(s);
            rejects += rejectsSent(w);
            NfqKernelStats k = handles.get(i).kernelStats();
            System.err.printf(Locale.ROOT,
                    "sluice: stats q%d: %d packets, %d accepted, %d dropped, %d alerts, %d rejects sent, %d errors, queue drops %s, %s%s%s%n",
                    queues.get(i), s.packets, s.accepted, s.dropped, s.alerts, rejectsSent(w), s.errors,
                    k == null ? "?" : String.valueOf(k.queueDropped() + k.userDropped()), missed(handles.get(i)),
                    rejectFailures(w), bypassCounts(w));
        }
        if (workers.size() > 1) {
            System.err.printf(Locale.ROOT, "sluice: stats all: %d packets, %d accepted, %d dropped, %d alerts, %d rejects sent in %.0f s%n",
                    total.packets, total.accepted, total.dropped, total.alerts, rejects, secs);
        }
        String limits = dev.sluice.engine.output.StatsSnapshot.nonZeroCounters(workers);
        if (!limits.isEmpty()) {
            System.err.println("sluice: stats limits and exception policies: " + limits);
        }
    }
}
