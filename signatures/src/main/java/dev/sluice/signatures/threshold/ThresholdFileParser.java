package dev.sluice.signatures.threshold;

import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.ThresholdSpec;
import dev.sluice.signatures.header.AddressMatcher;
import dev.sluice.signatures.header.HeaderParser;
import dev.sluice.signatures.threshold.ThresholdEntry.NewAction;
import dev.sluice.signatures.threshold.ThresholdEntry.SuppressTrack;
import dev.sluice.signatures.vars.ConfigException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads threshold.config text: one entry per line, a line ending in {@code \} continues on the
 * next, {@code #} starts a comment line, blank lines are skipped. An entry is its kind followed by
 * comma-separated {@code name value} fields in any order; {@code ip} takes the rest of the line
 * (its value may hold commas). The first bad entry stops the parse with {@code file:line: reason}.
 */
final class ThresholdFileParser {
    /** The largest gen_id / sig_id (Suricata reads them as unsigned 32-bit numbers). */
    static final long MAX_ID = 0xffff_ffffL;

    private static final Set<String> THRESHOLD_FIELDS = Set.of("gen_id", "sig_id", "type", "track", "count", "seconds");
    private static final Set<String> SUPPRESS_FIELDS = Set.of("gen_id", "sig_id", "track", "ip");
    private static final Set<String> RATE_FIELDS = Set.of("gen_id", "sig_id", "track", "count", "seconds",
            "new_action", "timeout");

    private final HeaderParser addresses;

    ThresholdFileParser(HeaderParser addresses) {
        this.addresses = addresses;
    }

    List<ThresholdEntry> parse(String text, String fileName) throws ConfigException {
        String[] lines = text.split("\r?\n|\r", -1);
        List<ThresholdEntry> out = new ArrayList<>();
        StringBuilder entry = new StringBuilder();
        int start = -1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (start < 0) {
                String t = line.trim();
                if (t.isEmpty() || t.charAt(0) == '#') {
                    continue;
                }
                start = i + 1;
            }
            String right = line.stripTrailing();
            if (right.endsWith("\\")) {
                entry.append(right, 0, right.length() - 1).append(' ');
                continue;
            }
            entry.append(line);
            try {
                out.add(parseEntry(entry.toString(), start));
            } catch (RuleException e) {
                throw new ConfigException(fileName + ":" + start + ": " + e.getMessage());
            }
            entry.setLength(0);
            start = -1;
        }
        if (start >= 0) {
            throw new ConfigException(fileName + ":" + start + ": the entry ends with '\\' but the file ends there");
        }
        return out;
    }

    /** Parses one whole entry (continuations joined); {@code line} is where it starts. */
    ThresholdEntry parseEntry(String text, int line) throws RuleException {
        String s = text.trim();
        int sp = 0;
        while (sp < s.length() && !Character.isWhitespace(s.charAt(sp)) && s.charAt(sp) != ',') {
            sp++;
        }
        String kind = s.substring(0, sp);
        Map<String, String> f = fields(kind, s.substring(sp));
        switch (kind) {
            case "threshold":
            case "event_filter":
                return eventFilter(kind, f, line);
            case "suppress":
                return suppress(f, line);
            case "rate_filter":
                return rateFilter(f, line);
            default:
                throw new RuleException("unknown entry '" + kind
                        + "': expected threshold, event_filter, suppress or rate_filter");
        }
    }

    /** The {@code name value} fields after the kind, checked against the names the kind takes. */
    private static Map<String, String> fields(String kind, String rest) throws RuleException {
        Set<String> allowed = switch (kind) {
            case "threshold", "event_filter" -> THRESHOLD_FIELDS;
            case "suppress" -> SUPPRESS_FIELDS;
            case "rate_filter" -> RATE_FIELDS;
            default -> null;
        };
        Map<String, String> out = new LinkedHashMap<>();
        if (allowed == null) {
            return out;
        }
        int i = 0;
        int n = rest.length();
        boolean first = true;
        while (true) {
            i = skipSpaces(rest, i);
            if (i >= n) {
                if (!first) {
                    throw new RuleException("a ',' at the end of the entry with no field after it");
                }
                break;
            }
            int nameStart = i;
            while (i < n && (Character.isLetterOrDigit(rest.charAt(i)) || rest.charAt(i) == '_')) {
                i++;
            }
            String name = rest.substring(nameStart, i);
            if (name.isEmpty()) {
                throw new RuleException("expected a field name, got '" + rest.substring(nameStart).trim() + "'");
            }
            if (!allowed.contains(name)) {
                throw new RuleException(kind + " has no field '" + name + "' (it takes "
                        + String.join(", ", order(allowed)) + ")");
            }
            if (out.containsKey(name)) {
                throw new RuleException("'" + name + "' given twice");
            }
            String value;
            if (name.equals("ip")) {
                // The address expression may hold commas and spaces; it is always the last field.
                value = rest.substring(i).trim();
                i = n;
            } else {
                int end = rest.indexOf(',', i);
                if (end < 0) {
                    end = n;
                }
                value = rest.substring(i, end).trim();
                i = end;
            }
            if (value.isEmpty()) {
                throw new RuleException("'" + name + "' needs a value");
            }
            if (!name.equals("ip") && value.chars().anyMatch(Character::isWhitespace)) {
                throw new RuleException("'" + name + "' takes one value, got '" + value + "' (missing ','?)");
            }
            out.put(name, value);
            first = false;
            if (i >= n) {
                break;
            }
            i++; // the comma
        }
        return out;
    }

    private static List<String> order(Set<String> allowed) {
        List<String> all = List.of("gen_id", "sig_id", "type", "track", "count", "seconds", "new_action", "timeout", "ip");
        return all.stream().filter(allowed::contains).toList();
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static long[] ids(String kind, Map<String, String> f) throws RuleException {
        long gid = number(kind, f, "gen_id", 0, MAX_ID);
        long sid = number(kind, f, "sig_id", 0, MAX_ID);
        if (gid == 0 && sid != 0) {
            throw new RuleException("gen_id 0 with sig_id " + sid + " names no rule: use the rule's gid (normally 1), "
                    + "or sig_id 0 for every rule");
        }
        return new long[] {gid, sid};
    }

    private static long number(String kind, Map<String, String> f, String name, long min, long max) throws RuleException {
        String v = required(kind, f, name);
        long n = -1;
        if (v.length() <= 12 && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            n = Long.parseLong(v);
        }
        if (n < min || n > max) {
            throw new RuleException("bad " + name + " '" + v + "': expected a number from " + min + " to " + max);
        }
        return n;
    }

    private static String required(String kind, Map<String, String> f, String name) throws RuleException {
        String v = f.get(name);
        if (v == null) {
            throw new RuleException(kind + " is missing '" + name + "'");
        }
        return v;
    }

    private static ThresholdSpec.Track track(String kind, Map<String, String> f) throws RuleException {
        String v = required(kind, f, "track");
        return switch (v) {
            case "by_src" -> ThresholdSpec.Track.BY_SRC;
            case "by_dst" -> ThresholdSpec.Track.BY_DST;
            case "by_rule" -> ThresholdSpec.Track.BY_RULE;
            case "by_both" -> ThresholdSpec.Track.BY_BOTH;
            case "by_flow" -> ThresholdSpec.Track.BY_FLOW;
            default -> throw new RuleException("unknown track '" + v
                    + "': expected by_src, by_dst, by_rule, by_both or by_flow");
        };
    }

    private static ThresholdEntry eventFilter(String kind, Map<String, String> f, int line) throws RuleException {
        long[] id = ids(kind, f);
        String type = required(kind, f, "type");
        ThresholdSpec.Kind k = switch (type) {
            case "limit" -> ThresholdSpec.Kind.LIMIT;
            case "threshold" -> ThresholdSpec.Kind.THRESHOLD;
            case "both" -> ThresholdSpec.Kind.BOTH;
            default -> throw new RuleException("unknown type '" + type + "': expected limit, threshold or both");
        };
        ThresholdSpec.Track track = track(kind, f);
        int count = (int) number(kind, f, "count", 1, Integer.MAX_VALUE);
        int seconds = (int) number(kind, f, "seconds", 1, Integer.MAX_VALUE);
        return new ThresholdEntry.EventFilter(id[0], id[1], new ThresholdSpec(k, track, count, seconds), line);
    }

    private ThresholdEntry suppress(Map<String, String> f, int line) throws RuleException {
        long[] id = ids("suppress", f);
        String t = f.get("track");
        String ip = f.get("ip");
        if (t == null && ip == null) {
            return new ThresholdEntry.Suppress(id[0], id[1], null, null, null, line);
        }
        if (t == null) {
            throw new RuleException("suppress with 'ip' needs 'track by_src', 'track by_dst' or 'track by_either'");
        }
        SuppressTrack track = switch (t) {
            case "by_src" -> SuppressTrack.BY_SRC;
            case "by_dst" -> SuppressTrack.BY_DST;
            case "by_either" -> SuppressTrack.BY_EITHER;
            default -> throw new RuleException("unknown suppress track '" + t + "': expected by_src, by_dst or by_either");
        };
        if (ip == null) {
            throw new RuleException("suppress with 'track' needs 'ip' (an address, a CIDR, a [list] or a $variable)");
        }
        AddressMatcher m;
        try {
            m = addresses.address(ip);
        } catch (RuleException e) {
            throw new RuleException("suppress ip '" + ip + "': " + e.getMessage());
        }
        return new ThresholdEntry.Suppress(id[0], id[1], track, m, ip, line);
    }

    private static ThresholdEntry rateFilter(Map<String, String> f, int line) throws RuleException {
        long[] id = ids("rate_filter", f);
        ThresholdSpec.Track track = track("rate_filter", f);
        int count = (int) number("rate_filter", f, "count", 1, Integer.MAX_VALUE);
        int seconds = (int) number("rate_filter", f, "seconds", 1, Integer.MAX_VALUE);
        String a = required("rate_filter", f, "new_action");
        NewAction action = switch (a) {
            case "alert" -> NewAction.ALERT;
            case "drop" -> NewAction.DROP;
            case "reject" -> NewAction.REJECT;
            case "pass" -> NewAction.PASS;
            case "log" -> NewAction.LOG;
            case "sdrop" -> NewAction.SDROP;
            default -> throw new RuleException("unknown new_action '" + a + "': expected alert, drop, reject or pass");
        };
        int timeout = (int) number("rate_filter", f, "timeout", 0, Integer.MAX_VALUE);
        return new ThresholdEntry.RateFilter(id[0], id[1], track, count, seconds, action, timeout, line);
    }
}
