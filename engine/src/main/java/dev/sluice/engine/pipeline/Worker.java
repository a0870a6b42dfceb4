package dev.sluice.engine.pipeline;

import dev.sluice.capture.Frame;
import dev.sluice.capture.PacketSource;
import dev.sluice.capture.Verdict;
import dev.sluice.capture.VerdictSink;
import dev.sluice.engine.applayer.AppLayer;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.defrag.Defragmenter;
import dev.sluice.engine.detect.DetectWorker;
import dev.sluice.engine.detect.EngineSwap;
import dev.sluice.engine.detect.StreamMatches;
import dev.sluice.engine.detect.ThresholdTracker;
import dev.sluice.engine.flow.Flow;
import dev.sluice.engine.flow.FlowTable;
import dev.sluice.engine.stream.StreamDirection;
import dev.sluice.engine.stream.StreamFlags;
import dev.sluice.engine.stream.TcpSession;
import dev.sluice.engine.stream.TcpStreamEngine;
import dev.sluice.engine.output.AlertEvent;
import dev.sluice.engine.output.AlertEvents;
import dev.sluice.engine.verdict.ExceptionPolicies;
import dev.sluice.engine.verdict.ExceptionPolicy;
import dev.sluice.engine.verdict.ExceptionStage;
import dev.sluice.engine.verdict.Rejecter;
import dev.sluice.engine.verdict.VerdictPolicy;
import dev.sluice.signatures.Action;
import dev.sluice.signatures.Rule;

import java.io.IOException;
import java.io.PrintStream;

/**
 * One worker: reads frames from its source and takes each through decode, flow, detect and
 * verdict, handing alerts to the output queue. Owns all of its stages' state; runs on one thread.
 * Every frame gets exactly one verdict, whatever happens while processing it. A flow bypassed at
 * the stream depth ({@code stream.bypass}) is accepted without inspection from then on; inline with
 * a {@link dev.sluice.engine.verdict.BypassMark}, as a marked repeat.
 */
public final class Worker {
    /** Flows are expired every this many packets. */
    private static final int EXPIRE_EVERY = 1024;
    /** At most this many processing errors are reported on stderr; the rest are only counted. */
    private static final int MAX_ERROR_LINES = 10;
    /** Drop reason of a segment that disagreed with stream data already kept (inline). */
    public static final String REASON_STREAM_NORMALIZATION = "stream normalization";

    private final PacketSource source;
    private final VerdictSink verdicts;
    private final Decoder decoder;
    private final FlowTable flows;
    private final Defragmenter defrag;
    private final TcpStreamEngine streams;
    /** Replaced between two packets when a rule reload publishes a new engine; this thread only. */
    private DetectWorker detect;
    /** Where reloaded engines come from, and the generation this worker holds; null when rules never change. */
    private EngineSwap swap;
    private EngineSwap.Generation generation;
    /** A generation this worker could not switch to (it keeps the one it has). */
    private EngineSwap.Generation refused;
    /** Rule reloads this worker has switched to. */
    public long engineSwitches;
    /** Protocol detection and parsers; off with -Dsluice.app-layer=false (for measurements). */
    private final AppLayer app = AppLayer.standard();
    private ThresholdTracker thresholds = new ThresholdTracker();
    private final AlertSink alerts;
    private final VerdictPolicy policy;
    private final PrintStream err;
    private final Frame frame = new Frame();
    private final boolean live;
    private final Packet packet = new Packet();
    /** Stream match memories of ended flows, for new flows to reuse. */
    private final StreamMatches[] spareMatches = new StreamMatches[4096];
    private int spareMatchCount;
    public final Stats stats = new Stats();
    /** Inline only: answers reject rules and recognises its own answers coming back; null for none. */
    private Rejecter rejecter;
    /** What each stage does with a packet when it meets its limit. */
    private ExceptionPolicies exceptions;
    /** Number of exception policy actions (values() copies its array: not on the packet path). */
    private static final int ACTIONS = ExceptionPolicy.values().length;
    /** Per stage and action: times the policy was applied (index stage * ACTIONS + action). */
    private final long[] exceptionCounts = new long[ExceptionStage.values().length * ACTIONS];
    /** The flow of the packet being processed (for the processing-error policy); null when none yet. */
    private Flow current;
    /** The detector's pcre limit count when this worker started (a pcap run shares one detector between captures). */
    private final long pcreLimitBase;
    /** The detector's Hyperscan fallback count when this worker started (as {@link #pcreLimitBase}). */
    private final long mpmFallbackBase;
    /** stream.bypass: bypass a TCP flow once a direction is reassembled and inspected to the depth. */
    private final boolean bypassOnDepth;
    private final long bypassDepth;
    /** Inline only: the mark a bypassed flow's packets are given back with; NONE for local bypass. */
    private dev.sluice.engine.verdict.BypassMark bypassMark = dev.sluice.engine.verdict.BypassMark.NONE;
    /** Set while a frame is processed: its packet belongs to a bypassed flow (its accept may carry the mark). */
    private boolean frameBypassed;

