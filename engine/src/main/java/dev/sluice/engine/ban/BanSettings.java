package dev.sluice.engine.ban;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.signatures.classify.ClassificationConfig;
import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.SluiceConfig;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The {@code bans:} section of sluice.yaml. Bans are off unless {@code bans.enabled} is yes.
 * Unknown keys in the section are refused (a misspelt {@code count} must not silently mean 1).
 *
 * @param table      the nftables table (family inet) holding the sets {@code ban4} and {@code ban6}
 * @param policies   at least one
 * @param ignore     networks never banned; loopback is always among them
 * @param maxTracked sources counted at once per policy; beyond it the oldest window is forgotten
 * @param maxBans    bans this engine keeps track of at once; beyond it new bans are refused and counted
 */
public record BanSettings(String table, List<BanPolicy> policies, List<Cidr> ignore, int maxTracked, int maxBans) {
    public static final String SET4 = "ban4";
    public static final String SET6 = "ban6";
    public static final long DEFAULT_TIMEOUT = 600;
    public static final int DEFAULT_MAX_TRACKED = 10_000;
    public static final int DEFAULT_MAX_BANS = 65_536;
    /** nft's longest element timeout is far longer; a ban of more than 30 days is a typo. */
    static final long MAX_SECONDS = 30L * 24 * 3600;
    private static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128");
    private static final Set<String> KEYS = Set.of("enabled", "timeout", "set", "ignore", "policies", "max-tracked", "max-bans");
    private static final Set<String> POLICY_KEYS = Set.of("name", "classtype", "sid", "count", "seconds", "timeout");

    public BanSettings {
        policies = List.copyOf(policies);
        ignore = List.copyOf(ignore);
    }

    /** True when {@code addr} (4 or 16 bytes) is in an ignored network. */
    public boolean ignored(byte[] addr) {
        for (Cidr c : ignore) {
            if (c.contains(addr)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads {@code bans} from {@code cfg}, naming classes through {@code classes}; null when bans
     * are off.
     *
     * @throws ConfigException "file: bans.key: reason", one line
     */
    public static BanSettings fromConfig(SluiceConfig cfg, ClassificationConfig classes) throws ConfigException {
        JsonNode bans = cfg.node("bans");
        if (bans == null) {
            return null;
        }
        String where = cfg.fileName() + ": bans";
        if (!bans.isObject()) {
            throw new ConfigException(where + ": expected a mapping (enabled, timeout, set, ignore, policies)");
        }
        checkKeys(bans, KEYS, where);
        boolean enabled;
        try {
            enabled = cfg.getBool("bans.enabled", false);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(cfg.fileName() + ": " + e.getMessage());
        }
        if (!enabled) {
            return null;
        }
        long timeout = number(bans.get("timeout"), DEFAULT_TIMEOUT, 1, MAX_SECONDS, where + ".timeout");
        String table = text(bans.get("set"), "sluice", where + ".set");
        if (!table.matches("[A-Za-z][A-Za-z0-9_]{0,31}")) {
            throw new ConfigException(where + ".set: '" + table + "' is not an nft table name (letters, digits, _)");
        }
        int maxTracked = (int) number(bans.get("max-tracked"), DEFAULT_MAX_TRACKED, 1, 10_000_000, where + ".max-tracked");
        int maxBans = (int) number(bans.get("max-bans"), DEFAULT_MAX_BANS, 1, 10_000_000, where + ".max-bans");

        List<Cidr> ignore = new ArrayList<>();
        for (String s : LOOPBACK) {
            ignore.add(Cidr.parse(s));
        }
        JsonNode ig = bans.get("ignore");
        if (ig != null && !ig.isNull()) {
            List<JsonNode> items = new ArrayList<>();
            if (ig.isArray()) {
                ig.forEach(items::add);
            } else {
                items.add(ig);
            }
            for (int i = 0; i < items.size(); i++) {
                String at = where + ".ignore" + (ig.isArray() ? "[" + i + "]" : "");
                try {
                    ignore.add(Cidr.parse(text(items.get(i), null, at)));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(at + ": " + e.getMessage());
                }
            }
        }

        JsonNode pol = bans.get("policies");
        if (pol == null || !pol.isArray() || pol.isEmpty()) {
            throw new ConfigException(where + ".policies: bans are enabled but no policy is listed");
        }
        List<BanPolicy> policies = new ArrayList<>();
        for (int i = 0; i < pol.size(); i++) {
            policies.add(policy(pol.get(i), i, where + ".policies[" + i + "]", timeout, classes));
        }
        return new BanSettings(table, policies, ignore, maxTracked, maxBans);
    }

    private static BanPolicy policy(JsonNode p, int index, String at, long timeout, ClassificationConfig classes)
            throws ConfigException {
        if (!p.isObject()) {
            throw new ConfigException(at + ": expected a mapping (name, classtype and/or sid, count, seconds)");
        }
        checkKeys(p, POLICY_KEYS, at);
        String classtype = text(p.get("classtype"), null, at + ".classtype");
        long sid = number(p.get("sid"), 0, 1, 0xffffffffL, at + ".sid");
        if (classtype == null && sid == 0) {
            throw new ConfigException(at + ": needs a classtype or a sid (or both)");
        }
        String category = null;
        if (classtype != null) {
            ClassificationConfig.Classification c = classes.get(classtype);
            if (c == null) {
                throw new ConfigException(at + ".classtype: unknown class '" + classtype + "' (not in classification.config)");
            }
            category = c.description();
        }
        if (p.get("count") == null || p.get("seconds") == null) {
            throw new ConfigException(at + ": needs count and seconds");
        }
        int count = (int) number(p.get("count"), 0, 1, 1_000_000, at + ".count");
        long seconds = number(p.get("seconds"), 0, 1, MAX_SECONDS, at + ".seconds");
        long own = number(p.get("timeout"), timeout, 1, MAX_SECONDS, at + ".timeout");
        String name = text(p.get("name"), null, at + ".name");
        if (name == null) {
            name = classtype != null ? classtype : "sid " + sid;
        }
        return new BanPolicy(name, sid, classtype, category, count, seconds, own);
    }

    private static void checkKeys(JsonNode obj, Set<String> known, String at) throws ConfigException {
        Iterator<String> it = obj.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new ConfigException(at + ": unknown key '" + k + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode n, String def, String at) throws ConfigException {
        if (n == null || n.isNull()) {
            return def;
        }
        if (n.isContainerNode()) {
            throw new ConfigException(at + ": expected a single value");
        }
        String s = n.asText().trim();
        if (s.isEmpty()) {
            throw new ConfigException(at + ": empty");
        }
        return s;
    }

    private static long number(JsonNode n, long def, long min, long max, String at) throws ConfigException {
        String s = text(n, null, at);
        if (s == null) {
            return def;
        }
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ConfigException(at + ": '" + s + "' is not a whole number");
        }
        if (v < min || v > max) {
            throw new ConfigException(at + ": " + v + " is out of range (" + min + "-" + max + ")");
        }
        return v;
    }
}
