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
        EngineSetup.Stages stages = EngineSetup.stages(cfg, sets, ips, false);
        Files.createDirectories(logDir);
        dev.sluice.engine.output.RedisSink redis = dev.sluice.engine.output.RedisSink.fromConfig(cfg, System.err);
        boolean statsRecord = cfg.getBool("stats.enabled", false);
        long t1;
        Stats stats;
        long alertsWritten;
        // --ips is the dry run of a flip: which flows would each drop rule have cut?
        dev.sluice.engine.output.CutFlowReport cuts = ips ? new dev.sluice.engine.output.CutFlowReport() : null;
        List<Path> captures = captures(capture);
        try (DetectEngine engine = DetectEngine.build(loaded.rules(), ctx.flowbits.size(), mpm, EngineSetup.actionOrder(cfg));
             OutputWriter out = new OutputWriter(logDir);
             DetectWorker detect = engine.newWorker()) {
            t1 = System.nanoTime();
            out.setRedis(redis);
            if (cuts != null) {
                out.addListener(cuts);
            }
            VerdictPolicy policy = ips ? VerdictPolicy.ips() : VerdictPolicy.ids();
            DecodeOptions decodeOpts = DecodeOptions.DEFAULT.withChecksums(!"none".equals(checksums));
            ThresholdTracker.Plan plan = EngineSetup.thresholdPlan(thresholdFile, loaded, engine.rules(), System.err, 20);
            dev.sluice.engine.applayer.http.HttpConfig http = dev.sluice.engine.applayer.http.HttpConfig.from(k -> cfg.getString(k, null));
            stats = new Stats();
            long flowsCreated = 0, flowsEvicted = 0, flowsExpired = 0, sessions = 0, memcapHits = 0;
            long reassembled = 0, defragEvicted = 0, defragExpired = 0;
            List<Worker> done = new ArrayList<>();
            // Each capture is its own traffic: fresh flows, streams and fragments; one engine and output for all.
            for (Path file : captures) {
                try (PcapSource source = PcapSource.open(file)) {
                    Worker worker = new Worker(source, VerdictSink.NONE, new Decoder(decodeOpts), new Defragmenter(stages.defrag(), decodeOpts),
                            new FlowTable(stages.flow()), new TcpStreamEngine(stages.stream()), detect, out::offer, policy, System.err);
                    worker.setThresholds(plan);
                    worker.setHttpConfig(http);
                    worker.run();
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
                    "sluice: %d rules active (%d inactive, %d refused), prefilter %s, loaded in %.2f s%n",
                    engine.rules().length, loaded.rules().size() - engine.rules().length, loaded.failures().size(),
                    engine.mpmAlgorithm(), loadS);
            System.err.printf(Locale.ROOT,
                    "sluice: %s%d packets, %d alerts, %d dropped, %d decode events, %d errors in %.2f s (%.0f packets/s, %.1f Mbit/s)%n",
                    captures.size() > 1 ? done.size() + " captures, " : "",
                    stats.packets, alertsWritten, stats.dropped, stats.decodeEvents, stats.errors, runS,
                    stats.packets / Math.max(runS, 1e-9), stats.bytes * 8 / Math.max(runS, 1e-9) / 1e6);
            System.err.printf(Locale.ROOT,
                    "sluice: flows %d created, %d evicted by the memcap, %d timed out; tcp sessions %d, stream memcap hits %d; "
                            + "ip datagrams reassembled %d, defrag trackers evicted %d, timed out %d%n",
                    flowsCreated, flowsEvicted, flowsExpired, sessions, memcapHits, reassembled, defragEvicted, defragExpired);
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
}