    public Worker(PacketSource source, VerdictSink verdicts, Decoder decoder, Defragmenter defrag, FlowTable flows,
                  TcpStreamEngine streams, DetectWorker detect, AlertSink alerts, VerdictPolicy policy, PrintStream err) {
        this.defrag = defrag;
        this.streams = streams;
        this.bypassOnDepth = streams.config().bypass() && streams.config().depth() > 0;
        this.bypassDepth = streams.config().depth();
        this.live = source.inline();
        // A flow's stream, app-layer and match memory goes back to the pools when the flow ends.
        flows.onFlowEnd(this::releaseState);
        app.setEnabled(!"false".equals(System.getProperty("sluice.app-layer")));
        detect.useAppLayer(app);
        this.source = source;
        this.verdicts = verdicts;
        this.decoder = decoder;
        this.flows = flows;
        this.detect = detect;
        this.pcreLimitBase = detect.pcreLimitHits();
        this.mpmFallbackBase = detect.mpmFallbackScans();
        this.alerts = alerts;
        this.policy = policy;
        this.err = err;
        setExceptionPolicies(policy.onError() == Verdict.DROP
                ? ExceptionPolicies.DEFAULT.with(ExceptionStage.PROCESSING_ERROR, ExceptionPolicy.DROP_PACKET)
                : ExceptionPolicies.DEFAULT);
    }

    /**
     * The exception policy of every stage (sluice.yaml's exception-policy keys); call before {@link
     * #run()}. When not inline the drop actions are ignore. A dropping defrag policy makes the
     * defragmenter refuse fragments at its limits rather than evict datagrams it let through.
     */
    public void setExceptionPolicies(ExceptionPolicies p) {
        this.exceptions = p.forInline(policy.inline());
        defrag.refuseAtLimit(exceptions.of(ExceptionStage.DEFRAG_MEMCAP).drops());
    }

    public ExceptionPolicies exceptionPolicies() {
        return exceptions;
    }

    /** Times stage {@code s}'s policy was applied as {@code a}. */
    public long exceptionCount(ExceptionStage s, ExceptionPolicy a) {
        return exceptionCounts[s.ordinal() * ACTIONS + a.ordinal()];
    }

    /**
     * Inline: a packet dropped by a reject rule is answered through {@code r} (a reset or an ICMP
     * unreachable), and frames carrying {@code r}'s mark, our own answers queued back to us, are
     * accepted without inspection. Call before {@link #run()}; never set in IDS or pcap mode.
     */
    public void setRejecter(Rejecter r) {
        this.rejecter = r;
    }

    public Rejecter rejecter() {
        return rejecter;
    }

    /**
     * Inline: packets of bypassed flows are given back as a repeat carrying {@code m} (see
     * {@link dev.sluice.engine.verdict.BypassMark}). Call before {@link #run()}; never in IDS or pcap mode.
     */
    public void setBypassMark(dev.sluice.engine.verdict.BypassMark m) {
        this.bypassMark = m;
    }

    public dev.sluice.engine.verdict.BypassMark bypassMark() {
        return bypassMark;
    }

    /** HTTP parser limits (sluice.yaml / --set body limits); call before {@link #run()}. */
    public void setHttpConfig(dev.sluice.engine.applayer.http.HttpConfig c) {
        app.register(dev.sluice.engine.applayer.AppProto.HTTP1, new dev.sluice.engine.applayer.http.HttpProbe(),
                () -> new dev.sluice.engine.applayer.http.HttpParser(c), 80, -1);
    }

