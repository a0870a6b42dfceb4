package dev.sluice.signatures.keyword.flow;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.HostBits;

/**
 * hostbits: {@code set|unset|toggle|isset|isnotset,name[,src|dst|track ip_src|track ip_dst][,expire N]},
 * or {@code noalert}: xbits stored per host, the same bits as {@code xbits ... track ip_src/ip_dst}.
 * Without a direction the source host is used; a set bit expires after 300 s unless told otherwise,
 * as in the reference engine.
 */
public final class Hostbits extends BaseKeyword {
    public static final long DEFAULT_EXPIRE = 300;

    public Hostbits() {
        super("hostbits", "hostbits: set|unset|toggle|isset|isnotset,name[,src|dst|track ip_src|ip_dst][,expire N], or noalert.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = Args.required(name(), value);
        String[] parts = v.split(",", -1);
        String cmdText = parts[0].trim();
        if (cmdText.equals("noalert")) {
            if (parts.length > 1) {
                throw new RuleException("hostbits:noalert takes no name");
            }
            rule.noalert = true;
            return;
        }
        int cmd = HostBitOps.command(name(), cmdText);
        if (parts.length < 2) {
            throw new RuleException("hostbits:" + cmdText + " needs a bit name");
        }
        if (parts.length > 4) {
            throw new RuleException("hostbits: too many arguments in '" + v + "'");
        }
        String bitName = parts[1].trim();
        HostBitOps.checkName(name(), bitName);
        int tracker = HostBits.TRACK_SRC;
        long expire = DEFAULT_EXPIRE;
        boolean sawDir = false;
        for (int i = 2; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("expire")) {
                expire = Xbits.expire(name(), p);
                continue;
            }
            if (sawDir) {
                throw new RuleException("hostbits: unexpected '" + p + "'");
            }
            sawDir = true;
            String dir = p.startsWith("track") ? p.substring(5).trim() : p;
            switch (dir) {
                case "src":
                case "ip_src":
                    tracker = HostBits.TRACK_SRC;
                    break;
                case "dst":
                case "ip_dst":
                    tracker = HostBits.TRACK_DST;
                    break;
                default:
                    throw new RuleException("hostbits: unknown direction '" + p + "' (src, dst, track ip_src, track ip_dst)");
            }
        }
        HostBitOps.apply(rule, cmd, bitName, tracker, expire);
    }
}
