package dev.sluice.signatures.keyword.flow;

import dev.sluice.signatures.Rule;
import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.match.HostBits;

/**
 * What xbits and hostbits share once parsed: a command on one named bit of the host-bit store,
 * tracked by source host, destination host or address pair. Tests are packet conditions (a packet
 * without an IP layer: isset fails, isnotset holds); set/unset/toggle run after a full match.
 */
final class HostBitOps {
    static final int SET = 0;
    static final int UNSET = 1;
    static final int TOGGLE = 2;
    static final int ISSET = 3;
    static final int ISNOTSET = 4;

    private HostBitOps() {
    }

    /** The command word as a constant; "noalert" is handled by the callers. */
    static int command(String keyword, String cmd) throws RuleException {
        switch (cmd) {
            case "set": return SET;
            case "unset": return UNSET;
            case "toggle": return TOGGLE;
            case "isset": return ISSET;
            case "isnotset": return ISNOTSET;
            default:
                throw new RuleException(keyword + ": unknown command '" + cmd + "' (set, unset, toggle, isset, isnotset, noalert)");
        }
    }

    static void checkName(String keyword, String n) throws RuleException {
        if (n.isEmpty() || n.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
            throw new RuleException(keyword + ": bad bit name '" + n + "'");
        }
    }

    /** Adds the condition or post-match action for {@code cmd} on bit {@code name}. */
    static void apply(RuleBuilder rule, int cmd, String name, int track, long expire) {
        final int bit = rule.load.xbits.idOf(name);
        int kind = track == HostBits.TRACK_PAIR ? Rule.VAR_IPPAIRBITS : Rule.VAR_HOSTBITS;
        if (cmd == ISSET || cmd == ISNOTSET) {
            final boolean want = cmd == ISSET;
            rule.varUsed(kind, false);
            rule.addCondition(ctx -> ctx.packet.ipVersion() == 0
                    ? !want
                    : ctx.hostBits().isSet(bit, track, ctx.packet) == want);
            return;
        }
        rule.varUsed(kind, true);
        rule.addPostMatch(ctx -> {
            if (ctx.packet.ipVersion() == 0) {
                return;
            }
            HostBits s = ctx.hostBits();
            if (cmd == SET) {
                s.set(bit, track, ctx.packet, expire);
            } else if (cmd == UNSET) {
                s.unset(bit, track, ctx.packet);
            } else {
                s.toggle(bit, track, ctx.packet, expire);
            }
        });
    }
}
