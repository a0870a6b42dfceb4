package dev.sluice.engine.verdict;

import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.SluiceConfig;

/**
 * Capture bypass on NFQUEUE ({@code nfq.bypass-mark} and {@code nfq.bypass-mask}, as in
 * suricata.yaml): a packet of a bypassed flow is given back with the bits of {@link #mask} set to
 * those of {@link #mark} and its other bits kept. The verdict is a repeat: the packet goes through
 * the same netfilter hook again, where the rules of {@code sluice-iptables up --bypass-mark} copy the
 * mark to the connection (CONNMARK) and let it by, and every later packet of that connection is
 * let by before the queue. A packet that comes back to the queue still carrying the mark means those
 * rules are missing: it is accepted as it is (see {@link #carries}), never repeated twice.
 *
 * @param mark the bits to set, all inside {@code mask}
 * @param mask the bits the engine owns, not 0
 */
public record BypassMark(int mark, int mask) {
    /** No capture bypass: bypassed flows' packets are still queued and accepted uninspected. */
    public static final BypassMark NONE = new BypassMark(0, 0);

    public BypassMark {
        if (mask == 0 && mark != 0) {
            throw new IllegalArgumentException("bypass mask is 0: the mark would set nothing");
        }
        if ((mark & ~mask) != 0) {
            throw new IllegalArgumentException(String.format("bypass mark 0x%x has bits outside its mask 0x%x", mark, mask));
        }
        if (mask != 0 && mark == 0) {
            throw new IllegalArgumentException(String.format(
                    "bypass mark is 0 within mask 0x%x: unmarked packets would look bypassed", mask));
        }
    }

    /** True when capture bypass is on. */
    public boolean enabled() {
        return mask != 0;
    }

    /** The mark a verdict sets on a packet queued with {@code packetMark}: the mask's bits replaced. */
    public int apply(int packetMark) {
        return (packetMark & ~mask) | mark;
    }

    /** True when {@code packetMark} already carries the bypass bits. */
    public boolean carries(int packetMark) {
        return mask != 0 && (packetMark & mask) == mark;
    }

    /** {@code MARK/MASK} in hex, as sluice-iptables takes it. */
    public String describe() {
        return String.format("0x%x/0x%x", mark, mask);
    }

    /**
     * Parses {@code MARK[/MASK]} (decimal or 0x hex, 32 bits; without a mask the mask is the mark).
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    public static BypassMark parse(String s) {
        String t = s.trim();
        int slash = t.indexOf('/');
        int mark = number(slash < 0 ? t : t.substring(0, slash), s);
        int mask = slash < 0 ? mark : number(t.substring(slash + 1), s);
        if (mark == 0 && mask == 0) {
            throw new IllegalArgumentException("bypass mark 0 sets nothing (for no capture bypass, leave it out)");
        }
        return new BypassMark(mark, mask);
    }

    /**
     * sluice.yaml's {@code nfq.bypass-mark} and {@code nfq.bypass-mask} (without a mask: the mark),
     * or {@link #NONE} when the mark is absent.
     *
     * @throws ConfigException for a bad value ({@code file:line: key: reason})
     */
    public static BypassMark fromConfig(SluiceConfig cfg) throws ConfigException {
        String m = cfg.getString("nfq.bypass-mark", null);
        String k = cfg.getString("nfq.bypass-mask", null);
        if (m == null) {
            if (k != null) {
                throw new ConfigException(cfg.where("nfq.bypass-mask") + ": nfq.bypass-mask: given without nfq.bypass-mark");
            }
            return NONE;
        }
        int mark;
        int mask;
        try {
            mark = number(m, m);
            if (mark == 0) {
                throw new IllegalArgumentException("bypass mark 0 sets nothing (for no capture bypass, leave it out)");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(cfg.where("nfq.bypass-mark") + ": nfq.bypass-mark: " + e.getMessage());
        }
        try {
            mask = k == null ? mark : number(k, k);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(cfg.where("nfq.bypass-mask") + ": nfq.bypass-mask: " + e.getMessage());
        }
        try {
            return new BypassMark(mark, mask);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(cfg.where("nfq.bypass-mark") + ": nfq.bypass-mark: " + e.getMessage());
        }
    }

    private static int number(String v, String whole) {
        String t = v.trim();
        try {
            long n = t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            if (n < 0 || n > 0xffffffffL || t.isEmpty()) {
                throw new NumberFormatException();
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a 32-bit mark such as 0x2 or 0x2/0x2, got '" + whole + "'");
        }
    }
}
