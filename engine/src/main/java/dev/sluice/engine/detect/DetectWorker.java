package dev.sluice.engine.detect;

import dev.sluice.engine.applayer.AppLayer;
import dev.sluice.engine.applayer.AppTx;
import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.host.HostBitStore;
import dev.sluice.engine.stream.StreamDirection;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.Action;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.header.AddressMatcher;
import dev.sluice.signatures.header.RuleHeader;
import dev.sluice.signatures.match.DetectContext;
import dev.sluice.signatures.match.FlowState;
import dev.sluice.signatures.match.RuleEval;
import dev.sluice.signatures.mpm.Scanner;

import java.util.List;

/**
 * Evaluates the rules of a {@link DetectEngine} on one packet at a time. Owned by one worker
 * thread: its prefilter scanners, candidate set and result arrays are reused for every packet, so
 * evaluation allocates nothing.
 */
public final class DetectWorker implements AutoCloseable {
    /** Suricata's default cap on alerts kept per packet. */
    public static final int MAX_ALERTS = 15;

    private final DetectEngine engine;
    private final Rule[] rules;
    /** Per prefilter id: the scanners of its whole-buffer and its prefix matcher (null when absent). */
    private final Scanner[] anywhere;
    private final Scanner[] prefix;
    /** HOME_NET of the packet classes, or null. */
    private final AddressMatcher home;
    private final DetectContext ctx = new DetectContext();
    private final long[] candidates;
    private final int[] touchedWords;
    private int touchedCount;

    /** Already-inspected stream bytes re-read before new data, so a match spanning the boundary is found. */
    public static final int STREAM_LOOKBACK = 2048;
    /** How often a stream match that ended in already-alerted data is searched for again further on. */
    private static final int STREAM_RETRIES = 4;

    // The stream window of the current packet, when it has one.
    private StreamDirection streamDir;
    private boolean streamWindow;
    private long windowStart;
    private long windowEnd;
    private long packetOffset;
    private StreamMatches seen;
    private boolean toServer;
    /** Matches that came from the stream window rather than the packet, for stats. */
    public long streamMatches;

    private final int[] matched = new int[MAX_ALERTS];
    /** The transaction each alert matched on, null for a packet match. */
    private final AppTx[] matchedTx = new AppTx[MAX_ALERTS];
    private int matchedCount;

    // ---- application layer ----
    /** The worker's application layer, whose updated transactions are inspected; null for none. */
    private AppLayer app;
    /** Per application buffer ordinal: the prefilter scanner, null when the buffer has none. */
    private final Scanner[] txScanners;
    /** The transaction being inspected, null while inspecting the packet. */
    private AppTx currentTx;
    /** Transactions inspected, for stats. */
    public long txInspected;
    private boolean pass;
    private int blockingRule = -1;

    /** Prefilter scans Hyperscan failed and the Java automaton did, by the detectors this one replaced. */
    private final long mpmFallbackBase;

    /** Prefilter and evaluation counters, for stats. */
    public long packetsInspected;
    public long rulesEvaluated;
    public long prefilterHits;

    DetectWorker(DetectEngine engine, DetectWorker previous) {
        this.engine = engine;
        this.rules = engine.rules();
        // this worker's xbits / hostbits, kept across rule reloads
        ctx.useHostBits(previous != null ? previous.ctx.hostBits() : new HostBitStore(HostBitStore.DEFAULT_MAX_ENTRIES));
        // the worker's count goes on across rule reloads
        ctx.pcreLimitHits = previous != null ? previous.ctx.pcreLimitHits : 0;
        this.mpmFallbackBase = previous != null ? previous.mpmFallbackScans() : 0;
        List<Prefilter> pfs = engine.prefilters();
        this.anywhere = new Scanner[pfs.size()];
        this.prefix = new Scanner[pfs.size()];
        for (Prefilter pf : pfs) {
            anywhere[pf.id] = pf.anywhere == null ? null : pf.anywhere.newScanner();
            prefix[pf.id] = pf.prefix == null ? null : pf.prefix.newScanner();
        }
        this.home = engine.home();
        TxRules tx = engine.txRules();
        this.txScanners = new Scanner[tx.mpm.length];
        for (int b = 0; b < txScanners.length; b++) {
            txScanners[b] = tx.mpm[b] == null ? null : tx.mpm[b].newScanner();
        }
        int words = (rules.length >>> 6) + 1;
        this.candidates = new long[words];
        this.touchedWords = new int[words];
    }

