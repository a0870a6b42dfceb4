package dev.sluice.signatures;

import dev.sluice.signatures.header.Protocol;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.policy.RulePolicy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads rule files: one rule per line, a trailing backslash continues a rule on the next line (the
 * rule's line is its first), {@code #} starts a comment, CRLF is accepted. A commented-out rule
 * ({@code # alert ... (...)}) is counted as disabled, unless the {@link #setPolicy policy} enables it;
 * a rule the policy disables is counted as disabled too. A rule whose gid:sid was already loaded by this
 * loader, in this or an earlier file, is refused. A bad rule never stops the load. Loading thread
 * only; one loader per load.
 */
public final class RuleLoader {
    private record SidKey(int gid, long sid) { }

    private final LoadContext ctx;
    private final RuleParser parser;
    /** Decides each rule (commented-out ones too) before it is parsed. */
    private RulePolicy policy = RulePolicy.NONE;
    /** gid:sid to "file:line" of the first rule with it. */
    private final Map<SidKey, String> seen = new HashMap<>();

    public RuleLoader(LoadContext ctx, KeywordTable table) {
        this.ctx = ctx;
        this.parser = new RuleParser(ctx, table);
    }

    /**
     * Applies enable.conf, disable.conf, drop.conf and modify.conf to every rule this loader reads
     * from now on; its counts and messages accumulate over the files.
     */
    public void setPolicy(RulePolicy policy) {
        this.policy = policy;
    }

    /** The parser this loader uses. */
    public RuleParser parser() {
        return parser;
    }

    /**
     * Loads a rule file; relative file names inside its rules resolve against its folder.
     *
     * @throws IOException only when the file cannot be read; bad rules are failures in the result
     */
    public LoadResult loadFile(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        Path previous = ctx.ruleDir;
        Path dir = file.toAbsolutePath().getParent();
        ctx.ruleDir = dir;
        try {
            return loadString(text, file.toString());
        } finally {
            ctx.ruleDir = previous;
        }
    }

    /** Loads rules from text; {@code fileName} is used for messages and the rules' origin. */
    public LoadResult loadString(String text, String fileName) {
        List<Rule> rules = new ArrayList<>();
        List<RuleFailure> failures = new ArrayList<>();
        int disabled = 0;
        String[] lines = text.split("\n", -1);
        StringBuilder joined = new StringBuilder();
        int i = 0;
        while (i < lines.length) {
            int first = i + 1;
            joined.setLength(0);
            String l = stripCr(lines[i]);
            while (true) {
                int end = trimmedEnd(l);
                if (end > 0 && l.charAt(end - 1) == '\\' && i + 1 < lines.length) {
                    joined.append(l, 0, end - 1);
                    l = stripCr(lines[++i]);
                } else {
                    joined.append(l);
                    break;
                }
            }
            i++;
            String t = joined.toString().trim();
            if (t.isEmpty()) {
                continue;
            }
            if (t.charAt(0) == '#') {
                if (!isDisabledRule(t)) {
                    continue;
                }
                t = policy.apply(t.substring(1).trim(), true, fileName, first);
                if (t == null) {
                    disabled++;
                    continue;
                }
            } else {
                t = policy.apply(t, false, fileName, first);
                if (t == null) {
                    disabled++;
                    continue;
                }
            }
            Rule r;
            try {
                r = parser.parse(t, fileName, first);
            } catch (RuleException e) {
                failures.add(new RuleFailure(fileName, first, e.getMessage()));
                continue;
            } catch (RuntimeException | StackOverflowError e) {
                failures.add(new RuleFailure(fileName, first, "internal error: " + e));
                continue;
            }
            SidKey key = new SidKey(r.gid, r.sid);
            String where = fileName + ":" + first;
            String firstAt = seen.putIfAbsent(key, where);
            if (firstAt != null) {
                String id = r.gid == 1 ? Long.toString(r.sid) : r.gid + ":" + r.sid;
                failures.add(new RuleFailure(fileName, first, "duplicate sid " + id + " (first at " + firstAt + ")"));
                continue;
            }
            rules.add(r);
        }
        return new LoadResult(rules, failures, disabled);
    }

    private static String stripCr(String l) {
        return !l.isEmpty() && l.charAt(l.length() - 1) == '\r' ? l.substring(0, l.length() - 1) : l;
    }

    private static int trimmedEnd(String l) {
        int end = l.length();
        while (end > 0 && Character.isWhitespace(l.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /**
     * {@code #}, optional spaces, an action word, a protocol word, and an option section ending the
     * line: a rule someone switched off, as opposed to a comment.
     */
    static boolean isDisabledRule(String t) {
        String[] words = t.substring(1).trim().split("\\s+", 3);
        return words.length == 3 && Action.of(words[0]) != null
                && Protocol.of(words[1]) != null
                && words[2].indexOf('(') >= 0 && t.endsWith(")");
    }
}
