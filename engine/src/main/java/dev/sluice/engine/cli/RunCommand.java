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
import dev.sluice.engine.detect.DetectWorker;
import dev.sluice.engine.detect.ThresholdTracker;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.engine.output.OutputWriter;
import dev.sluice.engine.pipeline.Stats;
import dev.sluice.engine.pipeline.Worker;
import dev.sluice.engine.stream.TcpStreamEngine;
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

    @Option(names = "--on-error", defaultValue = "accept",
            description = "Verdict for a packet whose processing failed: accept (default, fail-open) or drop.")
    String onError;

    @Option(names = "--reject-mark", defaultValue = "0x5e1ce",
            description = "Mark (SO_MARK) of the resets and ICMP unreachables sent for reject rules; queued packets carrying it "
                    + "are Sluice's own and pass uninspected (default ${DEFAULT-VALUE}; 0: unmarked).")
    String rejectMark;

    @Option(names = "--queue-maxlen", defaultValue = "4096", description = "Kernel queue length (nfq_set_queue_maxlen).")
    int queueMaxLen;

    @Option(names = "--snaplen", defaultValue = "65535", description = "Bytes of each packet copied to Sluice.")
    int snapLen;

    @Option(names = "--iptables",
            description = "Once the queues are bound, put the fail-safe rules in place (sluice-iptables up --no-rollback); remove them at shutdown.")
    boolean iptables;

    @Option(names = "--iptables-args", description = "More options for sluice-iptables up, e.g. \"--ssh-port 2222 --accept 192.0.2.0/24\".")
    String iptablesArgs;

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
        // Checked before anything is bound: the queues fit one NFQUEUE rule and the script is there.
        IptablesHook iptablesHook = iptables ? IptablesHook.forQueues(queues, parseMark(rejectMark), iptablesArgs, System.err) : null;
        boolean iptablesFailed = false;
        Verdict onErrorVerdict = switch (onError) {
            case "accept" -> Verdict.ACCEPT;
            case "drop" -> Verdict.DROP;
            default -> throw new IllegalArgumentException("--on-error takes accept or drop, not '" + onError + "'");
        };
        if (!"all".equals(checksums) && !"none".equals(checksums)) {
            throw new IllegalArgumentException("-k takes 'all' or 'none', not '" + checksums + "'");
        }
        int mark = parseMark(rejectMark);
        String missing = Nfqueue.unavailableReason();
        if (missing != null) {
            throw new IllegalStateException("cannot run inline: " + missing);
        }
        SluiceConfig cfg = EngineSetup.config(config, sets);
        LoadContext ctx = cfg.newLoadContext();
        LoadResult loaded = EngineSetup.loadRules(ctx, rules);
        EngineSetup.printFailures(loaded, System.err, 20);
        ThresholdConfig thresholdFile = EngineSetup.thresholdFile(cfg, ctx);
        // Flows that were open before the engine started are picked up midstream.
        EngineSetup.Stages stages = EngineSetup.stages(cfg, sets, true, true);
        Files.createDirectories(logDir);
        VerdictPolicy policy = new VerdictPolicy(true, onErrorVerdict);
        DecodeOptions decodeOpts = DecodeOptions.DEFAULT.withChecksums("all".equals(checksums));

        try (DetectEngine engine = DetectEngine.build(loaded.rules(), ctx.flowbits.size(), EngineSetup.mpmAlgo(cfg),
                EngineSetup.actionOrder(cfg));
             OutputWriter out = new OutputWriter(logDir)) {
            List<NfqueueHandle> handles = new ArrayList<>();
            List<Worker> workers = new ArrayList<>();
            List<DetectWorker> detectors = new ArrayList<>();
            try {
                for (int q : queues) {
                    NfqueueHandle h = Nfqueue.open(NfqConfig.of(q).withMaxLength(queueMaxLen).withSnapLength(snapLen));
                    handles.add(h);
                    DetectWorker detect = engine.newWorker();
                    detectors.add(detect);
                    workers.add(new Worker(h, h, new Decoder(decodeOpts), new Defragmenter(stages.defrag(), decodeOpts),
                            new FlowTable(stages.flow()), new TcpStreamEngine(stages.stream()), detect, out::offer, policy, System.err));
                }
            } catch (IOException e) {
                handles.forEach(NfqueueHandle::close);
                throw new IOException("cannot bind queue: " + e.getMessage(), e);
            }
            ThresholdTracker.Plan thresholdPlan = EngineSetup.thresholdPlan(thresholdFile, loaded, engine.rules(), System.err, 20);
            workers.forEach(w -> w.setThresholds(thresholdPlan));
            dev.sluice.engine.applayer.http.HttpConfig http = dev.sluice.engine.applayer.http.HttpConfig.from(k -> cfg.getString(k, null));
            workers.forEach(w -> w.setHttpConfig(http));
            List<RawSender> senders = openRejectSenders(engine.rules(), workers.size(), mark);
            for (int i = 0; i < senders.size(); i++) {
                workers.get(i).setRejecter(new Rejecter(senders.get(i)::send, mark));
            }
            System.err.printf(Locale.ROOT, "sluice: %d rules active (%d inactive, %d refused), prefilter %s; inline on queue%s %s, logs in %s%n",
                    engine.rules().length, loaded.rules().size() - engine.rules().length, loaded.failures().size(),
                    engine.mpmAlgorithm(), queues.size() > 1 ? "s" : "", queues, logDir);

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
            threads.forEach(Thread::start);
            if (iptablesHook != null) {
                try {
                    iptablesHook.up();
                } catch (IOException e) {
                    System.err.println("sluice: " + SluiceCli.oneLine(e) + "; stopping");
                    iptablesFailed = true;
                    stop.run();
                }
            }
            long started = System.nanoTime();
            while (!done.await(statsInterval > 0 ? statsInterval : 3600, java.util.concurrent.TimeUnit.SECONDS)) {
                if (statsInterval > 0) {
                    printStats(queues, workers, handles, (System.nanoTime() - started) / 1e9);
                }
            }
            for (Thread t : threads) {
                t.join();
            }
            if (iptablesHook != null) {
                iptablesHook.down();
            }
            printStats(queues, workers, handles, (System.nanoTime() - started) / 1e9);
            for (DetectWorker d : detectors) {
                d.close();
            }
            handles.forEach(NfqueueHandle::close);
            senders.forEach(RawSender::close);
            if (out.lost() > 0) {
                System.err.println("sluice: " + out.lost() + " alert records could not be queued for output");
            }
        }
        System.err.println("sluice: stopped");
        return iptablesFailed ? 1 : 0;
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

    /** One line per queue: packets, accepted, dropped, alerts, rejects sent, kernel queue drops. */
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
                    "sluice: stats q%d: %d packets, %d accepted, %d dropped, %d alerts, %d rejects sent, %d errors, queue drops %s%s%n",
                    queues.get(i), s.packets, s.accepted, s.dropped, s.alerts, rejectsSent(w), s.errors,
                    k == null ? "?" : String.valueOf(k.queueDropped() + k.userDropped()), rejectFailures(w));
        }
        if (workers.size() > 1) {
            System.err.printf(Locale.ROOT, "sluice: stats all: %d packets, %d accepted, %d dropped, %d alerts, %d rejects sent in %.0f s%n",
                    total.packets, total.accepted, total.dropped, total.alerts, rejects, secs);
        }
    }
}
