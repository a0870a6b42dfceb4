package dev.sluice.engine.output;

import dev.sluice.engine.pipeline.Stats;
import dev.sluice.engine.pipeline.Worker;

import java.util.Collection;

/**
 * Engine totals at one moment, logged as an eve.json {@code "event_type":"stats"} record (see
 * {@link EveFormatter#formatStats}). Immutable; built from the workers' counters by whoever runs the
 * stats timer and handed to {@link OutputWriter#offerStats}. A counter the engine does not have is
 * -1 and left out of the record (kernel counters when not reading a kernel queue, the IPS object in
 * IDS mode).
 *
 * @param tsSeconds      time of the snapshot, seconds since the epoch
 * @param tsMicros       sub-second part, 0..999999
 * @param uptime         seconds since the engine started
 * @param kernelPackets  packets the kernel queued to us, or -1
 * @param kernelDrops    packets the kernel dropped because its queue was full, or -1
 * @param inline         true when the engine gives verdicts (the {@code ips} object is written)
 * @param blocked        packets given a drop verdict
 * @param flowsEvicted   flows pushed out before their timeout because the flow table was full
 * @param tcpSessionCapHits flows that got no TCP session because the session cap was reached
 * @param tcpMemcapHits  times stream memory was refused because of the memcap
 * @param defragEvicted  reassembly trackers dropped to stay within the tracker count
 * @param counters       further counters by dotted Suricata-style name ({@code flow.memcap},
 *                       {@code exception_policy.tcp.reassembly.drop_flow}); written into their group
 * @param bypassedPkts   packets accepted without inspection because their flow was bypassed
 *                       ({@code stream.bypass}), or -1 when bypass is off
 * @param bypassedBytes  their bytes, or -1
 * @param captureBypass  true when bypassed flows' packets are given back with the capture bypass mark
 *                       (counted as Suricata's {@code local_capture_*}, else {@code local_*})
 */
