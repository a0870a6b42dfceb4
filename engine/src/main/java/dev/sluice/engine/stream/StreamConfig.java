package dev.sluice.engine.stream;

import java.util.Locale;

/**
 * TCP stream engine settings. Memory limits are per worker (each worker has its own
 * {@link TcpStreamEngine}).
 *
 * @param midstream pick up sessions whose handshake was not seen ({@code stream.midstream})
 * @param inline inline (IPS) stream handling: data is inspectable as soon as it is in order, without
 *        waiting for the receiver's ACK, and overlapping data never replaces what was accepted first
 *        ({@code stream.inline})
 * @param inlineAuto {@code stream.inline: auto}: inline exactly when the engine runs as an IPS;
 *        {@link #resolveInline} turns it into a definite {@code inline}
 * @param depth bytes reassembled per direction, 0 for no limit ({@code stream.reassembly.depth})
 * @param memcap bytes of stream buffers all sessions of a worker may hold
 *        ({@code stream.reassembly.memcap})
 * @param maxSessions sessions a worker tracks at once; further flows get no session
 *        ({@code stream.memcap}, given in bytes, is turned into a count at
 *        {@link #SESSION_BYTES} bytes per session)
 * @param policy how overlapping different data is resolved in IDS mode
 *        ({@code stream.reassembly.policy}: first, last, linux, old-linux, bsd, bsd-right, solaris,
 *        hpux10, hpux11, irix, macos, vista, windows, windows2k3; default bsd). This key is
 *        Sluice's own: the reference engine picks a policy per destination host
 *        ({@code host-os-policy}); Sluice applies one policy to every session.
 * @param lookback bytes before {@link StreamDirection#inspectedEnd()} that stay readable, so a match
 *        may start before the newest data
 * @param skipAckedGaps when the receiver acknowledges data beyond a gap (the missing bytes were
 *        delivered but never captured, so they will not come again), continue reassembly after the
 *        gap instead of waiting for it ({@code stream.reassembly.skip-acked-gaps}, Sluice's own key;
 *        the reference engine behaves this way); see {@link StreamDirection#gapEnd()}
 * @param bypass once either direction of a session has been reassembled and inspected up to
 *        {@link #depth}, the rest of the flow, both directions, is accepted without inspection
 *        ({@code stream.bypass}, default off as in the reference engine, whose rule is also "the first
 *        side to reach the depth"). A trade-off: nothing after the depth is seen, not even single
 *        packets; without it, packets past the depth are still matched one by one.
 */