    /** Applies threshold.config's plan (shared by all workers); call before {@link #run()}. */
    public void setThresholds(ThresholdTracker.Plan plan) {
        this.thresholds = new ThresholdTracker(plan);
    }

    /**
     * Follows the engines {@code s} publishes: between two packets the worker moves to the newest
     * one, keeping its flows, flowbits and host bits. Call before {@link #run()}, once; the worker's
     * detector must come from {@code s}'s current engine, and the worker closes it when it stops.
     */
    public void followEngines(EngineSwap s) {
        this.swap = s;
        this.generation = s.acquire();
        if (generation.engine != detect.engine()) {
            throw new IllegalArgumentException("the worker's detector is not from the swap's current engine");
        }
        this.thresholds = new ThresholdTracker(generation.thresholds);
    }

    /** The reload generation this worker runs; 0 before any reload or without one. */
    public int engineGeneration() {
        EngineSwap.Generation g = generation;
        return g == null ? 0 : g.id;
    }

    /** Moves to the newest published engine; on failure keeps the current one (said once). */
    private void switchEngine() {
        EngineSwap.Generation next = swap.acquire();
        if (next == refused) {
            swap.release(next);
            return;
        }
        DetectWorker fresh;
        try {
            fresh = next.engine.newWorker(detect);
        } catch (RuntimeException | OutOfMemoryError e) {
            swap.release(next);
            refused = next;
            err.println("sluice: worker keeps the previous rules, the reloaded ones could not start: " + e);
            return;
        }
        fresh.useAppLayer(app);
        DetectWorker old = detect;
        EngineSwap.Generation was = generation;
        detect = fresh;
        generation = next;
        thresholds = new ThresholdTracker(next.thresholds);
        engineSwitches++;
        old.close();
        swap.release(was);
    }

    /** Processes the source to its end. */
    public void run() throws IOException {
        try {
            loop();
        } finally {
            if (swap != null) {
                detect.close();
                swap.release(generation);
            }
        }
    }

    private void loop() throws IOException {
        while (source.next(frame)) {
            if (swap != null) {
                EngineSwap.Generation newest = swap.current();
                if (newest != generation && newest != refused) {
                    switchEngine();
                }
            }
            Verdict v;
            try {
                v = process(frame);
            } catch (RuntimeException | StackOverflowError e) {
                stats.errors++;
                v = onProcessingError();
                if (stats.errors <= MAX_ERROR_LINES) {
                    err.println("sluice: error on packet " + frame.id + " (given " + v + "): " + e);
                }
            }
            if (v == Verdict.DROP) {
                stats.dropped++;
            } else {
                stats.accepted++;
            }
            int mark = 0;
            if (frameBypassed && v == Verdict.ACCEPT && bypassMark.enabled()) {
                if (bypassMark.carries(frame.mark)) {
                    // Marked once and queued again: no rule lets marked packets by; accept as it is.
                    if (stats.bypassMarkReturned++ == 0) {
                        err.println("sluice: packets given the bypass mark " + bypassMark.describe()
                                + " came back to the queue: the connmark rules are missing (sluice-iptables up --bypass-mark)");
                    }
                } else {
                    mark = bypassMark.apply(frame.mark);
                    v = Verdict.REPEAT;
                    stats.bypassMarked++;
                }
            }
            verdicts.verdict(frame.id, v, mark);
        }
        verdicts.flush();
    }

    /** The processing-error policy's verdict for the packet that threw; never throws itself. */
    private Verdict onProcessingError() {
        try {
            Verdict v = except(ExceptionStage.PROCESSING_ERROR, packet, current);
            return v == null ? Verdict.ACCEPT : v;
        } catch (RuntimeException | StackOverflowError e) {
            // the packet is too broken even for a drop record: the verdict alone
            return policy.inline() && exceptions.of(ExceptionStage.PROCESSING_ERROR).drops() ? Verdict.DROP : Verdict.ACCEPT;
        }
    }

