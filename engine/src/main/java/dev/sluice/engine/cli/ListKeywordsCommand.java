package dev.sluice.engine.cli;

import dev.sluice.signatures.keyword.Keyword;
import dev.sluice.signatures.keyword.KeywordTable;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code sluice list-keywords}: the keyword table, one line per keyword. */
@Command(name = "list-keywords", mixinStandardHelpOptions = true,
        description = "List the rule keywords Sluice knows.")
final class ListKeywordsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        List<Keyword> all = new ArrayList<>(KeywordTable.standard().all());
        all.sort(Comparator.comparing(Keyword::name));
        for (Keyword k : all) {
            System.out.printf("%-28s %s%n", k.name(), k.summary());
        }
        System.out.println(all.size() + " keywords");
        return 0;
    }
}
