package dev.sluice.signatures.keyword.flow;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.HostBits;

/**
 * xbits: {@code set|unset|toggle|isset|isnotset,name,track ip_src|ip_dst|ip_pair[,expire seconds]},
 * or {@code noalert}. Bits live in the worker's host-bit store beyond the flow; with ip_src/ip_dst
 * they are the same bits hostbits uses. A set bit expires after 30 s unless told otherwise (expire
 * is read only by set and toggle). {@code track tx} loads the rule inactive.
 */
public final class Xbits extends BaseKeyword {
    /** Expiry of a set bit when the rule gives none (seconds), as in the reference engine. */
    public static final long DEFAULT_EXPIRE = 30;

    public Xbits() {
        super("xbits", "xbits: set|unset|toggle|isset|isnotset,name,track ip_src|ip_dst|ip_pair[,expire N], or noalert.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = Args.required(name(), value);
        String[] parts = v.split(",", -1);
        String cmdText = parts[0].trim();
        if (cmdText.equals("noalert")) {
            if (parts.length > 1) {
                throw new RuleException("xbits:noalert takes no name");
            }
            rule.noalert = true;
            return;
        }
        int cmd = HostBitOps.command(name(), cmdText);
        if (parts.length < 3) {
            throw new RuleException("xbits:" + cmdText + " needs a name and 'track ip_src|ip_dst|ip_pair'");
        }
        if (parts.length > 4) {
            throw new RuleException("xbits: too many arguments in '" + v + "'");
        }
        String bitName = parts[1].trim();
        HostBitOps.checkName(name(), bitName);
        String[] track = parts[2].trim().split("\\s+");
        if (track.length != 2 || !track[0].equals("track")) {
            throw new RuleException("xbits: expected 'track ip_src|ip_dst|ip_pair', got '" + parts[2].trim() + "'");
        }
        int tracker;
        switch (track[1]) {
            case "ip_src": tracker = HostBits.TRACK_SRC; break;
            case "ip_dst": tracker = HostBits.TRACK_DST; break;
            case "ip_pair": tracker = HostBits.TRACK_PAIR; break;
            case "tx":
                rule.markInactive("xbits track tx is not supported yet");
                return;
            default:
                throw new RuleException("xbits: unknown tracker '" + track[1] + "' (ip_src, ip_dst, ip_pair)");
        }
        long expire = DEFAULT_EXPIRE;
        if (parts.length == 4) {
            expire = expire(name(), parts[3].trim());
        }
        HostBitOps.apply(rule, cmd, bitName, tracker, expire);
    }

    /** Parses {@code expire N}: whole seconds, 1 to 2^32-1. */
    static long expire(String keyword, String s) throws RuleException {
        String[] e = s.split("\\s+");
        if (e.length != 2 || !e[0].equals("expire")) {
            throw new RuleException(keyword + ": expected 'expire <seconds>', got '" + s + "'");
        }
        return Args.parseLong(keyword, "expire", e[1], 1, 0xFFFFFFFFL);
    }
}