    /**
     * Applies stage {@code s}'s exception policy to {@code p} (of {@code flow}, null for none) and
     * counts it. Returns the packet's verdict, or null when it goes on through the pipeline (ignore;
     * when not inline the drop actions were made ignore by {@link #setExceptionPolicies}).
     */
    private Verdict except(ExceptionStage s, Packet p, Flow flow) {
        ExceptionPolicy a = exceptions.of(s);
        exceptionCounts[s.ordinal() * ACTIONS + a.ordinal()]++;
        switch (a) {
            case IGNORE:
                return null;
            case PASS_PACKET:
                return Verdict.ACCEPT;
            case PASS_FLOW:
            case BYPASS:
                if (flow != null) {
                    if (a == ExceptionPolicy.BYPASS) {
                        flow.markBypassed();
                    } else {
                        flow.markPassed();
                    }
                    releaseState(flow);
                }
                return Verdict.ACCEPT;
            default:
                if (!policy.inline()) {
                    return null;    // not reached: setExceptionPolicies made the drop actions ignore
                }
                if (a != ExceptionPolicy.DROP_PACKET && flow != null) {
                    flow.markDropped();
                    releaseState(flow);
                }
                if (a == ExceptionPolicy.REJECT && rejecter != null) {
                    rejecter.reject(Action.REJECT, p);
                }
                alerts.offer(AlertEvents.drop((Rule) null, p, flow, s.dropReason));
                return Verdict.DROP;
        }
    }

    /**
     * Gives back the memory of a flow that ended or is never inspected again (passed, bypassed or
     * dropped): its stream, its app-layer state and its stream match memory (pooled: reused by a
     * later flow, no allocation per flow). A live flow's later packets stop at its mark in
     * {@link #inspect} before any of these is touched.
     */
    private void releaseState(Flow flow) {
        streams.release(flow);
        app.release(flow);
        if (flow.detectState instanceof StreamMatches m && spareMatchCount < spareMatches.length) {
            spareMatches[spareMatchCount++] = m;
        }
        flow.detectState = null;
    }

    /** The app layer's part of a packet: its new data to the flow's parser; a parser failure's policy verdict, else null. */
    private Verdict appLayer(Packet p, Flow flow) {
        app.onPacket(p, flow);
        return app.lastPacketFailed() ? except(ExceptionStage.APP_LAYER_ERROR, p, flow) : null;
    }

    /** Takes one frame through every stage and returns its verdict. */
    Verdict process(Frame f) {
        current = null;
        frameBypassed = false;
        stats.packets++;
        stats.bytes += f.length;
        if (rejecter != null && rejecter.isOwn(f)) {
            return Verdict.ACCEPT;
        }
        Packet p = packet;
        // pcap_cnt exists for captures only; a live source numbers nothing.
        p.reset(f, live ? 0 : f.id);
        decoder.decode(p);
        if (p.events != 0) {
            stats.decodeEvents++;
        }
        long now = f.tsSeconds * 1_000_000L + f.tsNanos / 1000;
        if ((stats.packets & (EXPIRE_EVERY - 1)) == 0) {
            flows.expire(now);
            defrag.expire(now);
        }
        if (!p.fragment) {
            return inspect(p, now, true);
        }
        // A fragment is inspected on its own (header rules, decode events) without a flow; the
        // datagram it completes is inspected whole, and its verdict is this frame's.
        // Defragment first: overlaps are raised as events on the fragment itself.
        Packet whole = defrag.process(p, now);
        // The policy's verdict stands for the fragment, but a datagram it completed is still inspected.
        Verdict v = defrag.lastHitLimit() ? except(ExceptionStage.DEFRAG_MEMCAP, p, null) : null;
        if (v == null) {
            v = inspect(p, now, false);
        }
        for (int depth = 0; whole != null && depth < 4; depth++) {
            if (inspect(whole, now, !whole.fragment) == Verdict.DROP) {
                v = Verdict.DROP;
            }
            whole = whole.fragment ? defrag.process(whole, now) : null;
        }
        return v;
    }

