package dev.sluice.engine.cli;

import dev.sluice.capture.VerdictSink;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.defrag.Defragmenter;
import dev.sluice.engine.detect.DetectEngine;
import dev.sluice.engine.detect.DetectWorker;
import dev.sluice.engine.detect.ThresholdTracker;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.engine.output.OutputWriter;
import dev.sluice.engine.pipeline.FlowDispatch;
import dev.sluice.engine.pipeline.FrameRing;
import dev.sluice.engine.pipeline.Stats;
import dev.sluice.engine.pipeline.Worker;
import dev.sluice.engine.source.PcapSource;
import dev.sluice.engine.stream.TcpStreamEngine;
import dev.sluice.engine.verdict.VerdictPolicy;
import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.threshold.ThresholdConfig;
import dev.sluice.signatures.vars.SluiceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sluice pcap}: runs the rules over a capture file, as the inline engine would see it. */
@Command(name = "pcap", mixinStandardHelpOptions = true,
        description = "Run rules over a capture file (pcap or pcapng) and write fast.log and eve.json.")
final class PcapCommand implements Callable<Integer> {
    @Option(names = {"-r", "--read"}, required = true,
            description = "Capture file to read (pcap or pcapng), or a folder: its *.pcap, *.pcapng and *.cap files in name order, "
                    + "each with fresh flows, through one rule load and one set of logs.")
    Path capture;

    @Option(names = {"-S", "--rules"}, required = true, description = "Rule file to load (repeatable).")
    List<Path> rules = new ArrayList<>();

    @Option(names = {"-l", "--log-dir"}, defaultValue = ".", description = "Folder for fast.log and eve.json (created if missing; default: current folder).")
    Path logDir;

    @Option(names = {"-c", "--config"}, description = "sluice.yaml: variables, classification and threshold files, stream settings.")
    Path config;

    @Option(names = "-k", defaultValue = "all", description = "Checksum validation: all (default) or none.")
    String checksums;

    @Option(names = "--ips", description = "Treat packets as inline: drop rules drop the packet and the rest of its flow.")
    boolean ips;

    @Option(names = "--flip", paramLabel = "MATCHER",
            description = "With --ips: for this run, also drop the rules MATCHER selects (drop.conf syntax: 2019401, 1:2019401, "
                    + "group:emerging-scan.rules, re:..., metadata: ...; repeatable), to see the flows they would cut before flipping them.")
    List<String> flips = new ArrayList<>();

