package dev.sluice.engine.review;

import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The filter options {@code sluice review} and {@code sluice report} share (a picocli mixin). */
public final class FilterOptions {
    @Option(names = "--sid", paramLabel = "SID", description = "Only this signature id (repeatable).")
    List<Long> sids = new ArrayList<>();

    @Option(names = "--src", paramLabel = "ADDR[/BITS]", description = "Only records from this address or CIDR block (repeatable).")
    List<String> sources = new ArrayList<>();

    @Option(names = "--dst", paramLabel = "ADDR[/BITS]", description = "Only records to this address or CIDR block (repeatable).")
    List<String> dests = new ArrayList<>();

    @Option(names = "--action", paramLabel = "ACTION",
            description = "alert (alert records), drop (drop rules: eve drop records and blocked alerts, fast.log [Drop]/[wDrop]), "
                    + "blocked (eve \"blocked\", fast.log [Drop]) or allowed (repeatable: any of them).")
    List<String> actions = new ArrayList<>();

    @Option(names = "--from", paramLabel = "TIME", description = "Only records at or after TIME (2026-11-22T08:00:00Z, 2026-11-22 08:00 or 11/22/2026-08:00:00; UTC unless an offset is given).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Only records at or before TIME.")
    String to;

    @Option(names = "--since", paramLabel = "DURATION", description = "Only records of the last DURATION before now (30m, 1h, 2d, 1w).")
    String since;

    @Option(names = "--now", paramLabel = "TIME", description = "What --since counts back from (default: the clock).")
    String now;

    /**
     * The filter these options describe.
     *
     * @throws IllegalArgumentException with a one-line message naming the option at fault
     */
    public RecordFilter toFilter() {
        Set<Long> sidSet = new HashSet<>(sids);
        List<AddressRange> src = new ArrayList<>();
        for (String s : sources) {
            src.add(AddressRange.parse("--src", s));
        }
        List<AddressRange> dst = new ArrayList<>();
        for (String s : dests) {
            dst.add(AddressRange.parse("--dst", s));
        }
        Set<RecordFilter.Action> acts = new LinkedHashSet<>();
        for (String a : actions) {
            acts.add(RecordFilter.Action.parse(a));
        }
        long fromT = from == null ? Long.MIN_VALUE : LogTimes.parseArgument("--from", from);
        long toT = to == null ? Long.MAX_VALUE : LogTimes.parseArgument("--to", to);
        if (since != null) {
            long nowT;
            if (now != null) {
                nowT = LogTimes.parseArgument("--now", now);
            } else {
                Instant i = Instant.now();
                nowT = i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
            }
            fromT = Math.max(fromT, nowT - LogTimes.parseDuration("--since", since));
        } else if (now != null) {
            throw new IllegalArgumentException("--now only goes with --since");
        }
        return new RecordFilter(sidSet, src, dst, acts, fromT, toT);
    }
}
