package dev.sluice.engine.cli;

import dev.sluice.capture.Verdict;
import dev.sluice.capture.nfq.NfqConfig;
import dev.sluice.capture.nfq.NfqKernelStats;
import dev.sluice.capture.nfq.Nfqueue;
import dev.sluice.capture.nfq.NfqueueHandle;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.defrag.Defragmenter;
import dev.sluice.engine.detect.DetectEngine;
import dev.sluice.engine.detect.DetectWorker;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.engine.output.OutputWriter;
import dev.sluice.engine.pipeline.Stats;
import dev.sluice.engine.pipeline.Worker;
import dev.sluice.engine.stream.TcpStreamEngine;
import dev.sluice.engine.verdict.VerdictPolicy;
import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.LoadResult;
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

    @Option(names = "--queue-maxlen", defaultValue = "4096", description = "Kernel queue length (nfq_set_queue_maxlen).")
    int queueMaxLen;

    @Option(names = "--snaplen", defaultValue = "65535", description = "Bytes of each packet copied to Sluice.")
    int snapLen;

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
        Verdict onErrorVerdict = switch (onError) {
            case "accept" -> Verdict.ACCEPT;
            case "drop" -> Verdict.DROP;
            default -> throw new IllegalArgumentException("--on-error takes accept or drop, not '" + onError + "'");
        };
        if (!"all".equals(checksums) && !"none".equals(checksums)) {
            throw new IllegalArgumentException("-k takes 'all' or 'none', not '" + checksums + "'");
        }
        String missing = Nfqueue.unavailableReason();
        if (missing != null) {
            throw new IllegalStateException("cannot run inline: " + missing);
        }
        SluiceConfig cfg = EngineSetup.config(config, sets);
        LoadContext ctx = cfg.newLoadContext();
        LoadResult loaded = EngineSetup.loadRules(ctx, rules);
        EngineSetup.printFailures(loaded, System.err, 20);
        // Flows that were open before the engine started are picked up midstream.
        EngineSetup.Stages stages = EngineSetup.stages(cfg, sets, true, true);
        Files.createDirectories(logDir);
        VerdictPolicy policy = new VerdictPolicy(true, onErrorVerdict);
        DecodeOptions decodeOpts = DecodeOptions.DEFAULT.withChecksums("all".equals(checksums));

        try (DetectEngine engine = DetectEngine.build(loaded.rules(), ctx.flowbits.size(), cfg.getString("mpm-algo", "auto"));
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
            long started = System.nanoTime();
            while (!done.await(statsInterval > 0 ? statsInterval : 3600, java.util.concurrent.TimeUnit.SECONDS)) {
                if (statsInterval > 0) {
                    printStats(queues, workers, handles, (System.nanoTime() - started) / 1e9);
                }
            }
            for (Thread t : threads) {
                t.join();
            }
            printStats(queues, workers, handles, (System.nanoTime() - started) / 1e9);
            for (DetectWorker d : detectors) {
                d.close();
            }
            handles.forEach(NfqueueHandle::close);
            if (out.lost() > 0) {
                System.err.println("sluice: " + out.lost() + " alert records could not be queued for output");
            }
        }
        System.err.println("sluice: stopped");
        return 0;
    }

    /** One line per queue: packets, accepted, dropped, alerts, kernel queue drops. */
    private static void printStats(List<Integer> queues, List<Worker> workers, List<NfqueueHandle> handles, double secs) {
        Stats total = new Stats();
        for (int i = 0; i < workers.size(); i++) {
            // Counters are written by the worker thread; a slightly stale read is fine for a stats line.
            Stats s = workers.get(i).stats;
            total.add(s);
            NfqKernelStats k = handles.get(i).kernelStats();
            System.err.printf(Locale.ROOT,
                    "sluice: stats q%d: %d packets, %d accepted, %d dropped, %d alerts, %d errors, queue drops %s%n",
                    queues.get(i), s.packets, s.accepted, s.dropped, s.alerts, s.errors,
                    k == null ? "?" : String.valueOf(k.queueDropped() + k.userDropped()));
        }
        if (workers.size() > 1) {
            System.err.printf(Locale.ROOT, "sluice: stats all: %d packets, %d accepted, %d dropped, %d alerts in %.0f s%n",
                    total.packets, total.accepted, total.dropped, total.alerts, secs);
        }
    }
}