    @Option(names = "--cut-list", defaultValue = "10",
            description = "With --ips: flows listed per drop rule in the report of the flows each drop rule cut (default ${DEFAULT-VALUE}).")
    int cutList;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = "Worker threads (default ${DEFAULT-VALUE}). With more than one, a reader thread hands each packet to the worker "
                    + "its IP address pair hashes to (both directions of a flow and all fragments of a datagram go to the same one); "
                    + "each worker keeps its own flows, streams and fragments.")
    int workers = 1;

    /** Frames queued per worker when --workers is above 1. */
    static final int RING_FRAMES = 1024;
    static final int MAX_WORKERS = 64;

    @Option(names = "--set", description = "Override a config value, key=value (repeatable); unknown keys are ignored.")
    List<String> sets = new ArrayList<>();

    /** The capture, or the captures of a folder in name order. */
    static List<Path> captures(Path p) throws java.io.IOException {
        if (!Files.isDirectory(p)) {
            return List.of(p);
        }
        List<Path> out;
        try (java.util.stream.Stream<Path> s = Files.list(p)) {
            out = s.filter(f -> {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return Files.isRegularFile(f) && (n.endsWith(".pcap") || n.endsWith(".pcapng") || n.endsWith(".cap"));
            }).sorted().toList();
        }
        if (out.isEmpty()) {
            throw new java.io.IOException(p + ": no *.pcap, *.pcapng or *.cap file in this folder");
        }
        return out;
    }

    @Override
    public Integer call() throws Exception {
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new IllegalArgumentException("--workers takes 1 to " + MAX_WORKERS + ", not " + workers);
        }
        if (!"all".equals(checksums) && !"none".equals(checksums)) {
            throw new IllegalArgumentException("-k takes 'all' or 'none', not '" + checksums + "'");
        }
        long t0 = System.nanoTime();
        SluiceConfig cfg = EngineSetup.config(config, sets);
        if (!flips.isEmpty() && !ips) {
            throw new IllegalArgumentException("--flip goes with --ips (it shows what the drops would cut)");
        }
        LoadContext ctx = cfg.newLoadContext();
        LoadResult loaded = EngineSetup.loadRules(cfg, ctx, rules, flips, System.err, 20);
        EngineSetup.printFailures(loaded, System.err, 20);
        ThresholdConfig thresholdFile = EngineSetup.thresholdFile(cfg, ctx);
        String mpm = EngineSetup.mpmAlgo(cfg);
        // Inline stream inspection follows --ips unless stream.inline says otherwise.
        EngineSetup.Stages stages = EngineSetup.stages(cfg, ips, false);
        // In IDS mode (no --ips) the drop actions are ignore, said once here.
        dev.sluice.engine.verdict.ExceptionPolicies exceptions = dev.sluice.engine.verdict.ExceptionPolicies.from(cfg, ips);
        if (exceptions.notInlineNote() != null) {
            System.err.println(exceptions.notInlineNote());
        }
        Files.createDirectories(logDir);
        dev.sluice.engine.output.RedisSink redis = dev.sluice.engine.output.RedisSink.fromConfig(cfg, System.err);
        boolean statsRecord = cfg.getBool("stats.enabled", false);
        long t1;
        Stats stats;
        long alertsWritten;
        // --ips is the dry run of a flip: which flows would each drop rule have cut?
        dev.sluice.engine.output.CutFlowReport cuts = ips ? new dev.sluice.engine.output.CutFlowReport() : null;
        List<Path> captures = captures(capture);
        try (DetectEngine engine = DetectEngine.build(loaded.rules(), ctx.flowbits.size(), mpm, EngineSetup.actionOrder(cfg),
                ctx.homeNet());
             OutputWriter out = new OutputWriter(logDir);
             DetectWorker detect = engine.newWorker();
             DetectWorkers extra = new DetectWorkers(engine, workers - 1)) {
            t1 = System.nanoTime();
            out.setRedis(redis);
            if (cuts != null) {
                out.addListener(cuts);
            }
            VerdictPolicy policy = ips ? VerdictPolicy.ips() : VerdictPolicy.ids();
            DecodeOptions decodeOpts = DecodeOptions.DEFAULT.withChecksums(!"none".equals(checksums));
            ThresholdTracker.Plan plan = EngineSetup.thresholdPlan(thresholdFile, loaded, engine.rules(), System.err, 20);
            if (workers > 1) {
                String split = splitAcrossWorkers(engine.rules(), plan);
                if (split != null) {
                    System.err.println(split);
                }
            }
            dev.sluice.engine.applayer.http.HttpConfig http = dev.sluice.engine.applayer.http.HttpConfig.from(k -> cfg.getString(k, null));
            stats = new Stats();
            long flowsCreated = 0, flowsEvicted = 0, flowsExpired = 0, sessions = 0, memcapHits = 0;
            long reassembled = 0, defragEvicted = 0, defragExpired = 0;
            List<Worker> done = new ArrayList<>();
            // CPU time of the threads that read and process packets (nanoseconds), beside the wall time: the box may be shared.
            long[] workerCpu = new long[1];
            int capturesRun = 0;
            // Each capture is its own traffic: fresh flows, streams and fragments; one engine and output for all.
            for (Path file : captures) {
                try (PcapSource source = PcapSource.open(file)) {
                    java.util.function.BiFunction<dev.sluice.capture.PacketSource, DetectWorker, Worker> make = (src, det) -> {
                        Worker w = new Worker(src, VerdictSink.NONE, new Decoder(decodeOpts), new Defragmenter(stages.defrag(), decodeOpts),
                                new FlowTable(stages.flow()), new TcpStreamEngine(stages.stream()), det, out::offer, policy, System.err);
                        w.setThresholds(plan);
                        w.setHttpConfig(http);
                        w.setExceptionPolicies(exceptions);
                        return w;
                    };
                    List<Worker> ran;
                    if (workers == 1) {
                        Worker worker = make.apply(source, detect);
                        long c0 = threadCpu();
                        worker.run();
                        workerCpu[0] += threadCpu() - c0;
                        ran = List.of(worker);
                    } else {
                        ran = runParallel(source, make, detect, extra, workerCpu);
                    }
                    capturesRun++;
                    for (Worker worker : ran) {
                        done.add(worker);
                        stats.add(worker.stats);
                        flowsCreated += worker.flows().created();
                        flowsEvicted += worker.flows().evicted();
                        flowsExpired += worker.flows().expired();
                        sessions += worker.streams().sessionsCreated();
                        memcapHits += worker.streams().memcapHits();
                        reassembled += worker.defrag().reassembled();
                        defragEvicted += worker.defrag().evicted();
                        defragExpired += worker.defrag().expired();
                    }
                    if (source.warning() != null) {
                        System.err.println("warning: " + (captures.size() > 1 ? file + ": " : "") + source.warning());
                    }
                } catch (java.io.IOException e) {
                    if (captures.size() == 1) {
                        throw e;
                    }
                    System.err.println("warning: " + file + ": skipped: " + SluiceCli.oneLine(e));
                }
            }
            if (statsRecord) {
                // one stats record with the run's totals (Suricata's top-level stats.enabled)
                out.offerStats(dev.sluice.engine.output.StatsSnapshot.ofWorkers((System.nanoTime() - t0) / 1_000_000_000L,
                        done, -1, -1, ips));
            }
            alertsWritten = stats.alerts;
            double loadS = (t1 - t0) / 1e9;
            double runS = (System.nanoTime() - t1) / 1e9;
            System.err.printf(Locale.ROOT,
                    "sluice: %d rules active (%d inactive, %d refused), prefilter %s, loaded in %.2f s%s%n",
                    engine.rules().length, loaded.rules().size() - engine.rules().length, loaded.failures().size(),
                    engine.mpmAlgorithm(), loadS, workers > 1 ? "; " + workers + " workers" : "");
            System.err.printf(Locale.ROOT,
                    "sluice: %s%d packets, %d alerts, %d dropped, %d decode events, %d errors in %.2f s (%.0f packets/s, %.1f Mbit/s; "
                            + "packet threads' cpu %.2f s)%n",
                    captures.size() > 1 ? capturesRun + " captures, " : "",
                    stats.packets, alertsWritten, stats.dropped, stats.decodeEvents, stats.errors, runS,
                    stats.packets / Math.max(runS, 1e-9), stats.bytes * 8 / Math.max(runS, 1e-9) / 1e6, workerCpu[0] / 1e9);
            System.err.printf(Locale.ROOT,
                    "sluice: flows %d created, %d evicted by the memcap, %d timed out; tcp sessions %d, stream memcap hits %d; "
                            + "ip datagrams reassembled %d, defrag trackers evicted %d, timed out %d%n",
                    flowsCreated, flowsEvicted, flowsExpired, sessions, memcapHits, reassembled, defragEvicted, defragExpired);
            String limits = dev.sluice.engine.output.StatsSnapshot.nonZeroCounters(done);
            if (!limits.isEmpty()) {
                System.err.println("sluice: limits and exception policies: " + limits);
            }
            if (stages.stream().bypass()) {
                System.err.printf(Locale.ROOT, "sluice: stream.bypass: %d flows bypassed at the depth, %d packets not inspected%n",
                        stats.flowsBypassed, stats.bypassed);
            }
        }
        if (cuts != null) {
            // The writer is closed: every drop record has reached the report.
            cuts.print(System.out, cutList);
            System.out.flush();
        }
        return 0;
    }

    /**
     * The note for rules whose state each worker keeps apart although it spans address pairs:
     * thresholds, detection filters and rate filters by source, destination or rule, and host bits
     * (hostbits, xbits by ip_src/ip_dst). Null when no rule has such state.
     */
    static String splitAcrossWorkers(dev.sluice.signatures.Rule[] rules, ThresholdTracker.Plan plan) {
        int counted = 0;
        int hostBits = 0;
        for (dev.sluice.signatures.Rule r : rules) {
            if (plan.countsBeyondAddressPair(r)) {
                counted++;
            }
            if (r.varRank(dev.sluice.signatures.Rule.VAR_HOSTBITS) != 3) {
                hostBits++;
            }
        }
        if (counted == 0 && hostBits == 0) {
            return null;
        }
        return "warning: --workers: " + counted + " rules count by source, destination or rule (threshold, detection_filter, rate_filter) and "
                + hostBits + " rules use host bits (hostbits, xbits by ip_src/ip_dst); each worker keeps its own, so those counts "
                + "and bits are split across the workers";
    }

    /** CPU time of the calling thread in nanoseconds, 0 where the JVM cannot tell. */
    static long threadCpu() {
        java.lang.management.ThreadMXBean b = java.lang.management.ManagementFactory.getThreadMXBean();
        return b.isCurrentThreadCpuTimeSupported() ? Math.max(0, b.getCurrentThreadCpuTime()) : 0;
    }

    /** Detectors of the workers after the first, closed together. */
    static final class DetectWorkers implements AutoCloseable {
        final DetectWorker[] all;

        DetectWorkers(DetectEngine engine, int n) {
            all = new DetectWorker[n];
            try {
                for (int i = 0; i < n; i++) {
                    all[i] = engine.newWorker();
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() {
            for (DetectWorker d : all) {
                if (d != null) {
                    d.close();
                }
            }
        }
    }

    /**
     * One capture through {@code 1 + extra.all.length} workers, each on a thread of its own, fed by
     * this thread through a ring per worker. Returns once every worker has processed its last frame.
     */
    private static List<Worker> runParallel(PcapSource source,
                                            java.util.function.BiFunction<dev.sluice.capture.PacketSource, DetectWorker, Worker> make,
                                            DetectWorker first, DetectWorkers extra, long[] cpu) throws java.io.IOException {
        int n = 1 + extra.all.length;
        FrameRing[] rings = new FrameRing[n];
        List<Worker> ws = new ArrayList<>(n);
        Thread[] threads = new Thread[n];
        Throwable[] failed = new Throwable[n];
        long[] used = new long[n];
        for (int i = 0; i < n; i++) {
            rings[i] = new FrameRing(RING_FRAMES);
            Worker w = make.apply(rings[i], i == 0 ? first : extra.all[i - 1]);
            ws.add(w);
            int k = i;
            threads[i] = new Thread(() -> {
                long c0 = threadCpu();
                try {
                    w.run();
                    used[k] = threadCpu() - c0;
                } catch (Throwable e) {
                    failed[k] = e;
                    rings[k].abandon(e);
                }
            }, "sluice-w" + i);
        }
        long c0 = threadCpu();
        // Started inside the try: if a start fails, the finally closes the rings (closing twice is
        // harmless), so the threads already running end and are joined (join returns at once for one never started).
        try {
            for (Thread t : threads) {
                t.start();
            }
            FlowDispatch.run(source, rings);
        } finally {
            for (FrameRing r : rings) {
                r.close();
            }
            cpu[0] += threadCpu() - c0;
            // The rings are closed: each worker ends after its last frame.
            boolean interrupted = false;
            for (Thread t : threads) {
                while (true) {
                    try {
                        t.join();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        for (long u : used) {
            cpu[0] += u;
        }
        for (int i = 0; i < n; i++) {
            if (failed[i] != null) {
                throw new java.io.IOException("worker " + i + " stopped: " + failed[i], failed[i]);
            }
        }
        return ws;
    }
}
