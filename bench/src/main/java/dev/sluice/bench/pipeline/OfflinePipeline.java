package dev.sluice.bench.pipeline;

import dev.sluice.bench.detect.RuleFolder;
import dev.sluice.capture.PacketSource;
import dev.sluice.capture.VerdictSink;
import dev.sluice.engine.applayer.http.HttpConfig;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.defrag.DefragConfig;
import dev.sluice.engine.defrag.Defragmenter;
import dev.sluice.engine.detect.ActionOrder;
import dev.sluice.engine.detect.DetectEngine;
import dev.sluice.engine.detect.DetectWorker;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.engine.pipeline.AlertSink;
import dev.sluice.engine.pipeline.Worker;
import dev.sluice.engine.stream.StreamConfig;
import dev.sluice.engine.stream.TcpStreamEngine;
import dev.sluice.engine.verdict.VerdictPolicy;
import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.SluiceConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The stages {@code sluice pcap -r FILE -S RULES} sets up without {@code -c}, {@code --set} or
 * {@code --ips}: the bundled configuration, checksums validated, IDS verdicts, stream settings
 * from the defaults, the prefilter {@code SLUICE_MPM_ALGO} names (else auto). One engine, built
 * once; {@link #worker} makes a fresh worker (flows, streams, detector state) over a source.
 * Whether this really is what the command does is checked by {@link PipelineBenchmark}'s setup,
 * which compares alert counts with the command's own run.
 */
final class OfflinePipeline implements AutoCloseable {
    private final SluiceConfig cfg = SluiceConfig.defaults();
    final DetectEngine engine;
    final int loadFailures;

    OfflinePipeline(Path rules) throws IOException, ConfigException {
        RuleFolder.Loaded loaded = RuleFolder.load(List.of(rules));
        String env = System.getenv("SLUICE_MPM_ALGO");
        String mpm = cfg.getString("mpm-algo", env == null || env.isBlank() ? "auto" : env.trim());
        engine = DetectEngine.build(loaded.result().rules(), loaded.flowbitCount(), mpm, ActionOrder.from(cfg),
                loaded.homeNet());
        loadFailures = loaded.result().failures().size();
    }

    /**
     * A new worker over {@code source} with detector {@code detect} (from {@link #engine}; the caller
     * closes it), handing alerts to {@code alerts}.
     */
    Worker worker(PacketSource source, DetectWorker detect, AlertSink alerts) {
        boolean midstream = cfg.getBool("stream.midstream", false);
        FlowConfig flow = FlowConfig.DEFAULTS.withMidstream(midstream);
        StreamConfig stream = StreamConfig.DEFAULTS.withInline(false).withMidstream(midstream).resolveInline(false);
        DecodeOptions opts = DecodeOptions.DEFAULT.withChecksums(true);
        Worker w = new Worker(source, VerdictSink.NONE, new Decoder(opts), new Defragmenter(DefragConfig.DEFAULTS, opts),
                new FlowTable(flow), new TcpStreamEngine(stream), detect, alerts, VerdictPolicy.ids(),
                System.err);
        w.setHttpConfig(HttpConfig.from(k -> cfg.getString(k, null)));
        return w;
    }

    @Override
    public void close() {
        engine.close();
    }
}
