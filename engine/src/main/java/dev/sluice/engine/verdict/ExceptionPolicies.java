package dev.sluice.engine.verdict;

import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.SluiceConfig;

import java.util.Arrays;

/**
 * The exception policy of every {@link ExceptionStage}. Each stage's key wins; else the master
 * switch {@code exception-policy}; else {@link ExceptionPolicy#IGNORE} (fail open). Where a stage has
 * no flow (flow table full, defragmentation), drop-flow acts as drop-packet and pass-flow and bypass
 * as pass-packet, and the counters name what was done. Not inline, the drop actions are ignore.
 * Immutable.
 */
public final class ExceptionPolicies {
    /** The master switch's key. */
    public static final String MASTER_KEY = "exception-policy";

    /** Every stage fails open. */
    public static final ExceptionPolicies DEFAULT = new ExceptionPolicies(fill(ExceptionPolicy.IGNORE));

    /** A key of Suricata 7 that Sluice does not implement: refused rather than silently ignored. */
    public static final String MIDSTREAM_KEY = "stream.midstream-policy";

    private final ExceptionPolicy[] byStage;
    private final String notInlineNote;

    private ExceptionPolicies(ExceptionPolicy[] byStage) {
        this(byStage, null);
    }

    private ExceptionPolicies(ExceptionPolicy[] byStage, String notInlineNote) {
        this.byStage = byStage;
        this.notInlineNote = notInlineNote;
    }

    private static ExceptionPolicy[] fill(ExceptionPolicy p) {
        ExceptionPolicy[] a = new ExceptionPolicy[ExceptionStage.values().length];
        for (ExceptionStage s : ExceptionStage.values()) {
            a[s.ordinal()] = effective(s, p);
        }
        return a;
    }

    /** What {@code p} amounts to at {@code s}: flow actions become packet actions where there is no flow. */
    static ExceptionPolicy effective(ExceptionStage s, ExceptionPolicy p) {
        if (s.hasFlow) {
            return p;
        }
        switch (p) {
            case DROP_FLOW:
                return ExceptionPolicy.DROP_PACKET;
            case PASS_FLOW:
            case BYPASS:
                return ExceptionPolicy.PASS_PACKET;
            default:
                return p;
        }
    }

    /** The policy of stage {@code s}. */
    public ExceptionPolicy of(ExceptionStage s) {
        return byStage[s.ordinal()];
    }

    /** These policies with {@code s} set to {@code p} (made effective for the stage). */
    public ExceptionPolicies with(ExceptionStage s, ExceptionPolicy p) {
        ExceptionPolicy[] a = Arrays.copyOf(byStage, byStage.length);
        a[s.ordinal()] = effective(s, p);
        return new ExceptionPolicies(a);
    }

    /** Every stage set to {@code p}, as the master switch does. */
    public static ExceptionPolicies all(ExceptionPolicy p) {
        return new ExceptionPolicies(fill(p));
    }

    /**
     * The policies sluice.yaml (and {@code --set}) give: {@code exception-policy}, then each stage's
     * key. {@code auto} is resolved with {@code inline}; when not {@code inline} the drop actions are
     * ignore (see {@link #forInline}, {@link #notInlineNote}).
     *
     * @throws ConfigException for a value that is no policy ({@code file:line: key: reason}), or for
     *     {@code stream.midstream-policy}, which is not supported
     */
    public static ExceptionPolicies from(SluiceConfig cfg, boolean inline) throws ConfigException {
        if (cfg.node(MIDSTREAM_KEY) != null) {
            throw new ConfigException(cfg.where(MIDSTREAM_KEY) + ": " + MIDSTREAM_KEY + " is not supported");
        }
        ExceptionPolicies p = DEFAULT;
        ExceptionPolicy master = read(cfg, MASTER_KEY, inline);
        if (master != null) {
            p = all(master);
        }
        for (ExceptionStage s : ExceptionStage.values()) {
            ExceptionPolicy v = read(cfg, s.key, inline);
            if (v != null) {
                p = p.with(s, v);
            }
        }
        return p.forInline(inline);
    }

    private static ExceptionPolicy read(SluiceConfig cfg, String key, boolean inline) throws ConfigException {
        if (cfg.node(key) != null && cfg.node(key).isContainerNode()) {
            throw new ConfigException(cfg.where(key) + ": " + key + ": expected one of " + ExceptionPolicy.words()
                    + ", got " + (cfg.node(key).isArray() ? "a list" : "a mapping"));
        }
        String v = cfg.getString(key, null);
        if (v == null) {
            return null;
        }
        ExceptionPolicy p = ExceptionPolicy.parse(v, inline);
        if (p == null) {
            throw new ConfigException(cfg.where(key) + ": " + key + ": expected one of " + ExceptionPolicy.words()
                    + ", got '" + v.trim() + "'");
        }
        return p;
    }

    /**
     * These policies as they act in inline mode ({@code inline}) or not: when not inline a drop
     * action (drop-packet, drop-flow, reject) cannot drop, so it is ignore, and counted so.
     */
    public ExceptionPolicies forInline(boolean inline) {
        if (inline) {
            return this;
        }
        ExceptionPolicy[] a = Arrays.copyOf(byStage, byStage.length);
        StringBuilder keys = new StringBuilder();
        for (ExceptionStage s : ExceptionStage.values()) {
            if (a[s.ordinal()].drops()) {
                a[s.ordinal()] = ExceptionPolicy.IGNORE;
                keys.append(keys.length() == 0 ? "" : ", ").append(s.key);
            }
        }
        return keys.length() == 0 ? this
                : new ExceptionPolicies(a, "note: not inline, so these drop policies act as ignore: " + keys);
    }

    /** The start-up note naming the drop policies {@link #forInline} made ignore; null when none. */
    public String notInlineNote() {
        return notInlineNote;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (ExceptionStage s : ExceptionStage.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(s.key).append('=').append(of(s).word);
        }
        return b.toString();
    }
}