public record StatsSnapshot(long tsSeconds, int tsMicros, long uptime,
                            long kernelPackets, long kernelDrops,
                            long packets, long bytes, long alerts, boolean inline, long accepted, long blocked,
                            long flowsCreated, long flowsActive, long flowsTimedOut, long flowsEvicted,
                            long tcpSessions, long tcpActiveSessions, long tcpSessionCapHits, long tcpMemcapHits,
                            long defragTimedOut, long defragEvicted, java.util.Map<String, Long> counters,
                            long bypassedPkts, long bypassedBytes, boolean captureBypass) {

    public StatsSnapshot {
        if (tsMicros < 0 || tsMicros > 999_999) {
            throw new IllegalArgumentException("microseconds out of range: " + tsMicros);
        }
        counters = counters == null ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(counters));
    }

    /**
     * Totals from summed worker counters, stamped with the wall clock now; flow, stream and defrag
     * counters unknown (-1) until {@link #withTables} fills them.
     *
     * @param kernelPackets -1 when not reading a kernel queue
     * @param kernelDrops   -1 when not reading a kernel queue
     * @param inline        true when the engine gives verdicts
     */
    public static StatsSnapshot of(long uptimeSecs, Stats total, long kernelPackets, long kernelDrops, boolean inline) {
        long nowMicros = currentMicros();
        return new StatsSnapshot(nowMicros / 1_000_000, (int) (nowMicros % 1_000_000), uptimeSecs,
                kernelPackets, kernelDrops,
                total.packets, total.bytes, total.alerts, inline, total.accepted, total.dropped,
                -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, null, -1, -1, false);
    }

    /**
     * Everything the workers count, summed: packets, alerts and verdicts, and their flow tables,
     * stream engines and defragmenters. The counters are written by the worker threads; a slightly
     * stale read is fine for a stats record.
     */
    public static StatsSnapshot ofWorkers(long uptimeSecs, Collection<Worker> workers, long kernelPackets,
                                          long kernelDrops, boolean inline) {
        Stats total = new Stats();
        boolean bypass = false;
        boolean capture = false;
        long created = 0, active = 0, timedOut = 0, evicted = 0;
        long sessions = 0, activeSessions = 0, capHits = 0, memcap = 0, defragTimedOut = 0, defragEvicted = 0;
        java.util.Map<String, Long> counters = new java.util.TreeMap<>();
        for (Worker w : workers) {
            w.counters(counters);
            total.add(w.stats);
            created += w.flows().created();
            active += w.flows().active();
            timedOut += w.flows().expired();
            evicted += w.flows().evicted();
            sessions += w.streams().sessionsCreated();
            activeSessions += w.streams().sessionsActive();
            capHits += w.streams().sessionCapHits();
            memcap += w.streams().memcapHits();
            defragTimedOut += w.defrag().expired();
            defragEvicted += w.defrag().trackerCapHits();
            bypass |= w.streams().config().bypass();
            capture |= w.bypassMark().enabled();
        }
        StatsSnapshot s = of(uptimeSecs, total, kernelPackets, kernelDrops, inline)
                .withTables(created, active, timedOut, evicted, sessions, activeSessions, capHits, memcap,
                        defragTimedOut, defragEvicted).withCounters(counters);
        return bypass ? s.withBypass(total.bypassed, total.bypassedBytes, capture) : s;
    }

    /** This snapshot with flow table, TCP and defragmentation totals. */
    public StatsSnapshot withTables(long flowsCreated, long flowsActive, long flowsTimedOut, long flowsEvicted,
                                    long tcpSessions, long tcpActiveSessions, long tcpSessionCapHits,
                                    long tcpMemcapHits, long defragTimedOut, long defragEvicted) {
        return new StatsSnapshot(tsSeconds, tsMicros, uptime, kernelPackets, kernelDrops, packets, bytes, alerts,
                inline, accepted, blocked, flowsCreated, flowsActive, flowsTimedOut, flowsEvicted, tcpSessions,
                tcpActiveSessions, tcpSessionCapHits, tcpMemcapHits, defragTimedOut, defragEvicted, counters,
                bypassedPkts, bypassedBytes, captureBypass);
    }

    /** This snapshot with further named counters (see {@link #counters}). */
    public StatsSnapshot withCounters(java.util.Map<String, Long> more) {
        return new StatsSnapshot(tsSeconds, tsMicros, uptime, kernelPackets, kernelDrops, packets, bytes, alerts,
                inline, accepted, blocked, flowsCreated, flowsActive, flowsTimedOut, flowsEvicted, tcpSessions,
                tcpActiveSessions, tcpSessionCapHits, tcpMemcapHits, defragTimedOut, defragEvicted, more,
                bypassedPkts, bypassedBytes, captureBypass);
    }

    /**
     * The workers' limit and exception counters ({@link Worker#counters}), summed, as
     * {@link #nonZero} gives them: for an end-of-run stats line; empty when all are zero.
     */
    public static String nonZeroCounters(Collection<Worker> workers) {
        java.util.Map<String, Long> counters = new java.util.TreeMap<>();
        for (Worker w : workers) {
            w.counters(counters);
        }
        return nonZero(counters);
    }

    /**
     * The non-zero event {@link #counters} as {@code name=value} pairs joined by spaces, for an
     * end-of-run stats line (memory gauges, {@code *memuse}, left out); empty when all are zero.
     */
    public static String nonZero(java.util.Map<String, Long> counters) {
        StringBuilder b = new StringBuilder();
        for (java.util.Map.Entry<String, Long> e : new java.util.TreeMap<>(counters).entrySet()) {
            if (e.getValue() != 0 && !e.getKey().endsWith("memuse")) {
                b.append(b.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return b.toString();
    }

    /** This snapshot with the packets and bytes of bypassed flows accepted uninspected ({@code stream.bypass} on). */
    public StatsSnapshot withBypass(long pkts, long bytes, boolean capture) {
        return new StatsSnapshot(tsSeconds, tsMicros, uptime, kernelPackets, kernelDrops, packets, this.bytes, alerts,
                inline, accepted, blocked, flowsCreated, flowsActive, flowsTimedOut, flowsEvicted, tcpSessions,
                tcpActiveSessions, tcpSessionCapHits, tcpMemcapHits, defragTimedOut, defragEvicted, counters, pkts, bytes, capture);
    }

    /** This snapshot stamped with another time (e.g. the capture's clock when reading a file). */
    public StatsSnapshot at(long seconds, int micros) {
        return new StatsSnapshot(seconds, micros, uptime, kernelPackets, kernelDrops, packets, bytes, alerts,
                inline, accepted, blocked, flowsCreated, flowsActive, flowsTimedOut, flowsEvicted, tcpSessions,
                tcpActiveSessions, tcpSessionCapHits, tcpMemcapHits, defragTimedOut, defragEvicted, counters,
                bypassedPkts, bypassedBytes, captureBypass);
    }

    private static long currentMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
