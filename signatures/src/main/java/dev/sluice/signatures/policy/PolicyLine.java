package dev.sluice.signatures.policy;

/**
 * One meaningful line of a policy file: where it is, its text (comments removed) and what it
 * selects. Immutable.
 */
public final class PolicyLine {
    private final String file;
    private final int line;
    private final String text;
    final RuleMatcher matcher;
    /** The modification, for modify.conf lines; null in the other files. */
    final ModifyFilter filter;

    PolicyLine(String file, int line, String text, RuleMatcher matcher, ModifyFilter filter) {
        this.file = file;
        this.line = line;
        this.text = text;
        this.matcher = matcher;
        this.filter = filter;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** The line as written, without its trailing comment. */
    public String text() {
        return text;
    }

    /** True when the line is a sid list naming only this gid:sid, so removing the line un-selects just that rule. */
    public boolean namesOnly(int gid, long sid) {
        return matcher instanceof RuleMatcher.Ids ids && ids.onlyNames(gid, sid);
    }

    /** True when the line is a sid list that names this gid:sid among others. */
    public boolean names(int gid, long sid) {
        if (!(matcher instanceof RuleMatcher.Ids ids)) {
            return false;
        }
        for (long[] e : ids.entries()) {
            if (e[0] == gid && e[1] == sid) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + text;
    }
}