    public DetectEngine engine() {
        return engine;
    }

    /** Pcre searches the match limit stopped (taken as no match), since the worker's first detector: {@code detect.pcre_limit}. */
    public long pcreLimitHits() {
        return ctx.pcreLimitHits;
    }

    /** Every scanner this worker owns: packet prefilters (whole buffer, prefix) and transaction buffers. */
    private Scanner[][] scannerSets() {
        return new Scanner[][] {anywhere, prefix, txScanners};
    }

    /**
     * Prefilter scans that Hyperscan failed (HS_UNKNOWN_ERROR) and the Java automaton repeated, since
     * the worker's first detector: {@code detect.mpm_fallback}. Read from other threads for stats.
     */
    public long mpmFallbackScans() {
        long n = mpmFallbackBase;
        for (Scanner[] set : scannerSets()) {
            for (Scanner s : set) {
                if (s != null) {
                    n += s.fallbackScans();
                }
            }
        }
        return n;
    }

    /**
     * Inspects, after each packet's own rules, the transactions {@code a} reports the packet
     * created or updated ({@link AppLayer#onPacket} runs first). Call before the first packet.
     */
    public void useAppLayer(AppLayer a) {
        this.app = a;
    }

    /** Packet-only inspection (no stream): UDP, ICMP, other protocols, or TCP without a session. */
    public void inspect(Packet p, FlowState flow) {
        inspect(p, flow, null, -1, null);
    }

    /**
     * Runs every rule that may apply to the packet. Afterwards {@link #matchedCount()} rules matched
     * (in evaluation order, those that alert), {@link #blockingRule()} names the first matching
     * drop/reject rule and {@link #passed()} tells whether a pass rule matched.
     *
     * <p>With a stream direction, rules with a payload are tried first on the stream window (the
     * data of this direction that became inspectable since the last inspection, plus a lookback),
     * then on the packet's own payload, as Suricata does; a match counts once per stream position.
     *
     * @param flow         the packet's flow, or null
     * @param dir          the TCP stream direction the packet's data belongs to, or null
     * @param packetOffset stream offset of the packet's payload, -1 when it is not part of the stream
     * @param seen         the flow's stream match memory, or null
     */
    public void inspect(Packet p, FlowState flow, StreamDirection dir, long packetOffset, StreamMatches seen) {
        matchedCount = 0;
        pass = false;
        blockingRule = -1;
        streamWindow = false;
        if (p.ipVersion == 0) {
            return;
        }
        packetsInspected++;
        ctx.reset(p, flow);
        this.streamDir = dir;
        this.packetOffset = packetOffset;
        this.seen = seen;
        this.toServer = flow != null && flow.toServer();
        int g = DetectEngine.groupOf(p.ipProto);
        RuleGroup group = engine.group(g);

        touchedCount = 0;
        for (int idx : group.always) {
            mark(idx);
        }
        if (flow == null || !flow.ipOnlyInspected()) {
            for (int idx : group.ipOnly) {
                mark(idx);
            }
            if (flow != null) {
                flow.markIpOnlyInspected();
            }
        }
        // without a flow, toServer is false: use the to-server class (see RuleGroup#byClass)
        Prefilter pf = group.byClass[classOf(p, flow == null || toServer)];
        Scanner whole = anywhere[pf.id];
        Scanner start = prefix[pf.id];
        if (dir != null && seen != null) {
            long end = dir.inspectableEnd();
            long done = dir.inspectedEnd();
            if (end > done) {
                long from = Math.max(dir.readableStart(), done - STREAM_LOOKBACK);
                // Bytes before a skipped gap are not adjacent to those after it.
                if (dir.gapEnd() > from && dir.gapEnd() < end) {
                    from = dir.gapEnd();
                }
                streamWindow = true;
                windowStart = from;
                windowEnd = end;
                int len = (int) (end - from);
                if (whole != null) {
                    markHits(whole, pf.anywhereRules, dir.buffer(), dir.indexOf(from), len);
                }
                if (start != null) {
                    // rules are tried on the window from its start: a bound pattern lies in its first bytes
                    markHits(start, pf.prefixRules, dir.buffer(), dir.indexOf(from), Math.min(len, pf.prefixLength));
                }
            }
        }
        // The packet's own bytes need their own prefilter scan unless the stream window just scanned
        // holds all of them (inline, in order): then every pattern in the packet was already seen.
        // A segment whose bytes lost to the stream's earlier copy is inside the window but not held by it.
        // Bound patterns count from the packet's start, so the packet's first bytes are always scanned for them.
        boolean packetInWindow = streamWindow && packetOffset >= windowStart
                && packetOffset + p.payloadLength <= windowEnd
                && java.util.Arrays.equals(p.frame.data, p.payloadOffset, p.payloadOffset + p.payloadLength,
                        dir.buffer(), dir.indexOf(packetOffset), dir.indexOf(packetOffset) + p.payloadLength);
        if (whole != null && p.payloadLength > 0 && !packetInWindow) {
            markHits(whole, pf.anywhereRules, p.frame.data, p.payloadOffset, p.payloadLength);
        }
        if (start != null && p.payloadLength > 0) {
            markHits(start, pf.prefixRules, p.frame.data, p.payloadOffset, Math.min(p.payloadLength, pf.prefixLength));
        }
        currentTx = null;
        evaluateCandidates(p);
        if (streamWindow) {
            dir.setInspectedEnd(windowEnd);
        }
        if (app != null && !pass && app.updatedCount() > 0 && flow != null) {
            inspectTransactions(p, engine.txRules());
        }
    }

