package dev.sluice.engine.cli;

import dev.sluice.capture.VerdictSink;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.defrag.Defragmenter;
import dev.sluice.engine.detect.DetectEngine;
import dev.sluice.engine.detect.DetectWorker;
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
    @Option(names = {"-r", "--read"}, required = true, description = "Capture file to read (pcap or pcapng).")
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

    @Option(names = "--set", description = "Override a config value, key=value (repeatable); unknown keys are ignored.")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (!"all".equals(checksums) && !"none".equals(checksums)) {
            throw new IllegalArgumentException("-k takes 'all' or 'none', not '" + checksums + "'");
        }
        long t0 = System.nanoTime();
        SluiceConfig cfg = EngineSetup.config(config, sets);
        LoadContext ctx = cfg.newLoadContext();
        LoadResult loaded = EngineSetup.loadRules(ctx, rules);
        EngineSetup.printFailures(loaded, System.err, 20);
        ThresholdConfig thresholdFile = EngineSetup.thresholdFile(cfg, ctx);
        String mpm = EngineSetup.mpmAlgo(cfg);
        // Inline stream inspection follows --ips unless stream.inline says otherwise.
        EngineSetup.Stages stages = EngineSetup.stages(cfg, sets, ips, false);
        Files.createDirectories(logDir);
        long t1;
        Stats stats;
        long alertsWritten;
        try (DetectEngine engine = DetectEngine.build(loaded.rules(), ctx.flowbits.size(), mpm, EngineSetup.actionOrder(cfg));
             PcapSource source = PcapSource.open(capture);
             OutputWriter out = new OutputWriter(logDir);
             DetectWorker detect = engine.newWorker()) {
            t1 = System.nanoTime();
            VerdictPolicy policy = ips ? VerdictPolicy.ips() : VerdictPolicy.ids();
            DecodeOptions decodeOpts = DecodeOptions.DEFAULT.withChecksums(!"none".equals(checksums));
            Decoder decoder = new Decoder(decodeOpts);
            Defragmenter defrag = new Defragmenter(stages.defrag(), decodeOpts);
            Worker worker = new Worker(source, VerdictSink.NONE, decoder, defrag, new FlowTable(stages.flow()),
                    new TcpStreamEngine(stages.stream()), detect, out::offer, policy, System.err);
            worker.setThresholds(EngineSetup.thresholdPlan(thresholdFile, loaded, engine.rules(), System.err, 20));
            worker.setHttpConfig(dev.sluice.engine.applayer.http.HttpConfig.from(k -> cfg.getString(k, null)));
            worker.run();
            stats = worker.stats;
            if (source.warning() != null) {
                System.err.println("warning: " + source.warning());
            }
            alertsWritten = stats.alerts;
            double loadS = (t1 - t0) / 1e9;
            double runS = (System.nanoTime() - t1) / 1e9;
            System.err.printf(Locale.ROOT,
                    "sluice: %d rules active (%d inactive, %d refused), prefilter %s, loaded in %.2f s%n",
                    engine.rules().length, loaded.rules().size() - engine.rules().length, loaded.failures().size(),
                    engine.mpmAlgorithm(), loadS);
            System.err.printf(Locale.ROOT,
                    "sluice: %d packets, %d alerts, %d dropped, %d decode events, %d errors in %.2f s (%.0f packets/s, %.1f Mbit/s)%n",
                    stats.packets, alertsWritten, stats.dropped, stats.decodeEvents, stats.errors, runS,
                    stats.packets / Math.max(runS, 1e-9), stats.bytes * 8 / Math.max(runS, 1e-9) / 1e6);
            System.err.printf(Locale.ROOT,
                    "sluice: flows %d created, %d evicted by the memcap, %d timed out; tcp sessions %d, stream memcap hits %d; "
                            + "ip datagrams reassembled %d, defrag trackers evicted %d, timed out %d%n",
                    worker.flows().created(), worker.flows().evicted(), worker.flows().expired(),
                    worker.streams().sessionsCreated(), worker.streams().memcapHits(),
                    worker.defrag().reassembled(), worker.defrag().evicted(), worker.defrag().expired());
        }
        return 0;
    }
}