public record StreamConfig(boolean midstream, boolean inline, boolean inlineAuto, long depth, long memcap,
        int maxSessions, OverlapPolicy policy, int lookback, boolean skipAckedGaps, boolean bypass) {

    /** Memory one session is reckoned to take when {@code stream.memcap} is turned into a session count. */
    public static final int SESSION_BYTES = 512;

    public static final StreamConfig DEFAULTS = new StreamConfig(false, false, false, 1L << 20, 64L << 20,
            (int) ((64L << 20) / SESSION_BYTES), OverlapPolicy.BSD, 2048, true, false);

    public StreamConfig {
        if (depth < 0) {
            throw new IllegalArgumentException("stream depth must not be negative, got " + depth);
        }
        if (memcap < 0) {
            throw new IllegalArgumentException("stream memcap must not be negative, got " + memcap);
        }
        if (maxSessions < 0) {
            throw new IllegalArgumentException("stream session cap must not be negative, got " + maxSessions);
        }
        if (lookback < 0) {
            throw new IllegalArgumentException("stream lookback must not be negative, got " + lookback);
        }
        if (policy == null) {
            throw new IllegalArgumentException("stream overlap policy missing");
        }
    }

    public StreamConfig withMidstream(boolean on) {
        return new StreamConfig(on, inline, inlineAuto, depth, memcap, maxSessions, policy, lookback, skipAckedGaps, bypass);
    }

    /** Inline or IDS stream handling, definitely (clears {@code auto}). */
    public StreamConfig withInline(boolean on) {
        return new StreamConfig(midstream, on, false, depth, memcap, maxSessions, policy, lookback, skipAckedGaps, bypass);
    }

    /** {@code stream.inline: auto}: inline when the engine runs as an IPS, see {@link #resolveInline}. */
    public StreamConfig withInlineAuto() {
        return new StreamConfig(midstream, inline, true, depth, memcap, maxSessions, policy, lookback, skipAckedGaps, bypass);
    }

    /** This config with {@code auto} resolved: inline when {@code ips}; unchanged when not auto. */
    public StreamConfig resolveInline(boolean ips) {
        return inlineAuto ? withInline(ips) : this;
    }

    public StreamConfig withDepth(long bytes) {
        return new StreamConfig(midstream, inline, inlineAuto, bytes, memcap, maxSessions, policy, lookback, skipAckedGaps, bypass);
    }

    public StreamConfig withMemcap(long bytes) {
        return new StreamConfig(midstream, inline, inlineAuto, depth, bytes, maxSessions, policy, lookback, skipAckedGaps, bypass);
    }

    public StreamConfig withMaxSessions(int n) {
        return new StreamConfig(midstream, inline, inlineAuto, depth, memcap, n, policy, lookback, skipAckedGaps, bypass);
    }

    public StreamConfig withPolicy(OverlapPolicy p) {
        return new StreamConfig(midstream, inline, inlineAuto, depth, memcap, maxSessions, p, lookback, skipAckedGaps, bypass);
    }

    public StreamConfig withLookback(int bytes) {
        return new StreamConfig(midstream, inline, inlineAuto, depth, memcap, maxSessions, policy, bytes, skipAckedGaps, bypass);
    }

    public StreamConfig withSkipAckedGaps(boolean on) {
        return new StreamConfig(midstream, inline, inlineAuto, depth, memcap, maxSessions, policy, lookback, on, bypass);
    }

    public StreamConfig withBypass(boolean on) {
        return new StreamConfig(midstream, inline, inlineAuto, depth, memcap, maxSessions, policy, lookback, skipAckedGaps, on);
    }

    /** Every key {@link #withSetting} understands (sluice.yaml and {@code --set}), in the order they are applied. */
    public static final java.util.List<String> KEYS = java.util.List.of(
            "stream.midstream",
            "stream.inline",
            "stream.memcap",
            "stream.reassembly.memcap",
            "stream.reassembly.depth",
            "stream.reassembly.policy",
            "stream.reassembly.skip-acked-gaps",
            "stream.bypass");

    /** True when {@link #withSetting} understands {@code key}. */
    public static boolean knows(String key) {
        return KEYS.contains(key);
    }

    /**
     * Applies one {@code key=value} setting. Keys {@link #knows} does not list are returned
     * unchanged; a bad value throws {@link IllegalArgumentException} with a one-line reason. Sizes take
     * a unit ({@code 1mb}, {@code 512kb}, {@code 2gb}; 1024-based, like the reference engine).
     */
    public StreamConfig withSetting(String key, String value) {
        switch (key) {
            case "stream.midstream":
                return withMidstream(bool(key, value));
            case "stream.inline":
                if ("auto".equalsIgnoreCase(value.trim())) {
                    return withInlineAuto();
                }
                return withInline(bool(key, value));
            case "stream.memcap": {
                long n = size(key, value) / SESSION_BYTES;
                return withMaxSessions((int) Math.min(Integer.MAX_VALUE, n));
            }
            case "stream.reassembly.memcap":
                return withMemcap(size(key, value));
            case "stream.reassembly.depth":
                return withDepth(size(key, value));
            case "stream.reassembly.policy":
                try {
                    return withPolicy(OverlapPolicy.parse(value));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(key + ": " + e.getMessage());
                }
            case "stream.reassembly.skip-acked-gaps":
                return withSkipAckedGaps(bool(key, value));
            case "stream.bypass":
                return withBypass(bool(key, value));
            default:
                return this;
        }
    }

    /**
     * Parses a byte size: digits with an optional unit b, k/kb/kib, m/mb/mib, g/gb/gib (any case,
     * space allowed before the unit; all 1024-based). Throws {@link IllegalArgumentException}.
     */
    public static long parseSize(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < v.length() && Character.isDigit(v.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 18) {
            throw new IllegalArgumentException("expected a size like 1mb, got '" + value + "'");
        }
        long n = Long.parseLong(v.substring(0, i));
        String unit = v.substring(i).trim();
        int shift;
        switch (unit) {
            case "":
            case "b":
                shift = 0;
                break;
            case "k":
            case "kb":
            case "kib":
                shift = 10;
                break;
            case "m":
            case "mb":
            case "mib":
                shift = 20;
                break;
            case "g":
            case "gb":
            case "gib":
                shift = 30;
                break;
            default:
                throw new IllegalArgumentException("expected a size like 1mb, got '" + value + "'");
        }
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size too large: '" + value + "'");
        }
        return n << shift;
    }

    private static long size(String key, String value) {
        try {
            return parseSize(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    private static boolean bool(String key, String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1":
                return true;
            case "false": case "no": case "off": case "0":
                return false;
            default:
                throw new IllegalArgumentException(key + ": expected true or false, got '" + value + "'");
        }
    }
}