    /**
     * Runs the transaction rules on each transaction the packet created or updated: those of its
     * protocol without a prefilter pattern, and those whose pattern the buffer prefilters found.
     * A transaction rule's packet-payload program sees the packet's own payload.
     */
    private void inspectTransactions(Packet p, TxRules tx) {
        streamWindow = false;
        int n = app.updatedCount();
        for (int t = 0; t < n && !pass; t++) {
            AppTx x = app.updated(t);
            txInspected++;
            int proto = x.proto().ordinal();
            touchedCount = 0;
            int[] always = tx.always[proto];
            if (always != null) {
                for (int idx : always) {
                    mark(idx);
                }
            }
            ctx.tx = x;
            Buffer[] buffers = tx.prefiltered[proto];
            if (buffers != null) {
                for (Buffer b : buffers) {
                    Scanner sc = txScanners[b.ordinal()];
                    for (int i = 0; x.buffer(b, i, ctx); i++) {
                        if (ctx.appLen > 0) {
                            markHits(sc, tx.rulesByPattern[b.ordinal()], ctx.appBuf, ctx.appOff, ctx.appLen);
                        }
                    }
                }
            }
            currentTx = x;
            evaluateCandidates(p);
        }
        currentTx = null;
        ctx.tx = null;
    }

    /** The packet's class in its group: direction, and which of its addresses are in HOME_NET. */
    private int classOf(Packet p, boolean toServer) {
        if (home == null) {
            return RuleGroup.classOf(toServer, false, false);
        }
        byte[] d = p.frame.data;
        return RuleGroup.classOf(toServer, home.matches(d, p.srcAddrOffset, p.ipVersion),
                home.matches(d, p.dstAddrOffset, p.ipVersion));
    }

    private void markHits(Scanner scanner, int[][] rulesByPattern, byte[] buf, int off, int len) {
        int n = scanner.scan(buf, off, len);
        int[] hits = scanner.hits();
        prefilterHits += n;
        for (int i = 0; i < n; i++) {
            for (int idx : rulesByPattern[hits[i]]) {
                mark(idx);
            }
        }
    }

    private void mark(int idx) {
        int w = idx >>> 6;
        if (candidates[w] == 0) {
            touchedWords[touchedCount++] = w;
        }
        candidates[w] |= 1L << idx;
    }

    private void evaluateCandidates(Packet p) {
        // Words are visited in ascending order so rules run in evaluation order.
        java.util.Arrays.sort(touchedWords, 0, touchedCount);
        boolean stop = false;
        for (int t = 0; t < touchedCount; t++) {
            int w = touchedWords[t];
            long bits = candidates[w];
            candidates[w] = 0;
            while (bits != 0 && !stop) {
                int idx = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (evaluate(idx, p)) {
                    stop = onMatch(idx);
                }
            }
            if (stop) {
                // Clear the remaining candidate words without evaluating them.
                for (int u = t + 1; u < touchedCount; u++) {
                    candidates[touchedWords[u]] = 0;
                }
                break;
            }
        }
    }