    /** Flow, detection and alerts for one decoded packet (a frame, or a reassembled datagram). */
    private Verdict inspect(Packet p, long now, boolean withFlow) {
        Flow flow = withFlow && p.ipVersion != 0 ? flows.lookup(p) : null;
        if (flow == null) {
            stats.noFlow++;
            if (withFlow && flows.lastLookupFull()) {
                Verdict e = except(ExceptionStage.FLOW_MEMCAP, p, null);
                if (e != null) {
                    return e;
                }
            }
        }
        current = flow;
        if (policy.inline() && flow != null && flow.dropped()) {
            // Every later packet of a dropped flow is dropped without inspection.
            alerts.offer(AlertEvents.drop((Rule) null, p, flow, AlertEvents.REASON_FLOW_DROP));
            return Verdict.DROP;
        }
        if (flow != null && flow.passed()) {
            return Verdict.ACCEPT;
        }
        if (flow != null && flow.bypassed()) {
            stats.bypassed++;
            stats.bypassedBytes += p.frame.length;
            frameBypassed = true;
            return Verdict.ACCEPT;
        }
        boolean normalize = false;
        if (flow != null && p.isTcp()) {
            int sflags = streams.onPacket(p, flow);
            if ((sflags & (StreamFlags.SESSION_MEMCAP | StreamFlags.MEMCAP)) != 0) {
                Verdict e = except((sflags & StreamFlags.SESSION_MEMCAP) != 0 ? ExceptionStage.STREAM_MEMCAP
                        : ExceptionStage.STREAM_REASSEMBLY_MEMCAP, p, flow);
                if (e != null) {
                    return e;
                }
            }
            // Inline, a segment whose bytes lost to earlier data for the same stream positions is
            // dropped: the receiver might keep its bytes, which detection never saw.
            normalize = policy.inline() && (sflags & StreamFlags.PACKET_DIFFERS) != 0;
            Verdict e = appLayer(p, flow); // the direction's new in-order data to its parser
            if (e != null) {
                return e;
            }
            TcpSession session = flow.stream;
            if (session != null) {
                StreamMatches seen = (StreamMatches) flow.detectState;
                if (seen == null || !seen.isFor(detect.engine())) {
                    seen = newStreamMatches();
                    flow.detectState = seen;
                }
                detect.inspect(p, flow, session.direction(flow.toServer()), streams.packetOffset(p, flow), seen);
            } else {
                detect.inspect(p, flow);
            }
        } else {
            Verdict e = appLayer(p, flow);
            if (e != null) {
                return e;
            }
            detect.inspect(p, flow);
        }
        if (detect.passed() && flow != null) {
            flow.markPassed();
        }
        boolean inline = policy.inline();
        // The first matching drop/reject rule blocks. Thresholds and suppressions decide only the
        // alert; a rate_filter may change a match's action: a drop rule that only alerts, an alert
        // rule that drops the packet (not its flow), or a pass that ends the packet's alerts.
        Rule first = detect.blockingRule();
        int n = detect.matchedCount();
        Rule blocking = null;
        Action blockAction = null;
        boolean dropFlow = false;
        if (first != null && !listed(first, n)) {
            // A noalert rule, or one past the alert limit, blocks as it is.
            blocking = first;
            blockAction = first.action;
            dropFlow = true;
        }
        for (int i = 0; i < n; i++) {
            Rule r = detect.matched(i);
            boolean alert = thresholds.allows(r, p, flow, now);
            Action a = thresholds.action();
            if (a == Action.PASS && r.action != Action.PASS) {
                break;
            }
            if (blocking == null && a.blocks()) {
                blocking = r;
                blockAction = a;
                dropFlow = r.action.blocks();
            }
            if (alert) {
                alerts.offer(a == r.action ? AlertEvents.alert(r, p, flow, inline, detect.matchedTx(i))
                        : AlertEvents.alert(new AlertEvent.Alert(AlertEvents.actionWord(a, inline), r.gid, r.sid,
                                r.rev, r.msg, r.classDescription, r.priority), AlertEvents.markOf(a, inline), p, flow,
                                detect.matchedTx(i)));
                stats.alerts++;
            }
        }
        if (inline && blocking != null) {
            if (flow != null && dropFlow) {
                flow.markDropped();
            }
            if (rejecter != null && blockAction != Action.DROP) {
                // Only the packet that matched is answered; the flow's later packets drop silently.
                rejecter.reject(blockAction, p);
            }
            alerts.offer(AlertEvents.drop(blocking, p, flow, AlertEvents.REASON_RULES));
            return Verdict.DROP;
        }
        if (normalize) {
            alerts.offer(AlertEvents.drop((Rule) null, p, flow, REASON_STREAM_NORMALIZATION));
            return Verdict.DROP;
        }
        if (bypassOnDepth && flow != null && flow.stream != null && inspectedToDepth(flow.stream) && !flow.passed()) {
            // This packet was inspected; the flow's later packets (both directions) are not.
            flow.markBypassed();
            stats.flowsBypassed++;
            releaseState(flow);
            frameBypassed = true;
        }
        return Verdict.ACCEPT;
    }

