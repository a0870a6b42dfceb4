package dev.sluice.engine.pipeline;

import dev.sluice.capture.Frame;
import dev.sluice.capture.PacketSource;
import dev.sluice.capture.Verdict;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.defrag.DefragConfig;
import dev.sluice.engine.defrag.Defragmenter;
import dev.sluice.engine.detect.DetectEngine;
import dev.sluice.engine.detect.DetectWorker;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.engine.stream.StreamConfig;
import dev.sluice.engine.stream.TcpStreamEngine;
import dev.sluice.engine.verdict.VerdictPolicy;
import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.RuleLoader;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.vars.SluiceConfig;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.io.OutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A million SYNs from distinct sources: flows are evicted at the memcap and counted, memory stays
 * bounded (the engine module's tests run with a 1 GiB heap), and every packet gets a verdict.
 */
class SynFloodTest {
    static final int SYNS = 1_000_000;

    /** Generates SYN frames from 10.x.y.z to one server, a distinct source per packet. */
    static final class SynSource implements PacketSource {
        private final int count;
        private int n;

        SynSource(int count) {
            this.count = count;
        }

        @Override
        public boolean next(Frame f) {
            if (n == count) {
                return false;
            }
            n++;
            byte[] d = f.data;
            java.util.Arrays.fill(d, 0, 54, (byte) 0);
            d[12] = 0x08;
            d[14] = 0x45;
            d[17] = 40;
            d[22] = 64;
            d[23] = 6;
            d[26] = 10;
            d[27] = (byte) (n >> 16);
            d[28] = (byte) (n >> 8);
            d[29] = (byte) n;
            d[30] = (byte) 192;
            d[31] = (byte) 168;
            d[32] = 1;
            d[33] = 10;
            d[34] = (byte) 0x9c;
            d[35] = 0x40;
            d[37] = 80;
            d[38] = (byte) (n >> 24);
            d[39] = (byte) (n >> 16);
            d[46] = 0x50;
            d[47] = 0x02;
            d[48] = (byte) 0xff;
            f.length = 54;
            f.wireLength = 54;
            f.linkType = Frame.LINK_ETHERNET;
            f.tsSeconds = 1_700_000_000L + n / 100_000;
            f.tsNanos = (n % 100_000) * 10_000;
            f.id = n;
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void millionSynsFromDistinctSourcesStayWithinTheFlowMemcap() throws Exception {
        LoadContext ctx = SluiceConfig.defaults().newLoadContext();
        LoadResult rules = new RuleLoader(ctx, KeywordTable.standard()).loadString(
                "alert tcp any any -> any 80 (msg:\"syn to web\"; flags:S; threshold:type limit, track by_rule, count 1, seconds 3600; sid:1;)",
                "flood.rules");
        assertEquals(0, rules.failures().size(), rules.failures().toString());
        int maxFlows = 65_536;
        FlowTable flows = new FlowTable(FlowConfig.DEFAULTS.withMaxFlows(maxFlows));
        long[] verdicts = new long[2];
        int[] alerts = new int[1];
        try (DetectEngine engine = DetectEngine.build(rules.rules(), ctx.flowbits.size(), "auto");
             DetectWorker detect = engine.newWorker()) {
            Worker w = new Worker(new SynSource(SYNS), (id, v, mark) -> verdicts[v == Verdict.DROP ? 1 : 0]++,
                    new Decoder(DecodeOptions.DEFAULT), new Defragmenter(DefragConfig.DEFAULTS, DecodeOptions.DEFAULT),
                    flows, new TcpStreamEngine(StreamConfig.DEFAULTS), detect, e -> alerts[0]++,
                    VerdictPolicy.ips(), new PrintStream(OutputStream.nullOutputStream()));
            w.run();
            assertEquals(SYNS, w.stats.packets);
            assertEquals(0, w.stats.errors);
        }
        assertEquals(SYNS, verdicts[0], "every SYN accepted");
        assertEquals(0, verdicts[1]);
        assertEquals(1, alerts[0], "the limit threshold lets one alert through");
        assertTrue(flows.active() <= maxFlows, "active flows " + flows.active());
        assertTrue(flows.evicted() + flows.expired() >= SYNS - maxFlows,
                "evicted " + flows.evicted() + " expired " + flows.expired());
        assertEquals(SYNS, flows.created());
    }
}