    /** Records a full match; returns true when evaluation of this packet should stop (pass). */
    private boolean onMatch(int idx) {
        Rule r = rules[idx];
        RuleEval.afterMatch(r, ctx);
        if (currentTx != null) {
            currentTx.recordMatch(idx); // an HTTP transaction is updated several times: it matches once
        }
        if (r.action == Action.PASS) {
            pass = true;
            return true;
        }
        if (r.action.blocks() && blockingRule < 0) {
            blockingRule = idx;
        }
        if (!r.noalert && matchedCount < MAX_ALERTS) {
            matchedTx[matchedCount] = currentTx;
            matched[matchedCount++] = idx;
        }
        return false;
    }

    private boolean evaluate(int idx, Packet p) {
        Rule r = rules[idx];
        rulesEvaluated++;
        if (currentTx != null && currentTx.alreadyMatched(idx)) {
            return false;
        }
        if (!headerMatches(r.header, p)) {
            return false;
        }
        String appWord = r.header.protocol().app;
        if (appWord != null && (ctx.flow == null || !appWord.equals(ctx.flow.appProto()))) {
            return false; // dns, http, ...: only on flows detected as that protocol
        }
        if (!RuleEval.conditionsMatch(r, ctx)) {
            return false;
        }
        if (!r.programs.containsKey(Buffer.PAYLOAD)) {
            ctx.usePacket();
            return RuleEval.payloadMatches(r, ctx);
        }
        if (streamWindow && !r.requirePacket && streamMatch(idx, r)) {
            streamMatches++;
            return true;
        }
        if (r.requireStream) {
            return false;
        }
        ctx.usePacket();
        if (!RuleEval.payloadMatches(r, ctx)) {
            return false;
        }
        if (seen != null && packetOffset >= 0) {
            long end = packetOffset + ctx.matchEnd();
            if (end <= seen.end(idx, toServer)) {
                return false; // the stream already alerted on these bytes
            }
            seen.record(idx, toServer, end);
        }
        return true;
    }

    /** Tries the rule on the stream window; a match must end past where this rule last matched. */
    private boolean streamMatch(int idx, Rule r) {
        long last = seen.end(idx, toServer);
        long start = windowStart;
        for (int attempt = 0; attempt < STREAM_RETRIES && start < windowEnd; attempt++) {
            ctx.useStream(streamDir.buffer(), streamDir.indexOf(start), (int) (windowEnd - start));
            if (!RuleEval.payloadMatches(r, ctx)) {
                return false;
            }
            long end = start + ctx.matchEnd();
            if (end > last) {
                seen.record(idx, toServer, end);
                return true;
            }
            // An old match came first: look again after it.
            start = end > start ? end : start + 1;
        }
        return false;
    }

    static boolean headerMatches(RuleHeader h, Packet p) {
        if (!h.protocol().acceptsIpProto(p.ipProto)) {
            return false;
        }
        if (oneWay(h, p, p.srcAddrOffset, p.srcPort, p.dstAddrOffset, p.dstPort)) {
            return true;
        }
        return h.bidirectional() && oneWay(h, p, p.dstAddrOffset, p.dstPort, p.srcAddrOffset, p.srcPort);
    }

    private static boolean oneWay(RuleHeader h, Packet p, int srcOff, int srcPort, int dstOff, int dstPort) {
        byte[] d = p.frame.data;
        int v = p.ipVersion;
        boolean ports = p.ipProto == 6 || p.ipProto == 17 || p.ipProto == 132;
        return h.src().matches(d, srcOff, v)
                && h.dst().matches(d, dstOff, v)
                && (!ports || (h.srcPorts().matches(srcPort) && h.dstPorts().matches(dstPort)));
    }

    public int matchedCount() {
        return matchedCount;
    }

    /** The rule of the {@code i}-th alert of the last packet. */
    public Rule matched(int i) {
        return rules[matched[i]];
    }

    /** The transaction the {@code i}-th alert of the last packet matched on, or null for a packet match. */
    public AppTx matchedTx(int i) {
        return matchedTx[i];
    }

    /** The first matching drop/reject rule of the last packet, or null. */
    public Rule blockingRule() {
        return blockingRule < 0 ? null : rules[blockingRule];
    }

    public boolean passed() {
        return pass;
    }

    @Override
    public void close() {
        for (Scanner[] set : scannerSets()) {
            for (Scanner s : set) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (Exception ignored) {
                        // Native scratch release failing leaves nothing to recover.
                    }
                }
            }
        }
    }
}