    /** True once a direction of {@code s} was reassembled to the depth and inspected to its end. */
    private boolean inspectedToDepth(TcpSession s) {
        StreamDirection c = s.toServer();
        StreamDirection v = s.toClient();
        return (c.depthReached() && c.inspectedEnd() >= bypassDepth) || (v.depthReached() && v.inspectedEnd() >= bypassDepth);
    }

    private StreamMatches newStreamMatches() {
        if (spareMatchCount == 0) {
            return new StreamMatches(detect.engine());
        }
        StreamMatches m = spareMatches[--spareMatchCount];
        spareMatches[spareMatchCount] = null;
        m.reuse(detect.engine());
        return m;
    }

    /** True when {@code r} is among the packet's {@code n} alerting matches. */
    private boolean listed(Rule r, int n) {
        for (int i = 0; i < n; i++) {
            if (detect.matched(i) == r) {
                return true;
            }
        }
        return false;
    }

    /** Stream match memories given back and kept for new flows now (a gauge). */
    public int spareStreamMatchCount() {
        return spareMatchCount;
    }

    public AppLayer appLayer() {
        return app;
    }

    /** The detector in use now (it changes on a rule reload). */
    public DetectWorker detector() {
        return detect;
    }

    /**
     * Adds this worker's limit and exception counters to {@code into} under Suricata-style dotted
     * names ({@code flow.memcap}, {@code exception_policy.tcp.reassembly.drop_flow}); for stats
     * records and lines, never per packet. Read from another thread: a slightly stale value is fine.
     */
    public void counters(java.util.Map<String, Long> into) {
        add(into, "flow.memcap", flows.memcapHits());
        add(into, "flow.evicted_embryonic", flows.evictedEmbryonic());
        add(into, "tcp.reassembly_memuse", streams.memoryUsed());
        add(into, "defrag.memcap", defrag.memcapHits());
        add(into, "defrag.memuse", defrag.bytesHeld());
        add(into, "app_layer.error.dns_tcp.parser", app.parserErrorCount(dev.sluice.engine.applayer.AppProto.DNS, true));
        add(into, "app_layer.error.dns_udp.parser", app.parserErrorCount(dev.sluice.engine.applayer.AppProto.DNS, false));
        add(into, "app_layer.error.http.parser", app.parserErrorCount(dev.sluice.engine.applayer.AppProto.HTTP1, true));
        add(into, "app_layer.error.tls.parser", app.parserErrorCount(dev.sluice.engine.applayer.AppProto.TLS, true));
        add(into, "detect.pcre_limit", detect.pcreLimitHits() - pcreLimitBase);
        add(into, "detect.mpm_fallback", detect.mpmFallbackScans() - mpmFallbackBase);
        add(into, "engine.error", stats.errors);
        for (ExceptionStage s : ExceptionStage.values()) {
            ExceptionPolicy configured = exceptions.of(s);
            for (ExceptionPolicy a : ExceptionPolicy.values()) {
                long n = exceptionCount(s, a);
                // ignore is the stage's own limit counter; the others as Suricata counts them
                if (a != ExceptionPolicy.IGNORE && (a == configured || n != 0)) {
                    add(into, s.counter + "." + a.counter, n);
                }
            }
        }
    }

    private static void add(java.util.Map<String, Long> into, String name, long v) {
        into.merge(name, v, Long::sum);
    }

    public TcpStreamEngine streams() {
        return streams;
    }

    public Defragmenter defrag() {
        return defrag;
    }

    public FlowTable flows() {
        return flows;
    }
}
