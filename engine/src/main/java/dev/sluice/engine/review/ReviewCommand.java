package dev.sluice.engine.review;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sluice review FILE...}: what is in fast.log or eve.json files (plain or gzip): how many
 * records match the filters and the top signatures, sources, destinations and destination ports,
 * or with {@code --list} the matching lines themselves.
 */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = "Summarise fast.log or eve.json files (plain or gzip, told apart by their content): "
                + "a count and the top signatures, sources, destinations and destination ports of the records "
                + "that match the filters, or with --list the matching lines. Times are UTC.")
public final class ReviewCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "fast.log or eve.json, plain or gzip.")
    List<Path> files = new ArrayList<>();

    @Mixin
    FilterOptions filters = new FilterOptions();

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Rows per table (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--list", description = "Print the matching lines themselves instead of the tables.")
    boolean list;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RecordFilter filter;
        try {
            filter = filters.toFilter();
        } catch (IllegalArgumentException e) {
            err.println("sluice: " + e.getMessage());
            return 2;
        }
        if (top < 0) {
            err.println("sluice: --top: needs a count of 0 or more, not " + top);
            return 2;
        }
        for (Path f : files) {
            String why = LogFiles.unreadable(f);
            if (why != null) {
                err.println("sluice: " + why);
                return 2;
            }
        }
        LogReader reader = new LogReader();
        Tally tally = new Tally();
        boolean complete = LogFiles.readAll(reader, files, r -> {
            if (filter.test(r)) {
                tally.add(r);
                if (list) {
                    out.println(r.text());
                }
            }
        }, err);
        if (!list) {
            out.print(summary(reader.records(), tally, filter, top));
        }
        out.flush();
        String bad = reader.notUnderstoodSummary();
        if (bad != null) {
            err.println("sluice: " + bad);
        }
        err.flush();
        return complete ? 0 : 1;
    }

    /** The count line and, unless {@code top} is 0, the top tables; {@code read}: records read before filtering. */
    static String summary(long read, Tally t, RecordFilter filter, int top) {
        StringBuilder sb = new StringBuilder();
        sb.append(t.total());
        if (!filter.keepsAll()) {
            sb.append(" of ").append(read);
        }
        sb.append(t.total() == 1 && filter.keepsAll() ? " record" : " records");
        if (!filter.keepsAll()) {
            sb.append(" match");
        }
        sb.append(" (").append(t.alerts()).append(t.alerts() == 1 ? " alert, " : " alerts, ")
                .append(t.drops()).append(t.drops() == 1 ? " drop; " : " drops; ")
                .append(t.blocked()).append(" blocked, ").append(t.allowed()).append(" allowed)");
        if (t.total() > 0) {
            sb.append(", ").append(LogTimes.show(t.first())).append(" to ").append(LogTimes.show(t.last())).append(" UTC");
        }
        sb.append('\n');
        if (t.total() == 0 || top == 0) {
            return sb.toString();
        }
        TextTable sigs = new TextTable(new String[] {"count", "sid", "signature"}, new boolean[] {true, true, false});
        for (Tally.Entry e : t.topSignatures(top)) {
            sigs.row(Long.toString(e.count()), e.key(), e.label());
        }
        section(sb, "signatures", top, sigs);
        section(sb, "sources", top, table("source", t.topSources(top)));
        section(sb, "destinations", top, table("destination", t.topDestinations(top)));
        section(sb, "destination ports", top, table("port", t.topDstPorts(top)));
        return sb.toString();
    }

    private static TextTable table(String what, List<Tally.Entry> entries) {
        TextTable tt = new TextTable(new String[] {"count", what}, new boolean[] {true, false});
        for (Tally.Entry e : entries) {
            tt.row(Long.toString(e.count()), e.key());
        }
        return tt;
    }

    private static void section(StringBuilder sb, String title, int top, TextTable table) {
        sb.append('\n').append("Top ").append(top).append(' ').append(title).append('\n').append(table.render());
    }
}
