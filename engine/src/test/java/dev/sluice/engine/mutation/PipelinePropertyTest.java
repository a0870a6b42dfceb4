package dev.sluice.engine.mutation;

import dev.sluice.capture.Verdict;
import dev.sluice.capture.VerdictSink;
import dev.sluice.engine.applayer.http.HttpConfig;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import dev.sluice.capture.Frame;
import dev.sluice.engine.verdict.Rejecter;
import dev.sluice.engine.defrag.DefragConfig;
import dev.sluice.engine.defrag.Defragmenter;
import dev.sluice.engine.detect.DetectEngine;
import dev.sluice.engine.detect.DetectWorker;
import dev.sluice.engine.flow.FlowConfig;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.engine.pipeline.Worker;
import dev.sluice.engine.source.TestCorpus;
import dev.sluice.engine.stream.StreamConfig;
import dev.sluice.engine.stream.TcpStreamEngine;
import dev.sluice.engine.verdict.VerdictPolicy;
import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.RuleLoader;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.vars.SluiceConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The property of the whole inline pipeline under damaged traffic: fed mutated packets (bit
 * flips, truncations, junk, bogus length fields, random IP and TCP options, reordered and
 * overlapping fragments and segments) mixed into real conversations, a {@link Worker} in inline
 * mode with a real Hyperscan engine never lets an exception out of a stage ({@code stats.errors}
 * stays 0, nothing escapes {@link Worker#run()}, no stage hangs), no app-layer parser throws (the
 * exceptions the app layer catches, {@link ParserThrows}) and gives every frame exactly one verdict.
 *
 * <p>Sizes and seeds come from system properties (Maven passes {@code -D} options through):
 * {@code sluice.mutation.packets} (default 300,000), {@code sluice.mutation.seed} (a number, or
 * {@code random}), {@code sluice.mutation.rules} ({@code subset}: a few ET Open files and our own
 * rules; {@code all}: the whole of ET Open too), {@code sluice.mutation.minutes} (the run stops
 * there, default 10), {@code sluice.mutation.checksums} ({@code none}, as {@code sluice run} inline
 * by default, or {@code all}), {@code sluice.mutation.set} (comma-separated {@code key=value} stage
 * settings, as {@code --set}: {@code flow.max-flows=256,stream.memcap=1mb} puts the limits under
 * pressure; HTTP body limits too, {@code app-layer.protocols.http.libhtp.default-config.request-body-limit=64}). The long run:
 * <pre>
 * mvn -o -B -pl engine -am test -Dtest=PipelinePropertyTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsluice.mutation.packets=10000000 -Dsluice.mutation.rules=all -Dsluice.mutation.minutes=120
 * </pre>
 * A failure names the seed and the packet number: the same seed and a packet count just past that
 * number replay it.
 */
class PipelinePropertyTest {
    static final long DEFAULT_SEED = 0x5_1ce_5eedL;


    /** ET Open files loaded by default: web server attacks (HTTP buffers), DNS, JA3, policy (TLS SNI, DNS). */
    static final List<String> ET_SUBSET = List.of("emerging-web_server.rules", "emerging-dns.rules", "emerging-ja3.rules",
            "emerging-policy.rules");

    @Test
    void everyMutatedPacketGetsExactlyOneVerdictAndNoStageThrows() throws Exception {
        long packets = Long.getLong("sluice.mutation.packets", 300_000L);
        String seedProp = System.getProperty("sluice.mutation.seed", "");
        long seed = seedProp.isBlank() ? DEFAULT_SEED
                : seedProp.equals("random") ? System.nanoTime() ^ Double.doubleToLongBits(Math.random()) : Long.decode(seedProp);
        String ruleSet = System.getProperty("sluice.mutation.rules", "subset");
        long minutes = Long.getLong("sluice.mutation.minutes", 10L);
        String replay = String.format(Locale.ROOT, "seed %d (replay: -Dsluice.mutation.seed=%d)", seed, seed);
        System.out.println("mutation property: " + replay + ", " + packets + " packets, rules " + ruleSet);

        Path shared = TestCorpus.shared();
        List<Path> files = shared == null ? List.of()
                : SeedCaptures.captures(shared.resolve("corpus/pcaps"), shared.resolve("corpus/suricata-verify"));
        List<List<byte[]>> captures = SeedCaptures.loadCorpus(files);
        long seedPackets = captures.stream().mapToLong(List::size).sum();

        LoadContext ctx = SluiceConfig.defaults().newLoadContext();
        RuleLoader loader = new RuleLoader(ctx, KeywordTable.standard());
        LoadResult own = loader.loadString(PropertyRules.RULES, "property.rules");
        assertEquals(List.of(), own.failures(), "our own rules load");
        List<Rule> rules = new ArrayList<>(own.rules());
        int etRefused = 0;
        for (Path f : etFiles(shared, ruleSet)) {
            LoadResult r = loader.loadFile(f);
            rules.addAll(r.rules());
            etRefused += r.failures().size();
        }

        MutatedTraffic traffic = new MutatedTraffic(seed, captures);
        long t0 = System.nanoTime();
        MutationSource source = new MutationSource(traffic, packets, t0 + minutes * 60_000_000_000L, seed);
        OnceSink verdicts = new OnceSink(source);
        ErrorLines err = new ErrorLines(source);
        // -k none by default, as sluice run inline: the kernel may queue packets whose checksums are still to fill in.
        boolean checksums = "all".equals(System.getProperty("sluice.mutation.checksums", "none"));
        DecodeOptions decode = DecodeOptions.DEFAULT.withChecksums(checksums);
        long[] alertRecords = {0};
        java.util.TreeMap<Long, Long> ownFired = new java.util.TreeMap<>();
        java.util.Set<Long> etFired = new java.util.HashSet<>();
        DetectEngine engine = DetectEngine.build(rules, ctx.flowbits.size(), "auto");
        DetectWorker detect = null;
        Thread[] running = {null};
        try {
            detect = engine.newWorker();
            // The stage settings of sluice run inline, then -Dsluice.mutation.set's key=value pairs (as --set).
            FlowConfig flow = FlowConfig.DEFAULTS.withMidstream(true);
            StreamConfig stream = StreamConfig.DEFAULTS.withInline(true).withMidstream(true);
            DefragConfig defrag = DefragConfig.DEFAULTS;
            java.util.Map<String, String> sets = new java.util.HashMap<>();
            for (String set : System.getProperty("sluice.mutation.set", "").split(",")) {
                int eq = set.indexOf('=');
                if (eq > 0) {
                    String key = set.substring(0, eq).trim();
                    String value = set.substring(eq + 1).trim();
                    sets.put(key, value);
                    flow = FlowConfig.knows(key) ? flow.withSetting(key, value) : flow;
                    stream = StreamConfig.knows(key) ? stream.withSetting(key, value) : stream;
                    defrag = DefragConfig.knows(key) ? defrag.withSetting(key, value) : defrag;
                }
            }
            Worker w = new Worker(source, verdicts, new Decoder(decode), new Defragmenter(defrag, decode), new FlowTable(flow),
                    new TcpStreamEngine(stream.resolveInline(true)),
                    detect, e -> {
                        alertRecords[0]++;
                        if (e.alert() != null) {
                            long sid = e.alert().sid();
                            if (sid >= 9_100_000 && sid < 9_200_000) {
                                ownFired.merge(sid, 1L, Long::sum);
                            } else {
                                etFired.add(sid);
                            }
                        }
                    }, VerdictPolicy.ips(), err);
            // Reject answers are built from the damaged packets; each must be a well-formed IP packet.
            RejectAnswers answers = new RejectAnswers();
            Rejecter rejecter = new Rejecter(answers::check, 0);
            w.setRejecter(rejecter);
            // HTTP body limits as sluice run applies them (app-layer.protocols.http.libhtp.default-config.*).
            w.setHttpConfig(HttpConfig.from(sets));
            System.out.printf(Locale.ROOT, "mutation property: %d rules active (%d ET Open refused), %d seed packets from %d captures, built in %d ms%n",
                    engine.rules().length, etRefused, seedPackets, captures.size(), (System.nanoTime() - t0) / 1_000_000);
            long started = System.nanoTime();
            Throwable[] escaped = {null};
            Thread t = new Thread(() -> {
                try {
                    w.run();
                } catch (Throwable e) {
                    escaped[0] = e;
                }
            }, "mutation-worker");
            t.setDaemon(true);
            running[0] = t;
            t.start();
            // Bounded wait; a stage that stops making progress for a minute is a hang.
            long lastId = -1;
            long lastMove = System.nanoTime();
            while (t.isAlive()) {
                t.join(1000);
                long now = System.nanoTime();
                if (source.id != lastId) {
                    lastId = source.id;
                    lastMove = now;
                } else if (now - lastMove > 60_000_000_000L) {
                    // Leaves the detect engine open (see finally): the stuck worker may be inside Hyperscan.
                    fail("worker stuck on packet " + source.id + " for 60 s; " + replay + "; packet "
                            + HexFormat.of().formatHex(source.current()));
                }
            }
            double secs = (System.nanoTime() - started) / 1e9;
            long n = source.id;
            StringBuilder kinds = new StringBuilder();
            for (int i = 0; i < Mutator.KINDS.length; i++) {
                kinds.append(i == 0 ? "" : " ").append(Mutator.KINDS[i]).append('=').append(traffic.mutator.counts[i]);
            }
            System.out.printf(Locale.ROOT, "mutation property: %d packets (%d mutated) in %.1f s, %.0f packets/s; verdicts accept %d drop %d;"
                            + " alerts %d, alert/drop records %d, decode events %d, no-flow %d, errors %d%s%n  mutations: %s%n"
                            + "  our rules that fired (sid=alerts): %s; ET Open rules that fired: %d; reject answers %d (%d refused by the sender, %d skipped)%n",
                    n, traffic.mutated, secs, n / secs, verdicts.accepts, verdicts.drops, w.stats.alerts, alertRecords[0],
                    w.stats.decodeEvents, w.stats.noFlow, w.stats.errors,
                    source.stoppedAtDeadline ? " (stopped at the " + minutes + " minute limit)" : "", kinds, ownFired, etFired.size(), answers.count, rejecter.failed, rejecter.skipped);

            if (escaped[0] != null) {
                throw new AssertionError("exception out of Worker.run() at packet " + source.id + "; " + replay + "; packet "
                        + HexFormat.of().formatHex(source.current()), escaped[0]);
            }
            assertEquals(0, w.stats.errors, () -> "a stage threw; " + replay + ":\n" + String.join("\n", err.lines));
            // The app layer catches a parser's exception and gives the flow up, counting it only here.
            java.util.Map<String, Long> counters = new java.util.TreeMap<>();
            w.counters(counters);
            assertEquals(java.util.Map.of(), ParserThrows.of(counters), () -> "a parser threw; " + replay);
            assertEquals(0, verdicts.duplicates, () -> "frames with a second verdict, first " + verdicts.firstBad + "; " + replay);
            assertEquals(0, verdicts.unknown, () -> "verdicts for frames not handed out, first " + verdicts.firstBad + "; " + replay);
            assertEquals(n, verdicts.seen.cardinality(), () -> "frames without a verdict, first "
                    + verdicts.seen.nextClearBit(1) + "; " + replay);
            assertEquals(n, w.stats.packets, "every frame counted");
            assertEquals(0, answers.bad, () -> "malformed reject answers, first " + answers.firstBad + "; " + replay);
            assertTrue(n == packets || source.stoppedAtDeadline, "the source ran to its count");
            assertTrue(traffic.mutated > n / 4, "mutated packets: " + traffic.mutated + " of " + n);
            if (n >= 100_000) {
                // The rules are reached: the traffic is not all thrown out by the decoder.
                assertTrue(w.stats.alerts > 0 && verdicts.drops > 0, "alerts " + w.stats.alerts + ", drops " + verdicts.drops);
            }
        } finally {
            // A worker still running (a hang) may be inside Hyperscan: its database and scratch stay open, not freed under it.
            if (running[0] == null || !running[0].isAlive()) {
                if (detect != null) {
                    detect.close();
                }
                engine.close();
            }
        }
    }

    private static List<Path> etFiles(Path shared, String ruleSet) throws IOException {
        if (shared == null || !Files.isDirectory(shared.resolve("corpus/et-open"))) {
            return List.of();
        }
        Path et = shared.resolve("corpus/et-open");
        if (ruleSet.equals("all")) {
            try (Stream<Path> s = Files.list(et)) {
                return s.filter(f -> f.toString().endsWith(".rules")).sorted().toList();
            }
        }
        return ET_SUBSET.stream().map(et::resolve).filter(Files::isRegularFile).toList();
    }

    /** Counts verdicts and checks each frame id gets one, for a frame that was handed out. */
    static final class OnceSink implements VerdictSink {
        final BitSet seen = new BitSet();
        final MutationSource source;
        long accepts;
        long drops;
        long duplicates;
        long unknown;
        long firstBad = -1;

        OnceSink(MutationSource source) {
            this.source = source;
        }

        @Override
        public void verdict(long id, Verdict v, int mark) {
            if (id < 1 || id > source.id || id > Integer.MAX_VALUE) {
                unknown++;
                firstBad = firstBad < 0 ? id : firstBad;
                return;
            }
            if (seen.get((int) id)) {
                duplicates++;
                firstBad = firstBad < 0 ? id : firstBad;
            }
            seen.set((int) id);
            if (v == Verdict.DROP) {
                drops++;
            } else {
                accepts++;
            }
        }
    }

    /** Decodes each reject answer (checksums on) and counts those that are not a sound IP packet. */
    static final class RejectAnswers {
        private final Decoder decoder = new Decoder(DecodeOptions.DEFAULT.withChecksums(true));
        private final Frame frame = new Frame();
        private final Packet packet = new Packet();
        long count;
        long bad;
        String firstBad;

        int check(byte[] b, int off, int len) {
            count++;
            frame.ensureCapacity(len);
            System.arraycopy(b, off, frame.data, 0, len);
            frame.length = len;
            frame.linkType = Frame.LINK_RAW;
            packet.reset(frame, count);
            decoder.decode(packet);
            if (packet.ipVersion == 0 || packet.ipOffset != 0 || packet.ipChecksumBad || packet.l4ChecksumBad
                    || !(packet.isTcp() || packet.ipProto == 1 || packet.ipProto == 58)) {
                bad++;
                if (firstBad == null) {
                    firstBad = HexFormat.of().formatHex(b, off, off + len);
                }
            }
            return len;
        }
    }

    /** The worker's error lines, each with the frame it was processing (a bounded number). */
    static final class ErrorLines extends PrintStream {
        final List<String> lines = new ArrayList<>();
        private final MutationSource source;

        ErrorLines(MutationSource source) {
            super(OutputStream.nullOutputStream());
            this.source = source;
        }

        @Override
        public void println(String x) {
            if (lines.size() < 20) {
                lines.add(x + "\n  packet " + source.id + ": " + HexFormat.of().formatHex(source.current()));
            }
        }
    }
}
