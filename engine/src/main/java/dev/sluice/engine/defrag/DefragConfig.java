package dev.sluice.engine.defrag;

import java.util.Locale;

/**
 * IP defragmentation settings, one set for all workers (each worker's {@link Defragmenter} applies
 * them to its own trackers).
 *
 * @param timeoutSeconds seconds of capture time a datagram waits for its next fragment before it is
 *     dropped (1 to 86400)
 * @param maxTrackers most datagrams being reassembled at once; when full the one idle longest is
 *     evicted
 * @param memcapBytes most bytes of fragment data (plus a fixed bookkeeping cost per tracker and per
 *     fragment) held at once; over it the datagrams idle longest are evicted
 * @param policy how overlapping fragments are resolved
 */
public record DefragConfig(int timeoutSeconds, int maxTrackers, long memcapBytes, OverlapPolicy policy) {
    public static final int MAX_TIMEOUT_SECONDS = 24 * 60 * 60;

    /** 60 s, 65535 trackers, 32 MiB, bsd: Suricata's defaults. */
    public static final DefragConfig DEFAULTS = new DefragConfig(60, 65_535, 32L << 20, OverlapPolicy.BSD);

    public DefragConfig {
        if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("defrag timeout must be 1 to " + MAX_TIMEOUT_SECONDS
                    + " seconds, got " + timeoutSeconds);
        }
        if (maxTrackers < 1) {
            throw new IllegalArgumentException("defrag trackers must be at least 1, got " + maxTrackers);
        }
        if (memcapBytes < 1) {
            throw new IllegalArgumentException("defrag memcap must be positive, got " + memcapBytes);
        }
        if (policy == null) {
            throw new IllegalArgumentException("defrag policy missing");
        }
    }

    public DefragConfig withTimeoutSeconds(int s) {
        return new DefragConfig(s, maxTrackers, memcapBytes, policy);
    }

    public DefragConfig withMaxTrackers(int n) {
        return new DefragConfig(timeoutSeconds, n, memcapBytes, policy);
    }

    public DefragConfig withMemcapBytes(long bytes) {
        return new DefragConfig(timeoutSeconds, maxTrackers, bytes, policy);
    }

    public DefragConfig withPolicy(OverlapPolicy p) {
        return new DefragConfig(timeoutSeconds, maxTrackers, memcapBytes, p);
    }

    /** Every key {@link #withSetting} understands (sluice.yaml and {@code --set}). */
    public static final java.util.List<String> KEYS = java.util.List.of(
            "defrag.timeout",
            "defrag.trackers",
            "defrag.memcap",
            "defrag.policy");

    /** True when {@link #withSetting} understands {@code key}. */
    public static boolean knows(String key) {
        return KEYS.contains(key);
    }

    /**
     * Applies one {@code --set key=value}. Keys {@link #knows} does not list are returned unchanged;
     * a bad value throws {@link IllegalArgumentException} with a one-line reason.
     */
    public DefragConfig withSetting(String key, String value) {
        switch (key) {
            case "defrag.timeout":
                return checked(key, () -> withTimeoutSeconds(count(key, value)));
            case "defrag.trackers":
                return checked(key, () -> withMaxTrackers(count(key, value)));
            case "defrag.memcap":
                return checked(key, () -> withMemcapBytes(size(key, value)));
            case "defrag.policy": {
                OverlapPolicy p = OverlapPolicy.byName(value);
                if (p == null) {
                    throw new IllegalArgumentException(key + ": expected first, last, bsd, bsd-right, linux,"
                            + " windows or solaris, got '" + value + "'");
                }
                return withPolicy(p);
            }
            default:
                return this;
        }
    }

    /** Runs {@code f}, prefixing a range error from the constructor with the key. */
    private static DefragConfig checked(String key, java.util.function.Supplier<DefragConfig> f) {
        try {
            return f.get();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException(m.startsWith(key) ? m : key + ": " + m);
        }
    }

    private static int count(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected a number, got '" + value + "'");
        }
    }

    /**
     * A byte size as Suricata writes them: a number, optionally with a fraction, and an optional
     * unit b, kb, mb or gb (powers of 1024; "k", "m", "g", "kib", "mib", "gib" too), any case.
     */
    static long size(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < v.length() && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) {
            i++;
        }
        String num = v.substring(0, i);
        String unit = v.substring(i).trim();
        long mult;
        switch (unit) {
            case "": case "b":
                mult = 1;
                break;
            case "k": case "kb": case "kib":
                mult = 1L << 10;
                break;
            case "m": case "mb": case "mib":
                mult = 1L << 20;
                break;
            case "g": case "gb": case "gib":
                mult = 1L << 30;
                break;
            default:
                throw new IllegalArgumentException(key + ": expected a size like 32mb, got '" + value + "'");
        }
        double n;
        try {
            n = Double.parseDouble(num);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected a size like 32mb, got '" + value + "'");
        }
        double bytes = n * mult;
        if (!(bytes >= 1) || bytes > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException(key + ": size out of range: '" + value + "'");
        }
        return (long) bytes;
    }
}
