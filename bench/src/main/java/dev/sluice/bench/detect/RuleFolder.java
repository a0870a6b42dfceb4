package dev.sluice.bench.detect;

import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.LoadResult;
import dev.sluice.signatures.RuleLoader;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.vars.SluiceConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every {@code *.rules} file of a folder (not its subfolders), loaded as {@code sluice pcap -S}
 * loads them: the bundled sluice.yaml's variables and classification, one load context, files in
 * name order. Read-only on the folder.
 */
public final class RuleFolder {
    /**
     * The rules of one load, the number of flowbit names they use, and the load's $HOME_NET (for
     * the engine's packet classes, as {@code sluice pcap} passes it).
     */
    public record Loaded(LoadResult result, int flowbitCount, int files,
                         dev.sluice.signatures.header.AddressMatcher homeNet) { }

    private RuleFolder() {
    }

    /** The folder's {@code *.rules} files in name order. */
    public static List<Path> ruleFiles(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".rules") && Files.isRegularFile(p))
                    .sorted().toList();
            if (files.isEmpty()) {
                throw new IOException(folder + ": no *.rules files");
            }
            return files;
        }
    }

    /** Parses every rule file of the list with a fresh load context. */
    public static Loaded load(List<Path> files) throws IOException {
        LoadContext ctx = SluiceConfig.defaults().newLoadContext();
        RuleLoader loader = new RuleLoader(ctx, KeywordTable.standard());
        LoadResult total = LoadResult.empty();
        for (Path f : files) {
            total = total.merge(loader.loadFile(f));
        }
        return new Loaded(total, ctx.flowbits.size(), files.size(), ctx.homeNet());
    }
}
