package dev.sluice.engine.review;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sluice report eve.json... -o report.html}: one self-contained HTML page with the timeline
 * by action, the top signatures, sources and destination ports, and a sortable, filterable table of
 * the records (the latest {@code --max-rows} of them).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write one self-contained HTML page (nothing fetched from the network) from eve.json or fast.log "
                + "files, plain or gzip: records over time by action, top signatures, sources and destination ports, "
                + "and a table that sorts by column and filters by text. Takes the same filters as 'sluice review'.")
public final class ReportCommand implements Callable<Integer> {
    /** Default cap on the table's rows; the charts always count every record. */
    public static final int DEFAULT_MAX_ROWS = 5000;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "eve.json or fast.log, plain or gzip.")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "HTML", description = "The page to write.")
    Path output;

    @Mixin
    FilterOptions filters = new FilterOptions();

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Bars per top chart (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "" + DEFAULT_MAX_ROWS,
            description = "Rows in the table, the latest ones (default: ${DEFAULT-VALUE}).")
    int maxRows;

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
        if (top < 1 || maxRows < 0) {
            err.println("sluice: --top needs 1 or more and --max-rows 0 or more");
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
        ReportData data = new ReportData(maxRows);
        boolean complete = LogFiles.readAll(reader, files, r -> {
            if (filter.test(r)) {
                data.accept(r);
            }
        }, err);
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            names.add(f.toString());
        }
        String summary = ReviewCommand.summary(reader.records(), data.tally, filter, 0);
        String page = HtmlReport.render(data, summary, names, reader.notUnderstoodSummary(), top);
        try {
            write(output, page);
        } catch (IOException e) {
            err.println("sluice: " + output + ": cannot write the report (" + e.getMessage() + ")");
            return 2;
        }
        out.println(output + ": " + summary.strip());
        String bad = reader.notUnderstoodSummary();
        if (bad != null) {
            err.println("sluice: " + bad);
        }
        out.flush();
        err.flush();
        return complete ? 0 : 1;
    }

    /** Writes beside the target and renames, so a reader never sees half a page. */
    private static void write(Path target, String page) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, ".sluice-report-", ".tmp");
        try {
            Files.writeString(tmp, page, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
