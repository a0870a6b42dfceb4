package dev.sluice.signatures.policy;

import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.RuleOption;
import dev.sluice.signatures.RuleParser;

import java.util.ArrayList;
import java.util.List;

/**
 * What the policy files look at in a rule before it is parsed: its text, action word, gid, sid,
 * rev, metadata entries ({@code "key value"}) and flowbits use. Read from the text alone, without
 * variables or keywords, so a commented-out rule can be judged too. Immutable.
 */
final class RuleText {
    final String text;
    final String action;
    final int gid;
    final long sid;
    /** -1 when the rule has no rev. */
    final int rev;
    final String msg;
    final List<String> metadata;
    /** flowbits:noalert, xbits:noalert, hostbits:noalert or noalert. */
    final boolean noalert;
    /** flowbits:set, setx, toggle or unset. */
    final boolean setsFlowbits;

    private RuleText(String text, String action, int gid, long sid, int rev, String msg, List<String> metadata,
                     boolean noalert, boolean setsFlowbits) {
        this.text = text;
        this.action = action;
        this.gid = gid;
        this.sid = sid;
        this.rev = rev;
        this.msg = msg;
        this.metadata = metadata;
        this.noalert = noalert;
        this.setsFlowbits = setsFlowbits;
    }

    /** The rule's id as written in policy files and messages: {@code sid}, or {@code gid:sid} when gid is not 1. */
    String id() {
        return gid == 1 ? Long.toString(sid) : gid + ":" + sid;
    }

    /**
     * Reads an (uncommented) rule; null when the text is not shaped like a rule (no action word, no
     * option section, options that do not split, or no sid).
     */
    static RuleText of(String text) {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open <= 0 || close < open) {
            return null;
        }
        String action = firstWord(text);
        if (action.isEmpty()) {
            return null;
        }
        List<RuleOption> opts;
        try {
            opts = RuleParser.splitOptions(text.substring(open + 1, close));
        } catch (RuleException e) {
            return null;
        }
        int gid = 1;
        long sid = -1;
        int rev = -1;
        String msg = "";
        List<String> metadata = new ArrayList<>();
        boolean noalert = false;
        boolean sets = false;
        for (RuleOption o : opts) {
            String name = o.name().toLowerCase(java.util.Locale.ROOT);
            String v = o.value() == null ? "" : o.value().trim();
            try {
                switch (name) {
                    case "sid" -> sid = Long.parseLong(v);
                    case "gid" -> gid = Integer.parseInt(v);
                    case "rev" -> rev = Integer.parseInt(v);
                    case "msg" -> msg = unquote(v);
                    case "metadata" -> {
                        for (String e : v.split(",")) {
                            if (!e.isBlank()) {
                                metadata.add(e.trim());
                            }
                        }
                    }
                    case "noalert" -> noalert = true;
                    case "flowbits", "xbits", "hostbits" -> {
                        String cmd = v.split(",", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
                        if (cmd.equals("noalert")) {
                            noalert = true;
                        } else if (name.equals("flowbits") && (cmd.equals("set") || cmd.equals("setx")
                                || cmd.equals("toggle") || cmd.equals("unset"))) {
                            sets = true;
                        }
                    }
                    default -> { }
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (sid < 0) {
            return null;
        }
        return new RuleText(text, action, gid, sid, rev, msg, List.copyOf(metadata), noalert, sets);
    }

    /** The text with its first word (the action) replaced. */
    String withAction(String word) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        int j = i;
        while (j < text.length() && isWordChar(text.charAt(j))) {
            j++;
        }
        return text.substring(0, i) + word + text.substring(j);
    }

    private static String firstWord(String t) {
        int i = 0;
        while (i < t.length() && Character.isWhitespace(t.charAt(i))) {
            i++;
        }
        int j = i;
        while (j < t.length() && isWordChar(t.charAt(j))) {
            j++;
        }
        return t.substring(i, j);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
            v = v.substring(1, v.length() - 1);
        }
        return v.replace("\\\"", "\"").replace("\\;", ";").replace("\\\\", "\\");
    }
}
