package dev.sluice.signatures.match;

import dev.sluice.signatures.Rule;

/**
 * The per-rule checks the engine runs after the header matched: packet conditions, then each
 * buffer's payload program over the bytes the packet offers for that buffer. No allocation.
 */
public final class RuleEval {
    /** The buffers the engine fills today (an inactive buffer never reaches detection). */
    private static final Buffer[] ACTIVE = {
        Buffer.PAYLOAD, Buffer.IPV4_HDR, Buffer.IPV6_HDR, Buffer.TCP_HDR,
        Buffer.UDP_HDR, Buffer.ICMPV4_HDR, Buffer.ICMPV6_HDR,
    };

    /** The application buffers the engine fills (their parser exists), inspected while a transaction is set. */
    private static final Buffer[] APP = appBuffers();

    private RuleEval() {
    }

    private static Buffer[] appBuffers() {
        java.util.List<Buffer> l = new java.util.ArrayList<>();
        for (Buffer b : Buffer.values()) {
            if (b.appLayer() && b.active()) {
                l.add(b);
            }
        }
        return l.toArray(new Buffer[0]);
    }

    /** True when every packet condition of the rule holds (flow, flowbits, ttl, flags, dsize, ...). */
    public static boolean conditionsMatch(Rule r, DetectContext ctx) {
        for (PacketCondition c : r.conditions) {
            if (!c.matches(ctx)) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when every payload program of the rule matches its buffer in {@code ctx.packet}. A
     * program on a buffer the packet does not have (tcp.hdr on a UDP packet, an empty payload)
     * does not match.
     */
    public static boolean payloadMatches(Rule r, DetectContext ctx) {
        if (r.programs.isEmpty()) {
            return true;
        }
        PacketView p = ctx.packet;
        int seen = 0;
        for (Buffer b : ACTIVE) {
            PayloadProgram prog = r.programs.get(b);
            if (prog == null) {
                continue;
            }
            seen++;
            int off;
            int len;
            switch (b) {
                case PAYLOAD:
                    if (ctx.streamBuf != null) {
                        if (ctx.streamLen <= 0 || !prog.matches(ctx.streamBuf, ctx.streamOff, ctx.streamLen, ctx)) {
                            return false;
                        }
                        ctx.payloadEnd = ctx.cursor;
                        continue;
                    }
                    off = p.payloadOffset();
                    len = p.payloadLength();
                    break;
                case IPV4_HDR:
                case IPV6_HDR:
                    if (p.ipVersion() != (b == Buffer.IPV4_HDR ? 4 : 6)) {
                        return false;
                    }
                    off = p.ipHeaderOffset();
                    len = p.ipHeaderLength();
                    break;
                default:
                    if (p.ipProto() != protoOf(b)) {
                        return false;
                    }
                    off = p.l4HeaderOffset();
                    len = p.l4HeaderLength();
            }
            if (len <= 0 || !prog.matches(p.data(), off, len, ctx)) {
                return false;
            }
            if (b == Buffer.PAYLOAD) {
                ctx.payloadEnd = ctx.cursor;
            }
        }
        if (seen == r.programs.size()) {
            return true;
        }
        // the rest are application buffers: they need a transaction
        return ctx.tx != null && appMatches(r, ctx);
    }

    /** Every application-buffer program of the rule matches some instance of its buffer in {@code ctx.tx}. */
    private static boolean appMatches(Rule r, DetectContext ctx) {
        TxView tx = ctx.tx;
        for (Buffer b : APP) {
            PayloadProgram prog = r.programs.get(b);
            if (prog == null) {
                continue;
            }
            boolean any = false;
            for (int i = 0; !any && tx.buffer(b, i, ctx); i++) {
                any = prog.matches(ctx.appBuf, ctx.appOff, ctx.appLen, ctx); // an empty buffer is inspected too (bsize:0)
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /** Conditions, then payload: the whole rule body. */
    public static boolean matches(Rule r, DetectContext ctx) {
        return conditionsMatch(r, ctx) && payloadMatches(r, ctx);
    }

    /** Runs the rule's post-match actions (flowbits set/unset/toggle). */
    public static void afterMatch(Rule r, DetectContext ctx) {
        for (PostMatchAction a : r.postMatch) {
            a.apply(ctx);
        }
    }

    private static int protoOf(Buffer b) {
        switch (b) {
            case TCP_HDR: return PacketView.IPPROTO_TCP;
            case UDP_HDR: return PacketView.IPPROTO_UDP;
            case ICMPV4_HDR: return PacketView.IPPROTO_ICMP;
            default: return PacketView.IPPROTO_ICMPV6;
        }
    }
}
